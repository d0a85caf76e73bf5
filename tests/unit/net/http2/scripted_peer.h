// Test helper: the server end of a socketpair, driven frame by frame by a test, so that tests
// can make an HTTP/2 client meet exactly the peer behaviour they are about (small windows,
// GOAWAY, resets, malformed frames). Reads wait with a deadline; nothing sleeps.
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

class ScriptedPeer {
 public:
  ScriptedPeer() : decoder_(FrameDecoder::Limits{kLargestMaxFrameSize, 1 << 20}) {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0) {
      client_fd_ = fds[0];
      fd_ = fds[1];
    }
  }
  ~ScriptedPeer() {
    if (fd_ >= 0) ::close(fd_);
    if (client_fd_ >= 0) ::close(client_fd_);
  }

  // The client's end, for ClientConnection::Start (which then owns it).
  int TakeClientFd() {
    int fd = client_fd_;
    client_fd_ = -1;
    return fd;
  }

  // The 24 octets a client sends first.
  std::string ReadPreface() {
    while (raw_.size() < kClientPreface.size() && Fill()) {
    }
    std::string preface = raw_.substr(0, kClientPreface.size());
    decoder_.Feed(std::string_view(raw_).substr(preface.size()));
    raw_.clear();
    preface_read_ = true;
    return preface;
  }

  // The next frame from the client, or nothing when the deadline passes or the client closes.
  std::optional<Frame> Next(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    Frame frame;
    while (true) {
      FrameDecoder::Result r = decoder_.Next(&frame);
      if (r == FrameDecoder::Result::kFrame) return frame;
      if (r == FrameDecoder::Result::kError) return std::nullopt;
      if (!Fill(deadline)) return std::nullopt;
    }
  }

  // The next frame of `type`, skipping others (SETTINGS ACKs, WINDOW_UPDATEs, ...).
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

  HeaderList DecodeHeaders(const Frame& frame) {
    auto decoded = hpack_.Decode(frame.payload);
    return decoded.ok() ? decoded->fields : HeaderList{};
  }

  // Closes the peer's end: the client reads EOF.
  void Close() {
    ::close(fd_);
    fd_ = -1;
  }

  const std::vector<Frame>& skipped() const { return skipped_; }

 private:
  // Reads what is available before the deadline into the decoder; false on EOF or timeout.
  bool Fill(std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::now() +
                                                             std::chrono::seconds(10)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    struct pollfd p = {fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buffer[65536];
    ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (n <= 0) return false;
    if (preface_read_) {
      decoder_.Feed(std::string_view(buffer, static_cast<size_t>(n)));
    } else {
      raw_.append(buffer, static_cast<size_t>(n));
    }
    return true;
  }

  int fd_ = -1;
  int client_fd_ = -1;
  bool preface_read_ = false;
  std::string raw_;
  FrameDecoder decoder_;
  HpackDecoder hpack_;
  std::vector<Frame> skipped_;
};

}  // namespace kubepp::net::http2::testing
