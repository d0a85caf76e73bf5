// Test helper: the client end of a socketpair whose other end a ServerConnection serves, driven
// frame by frame by a test, so that a server meets exactly the client behaviour a test is about
// (small windows, resets, malformed frames, a wrong preface). Reads wait with a deadline.
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http2/frame.h"
#include "net/http2/frame_decoder.h"
#include "net/http2/hpack_decoder.h"
#include "net/http2/hpack_encoder.h"

namespace kubepp::net::http2::testing {

class ScriptedClient {
 public:
  ScriptedClient() : decoder_(FrameDecoder::Limits{kLargestMaxFrameSize, 1 << 20}) {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0) {
      fd_ = fds[0];
      server_fd_ = fds[1];
    }
  }
  ~ScriptedClient() {
    if (fd_ >= 0) ::close(fd_);
    if (server_fd_ >= 0) ::close(server_fd_);
  }

  // The server's end, for ServerConnection::Start (which then owns it).
  int TakeServerFd() {
    int fd = server_fd_;
    server_fd_ = -1;
    return fd;
  }

  // The preface and an empty SETTINGS (or `settings`).
  void Hello(const std::vector<Setting>& settings = {}) {
    Send(kClientPreface);
    Send(EncodeSettings(settings));
  }

  void Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
  }

  void SendHeaders(uint32_t stream, const HeaderList& fields, bool end_stream) {
    Send(EncodeHeaders(stream, EncodeHeaderBlock(fields), end_stream));
  }

  static HeaderList Request(std::string path = "/svc/Method") {
    return {{":method", "POST"},
            {":scheme", "http"},
            {":path", std::move(path)},
            {":authority", "test"},
            {"content-type", "application/grpc"},
            {"te", "trailers"}};
  }

  // The next frame from the server, or nothing when the deadline passes or the server closes.
  std::optional<Frame> Next(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    Frame frame;
    while (true) {
      FrameDecoder::Result r = decoder_.Next(&frame);
      if (r == FrameDecoder::Result::kFrame) {
        if (frame.type == FrameType::kHeaders) {
          auto decoded = hpack_.Decode(frame.payload);
          last_headers_ = decoded.ok() ? decoded->fields : HeaderList{};
        }
        return frame;
      }
      if (r == FrameDecoder::Result::kError) return std::nullopt;
      if (!Fill(deadline)) return std::nullopt;
    }
  }

  // The next frame of `type`, skipping others (SETTINGS, WINDOW_UPDATEs, ...).
  std::optional<Frame> NextOfType(FrameType type,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      std::optional<Frame> f = Next(left);
      if (!f || f->type == type) return f;
      skipped_.push_back(*f);
    }
  }

  // True when the server closed the connection (EOF) before the deadline; frames still in
  // flight are skipped.
  bool WaitForClose(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!Fill(deadline)) return eof_;
    }
    return false;
  }

  // The fields of the last HEADERS frame Next returned.
  const HeaderList& last_headers() const { return last_headers_; }
  const std::vector<Frame>& skipped() const { return skipped_; }

 private:
  bool Fill(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    struct pollfd p = {fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buffer[65536];
    ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    decoder_.Feed(std::string_view(buffer, static_cast<size_t>(n)));
    return true;
  }

  int fd_ = -1;
  int server_fd_ = -1;
  bool eof_ = false;
  FrameDecoder decoder_;
  HpackDecoder hpack_;
  HeaderList last_headers_;
  std::vector<Frame> skipped_;
};

}  // namespace kubepp::net::http2::testing
