// Test helper: one end of a socketpair, driven frame by frame by a test, so that the HTTP/2
// connection at the other end (a ClientConnection or a ServerConnection) meets exactly the
// peer behaviour a test is about: small windows, GOAWAY, resets, malformed frames. Reads wait
// with a deadline; nothing sleeps. ScriptedPeer (scripted_peer.h) plays a server,
// ScriptedClient (scripted_client.h) a client.
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

class ScriptedEnd {
 public:
  ScriptedEnd(const ScriptedEnd&) = delete;
  ScriptedEnd& operator=(const ScriptedEnd&) = delete;
  virtual ~ScriptedEnd() {
    if (fd_ >= 0) ::close(fd_);
    if (other_fd_ >= 0) ::close(other_fd_);
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

  // The next frame from the other end, or nothing when the deadline passes or it closes.
  std::optional<Frame> Next(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    Frame frame;
    while (true) {
      FrameDecoder::Result r = decoder_.Next(&frame);
      if (r == FrameDecoder::Result::kFrame) {
        OnFrame(frame);
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

  // True when the other end closed the connection (EOF) before the deadline; frames still in
  // flight are skipped.
  bool WaitForClose(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!Fill(deadline)) return eof_;
    }
    return false;
  }

  // Closes this end: the other reads EOF.
  void Close() {
    ::close(fd_);
    fd_ = -1;
  }

  const std::vector<Frame>& skipped() const { return skipped_; }

 protected:
  // `raw_first`: the other end starts with bytes that are not frames (a client's preface),
  // which ReadRaw takes before frames are decoded.
  explicit ScriptedEnd(bool raw_first)
      : raw_first_(raw_first), decoder_(FrameDecoder::Limits{kLargestMaxFrameSize, 1 << 20}) {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0) {
      other_fd_ = fds[0];
      fd_ = fds[1];
    }
  }

  // Every frame Next returns, first.
  virtual void OnFrame(const Frame&) {}

  // The other end's socket, for a connection to take over.
  int TakeOtherFd() {
    int fd = other_fd_;
    other_fd_ = -1;
    return fd;
  }

  // The first `n` bytes, before any frame; what follows goes to the frame decoder.
  std::string ReadRaw(size_t n) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (raw_.size() < n && Fill(deadline)) {
    }
    std::string head = raw_.substr(0, n);
    decoder_.Feed(std::string_view(raw_).substr(head.size()));
    raw_.clear();
    raw_first_ = false;
    return head;
  }

  HpackDecoder hpack_;

 private:
  // Reads what is available before the deadline; false on EOF or timeout.
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
    if (raw_first_) {
      raw_.append(buffer, static_cast<size_t>(n));
    } else {
      decoder_.Feed(std::string_view(buffer, static_cast<size_t>(n)));
    }
    return true;
  }

  int fd_ = -1;
  int other_fd_ = -1;
  bool raw_first_;
  bool eof_ = false;
  std::string raw_;
  FrameDecoder decoder_;
  std::vector<Frame> skipped_;
};

}  // namespace kubepp::net::http2::testing
