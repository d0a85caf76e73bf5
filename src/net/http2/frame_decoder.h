// Splits the bytes a peer sends into HTTP/2 frames (RFC 9113 section 4 and 6), checking what
// the RFC asks of each frame type and joining a header block's HEADERS and CONTINUATION frames
// into one HEADERS frame.
//
// Every violation is a connection error: Next() answers kError once and for all, and
// error_code() is what the GOAWAY must carry (FRAME_SIZE_ERROR for a frame above the limit or a
// fixed-size frame of the wrong size, PROTOCOL_ERROR for a frame on the wrong stream, bad
// padding or an interrupted header block, FLOW_CONTROL_ERROR for a window setting above 2^31-1,
// ENHANCE_YOUR_CALM for a header block above the limit). PRIORITY frames and frames of unknown
// types are skipped; PUSH_PROMISE is refused (neither side of a kubepp connection allows push).
//
// The decoder knows frames, not streams: which streams exist, flow control and the meaning of
// SETTINGS belong to the connection.
//
// Thread safety: one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "net/http2/frame.h"

namespace kubepp::net::http2 {

class FrameDecoder {
 public:
  struct Limits {
    // The SETTINGS_MAX_FRAME_SIZE this side advertised.
    uint32_t max_frame_size = kDefaultMaxFrameSize;
    // The largest header block (compressed) accepted across HEADERS and its CONTINUATIONs.
    size_t max_header_block = 256 * 1024;
  };

  FrameDecoder() : FrameDecoder(Limits{}) {}
  explicit FrameDecoder(Limits limits) : limits_(limits) {}

  void Feed(std::string_view bytes);

  enum class Result { kFrame, kNeedMore, kError };
  Result Next(Frame* out);

  ErrorCode error_code() const { return error_code_; }
  const std::string& error() const { return error_; }

 private:
  Result Fail(ErrorCode code, std::string why);
  // Parses one frame's payload; kNeedMore here means "skipped, or a header block continues".
  Result Parse(FrameType type, uint8_t flags, uint32_t stream, std::string_view payload,
               Frame* out);
  Result ParseHeaders(uint8_t flags, uint32_t stream, std::string_view payload, Frame* out);
  Result ParseSettings(uint8_t flags, uint32_t stream, std::string_view payload, Frame* out);
  Result AddFragment(uint8_t end_flags, std::string_view fragment, Frame* out);

  const Limits limits_;
  std::string buffer_;
  size_t consumed_ = 0;  // bytes of buffer_ already parsed
  // A HEADERS frame whose block still waits for CONTINUATIONs (when continuation_stream_ != 0).
  uint32_t continuation_stream_ = 0;
  Frame pending_headers_;
  bool failed_ = false;
  ErrorCode error_code_ = ErrorCode::kNoError;
  std::string error_;
};

}  // namespace kubepp::net::http2
