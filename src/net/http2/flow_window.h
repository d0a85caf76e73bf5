// HTTP/2 flow control (RFC 9113 section 5.2 and 6.9), one window at a time, for a stream or for
// the whole connection; the same accounting serves a client and a server.
//
// SendWindow: how much DATA this side may still send. The peer opens it with WINDOW_UPDATE and
// moves the initial size with SETTINGS_INITIAL_WINDOW_SIZE, which can leave it negative.
//
// ReceiveWindow: how much DATA the peer may still send. This side hands credit back as it
// consumes data, in increments of at least half the window so that small frames do not each
// cost a WINDOW_UPDATE.
//
// Thread safety: none; the connection guards its windows with its own mutex.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "net/http2/frame.h"

namespace kubepp::net::http2 {

class SendWindow {
 public:
  explicit SendWindow(int64_t initial = kDefaultWindowSize) : available_(initial) {}

  int64_t available() const { return available_; }
  // REQUIRES: n <= available().
  void Consume(size_t n) { available_ -= static_cast<int64_t>(n); }
  // WINDOW_UPDATE. False (a FLOW_CONTROL_ERROR) if the window would exceed 2^31-1.
  [[nodiscard]] bool Grow(uint32_t increment) {
    if (available_ + increment > kMaxWindowSize) return false;
    available_ += increment;
    return true;
  }
  // A new SETTINGS_INITIAL_WINDOW_SIZE moves every stream window by the difference (6.9.2).
  [[nodiscard]] bool Shift(int64_t delta) {
    if (available_ + delta > kMaxWindowSize) return false;
    available_ += delta;
    return true;
  }

 private:
  int64_t available_;
};

class ReceiveWindow {
 public:
  explicit ReceiveWindow(int64_t size = kDefaultWindowSize) : size_(size), available_(size) {}

  // The peer sent `n` bytes of DATA (padding included). False if that overran the window: a
  // FLOW_CONTROL_ERROR.
  [[nodiscard]] bool Receive(size_t n) {
    if (static_cast<int64_t>(n) > available_) return false;
    available_ -= static_cast<int64_t>(n);
    unacknowledged_ += static_cast<int64_t>(n);
    return true;
  }
  // The increment of the WINDOW_UPDATE to send now, or 0 while too little has been consumed.
  uint32_t TakeCredit() {
    if (unacknowledged_ < size_ / 2) return 0;
    auto credit = static_cast<uint32_t>(unacknowledged_);
    available_ += unacknowledged_;
    unacknowledged_ = 0;
    return credit;
  }
  int64_t available() const { return available_; }

 private:
  const int64_t size_;
  int64_t available_;
  int64_t unacknowledged_ = 0;  // received (and consumed) but not yet credited back
};

// A SETTINGS_INITIAL_WINDOW_SIZE change moves the send window of every open stream by the
// difference (RFC 9113 6.9.2). `streams` maps ids to pointers with a `send_window`; false when
// a window would pass 2^31-1, a connection error.
template <typename Streams>
[[nodiscard]] bool ShiftSendWindows(Streams& streams, int64_t delta) {
  for (auto& [id, stream] : streams) {
    if (!stream->send_window.Shift(delta)) return false;
  }
  return true;
}

}  // namespace kubepp::net::http2
