// SPDY/3.1 frames (SPDY Protocol Draft 3.1, section 2.2 and 2.6) as
// Kubernetes' streaming peers (moby/spdystream) exchange them for exec,
// attach and port-forward:
//
//   control: |1| version=3 (15) | type (16) | flags (8) | length (24) | data
//   data:    |0| stream id (31)             | flags (8) | length (24) | data
//
// FrameReader splits bytes into frames and decompresses their header blocks
// with the session's inbound context; FrameWriter encodes frames,
// compressing header blocks with the outbound context. Neither knows about
// streams: a session (see stream_translator/) keeps their state.
//
// Thread safety: a reader or writer is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "net/spdy/header_block.h"

namespace kubepp::net::spdy {

inline constexpr uint16_t kVersion = 3;

enum class FrameType : uint16_t {
  kData = 0,  // not a control type: a data frame
  kSynStream = 1,
  kSynReply = 2,
  kRstStream = 3,
  kSettings = 4,
  kPing = 6,
  kGoAway = 7,
  kHeaders = 8,
  kWindowUpdate = 9,
};

// Flags.
inline constexpr uint8_t kFlagFin = 0x01;             // data, SYN_STREAM, SYN_REPLY, HEADERS
inline constexpr uint8_t kFlagUnidirectional = 0x02;  // SYN_STREAM

// RST_STREAM status codes.
enum RstStatus : uint32_t {
  kProtocolError = 1,
  kInvalidStream = 2,
  kRefusedStream = 3,
  kUnsupportedVersion = 4,
  kCancel = 5,
  kInternalError = 6,
  kFlowControlError = 7,
};

struct Setting {
  uint8_t flags = 0;
  uint32_t id = 0;  // 24 bits
  uint32_t value = 0;
};

// One decoded frame; only the fields of its type are meaningful.
struct Frame {
  FrameType type = FrameType::kData;
  uint8_t flags = 0;
  uint32_t stream_id = 0;            // data, SYN_STREAM, SYN_REPLY, RST_STREAM, HEADERS, WINDOW_UPDATE
  uint32_t associated_stream_id = 0; // SYN_STREAM
  uint8_t priority = 0;              // SYN_STREAM (3 bits)
  uint32_t status = 0;               // RST_STREAM, GOAWAY
  uint32_t ping_id = 0;              // PING
  uint32_t last_good_stream_id = 0;  // GOAWAY
  uint32_t delta_window = 0;         // WINDOW_UPDATE
  std::vector<Setting> settings;     // SETTINGS
  HeaderList headers;                // SYN_STREAM, SYN_REPLY, HEADERS
  std::string data;                  // data frames

  bool fin() const { return (flags & kFlagFin) != 0; }
};

class FrameReader {
 public:
  // `max_frame`: the largest frame payload accepted (at most 2^24 - 1 fits
  // the length field anyway).
  explicit FrameReader(size_t max_frame = (1u << 24) - 1) : max_frame_(max_frame) {}

  void Feed(std::string_view bytes) { buffer_.append(bytes); }

  enum class Result { kFrame, kNeedMore, kError };
  // The next whole frame. Unknown control types are skipped, as the spec
  // asks. After kError (a malformed frame, a version other than 3, a header
  // block that does not decompress) the session must end; error() says why.
  Result Next(Frame* out);
  const std::string& error() const { return error_; }
  size_t buffered() const { return buffer_.size(); }

 private:
  Result Fail(std::string why);
  Status ParseControl(uint16_t type, uint8_t flags, std::string_view data, Frame* out);

  const size_t max_frame_;
  std::string buffer_;
  HeaderDecompressor decompressor_;
  bool failed_ = false;
  std::string error_;
};

class FrameWriter {
 public:
  std::string SynStream(uint32_t stream_id, const HeaderList& headers, uint8_t flags = 0, uint8_t priority = 0,
                        uint32_t associated_stream_id = 0);
  std::string SynReply(uint32_t stream_id, const HeaderList& headers, uint8_t flags = 0);
  std::string Headers(uint32_t stream_id, const HeaderList& headers, uint8_t flags = 0);
  std::string RstStream(uint32_t stream_id, uint32_t status);
  std::string Settings(const std::vector<Setting>& settings);
  std::string Ping(uint32_t id);
  std::string GoAway(uint32_t last_good_stream_id, uint32_t status = 0);
  std::string WindowUpdate(uint32_t stream_id, uint32_t delta);
  // REQUIRES: data.size() < 2^24. An empty `data` with fin only half-closes.
  std::string Data(uint32_t stream_id, std::string_view data, bool fin = false);

  // The largest payload of one data frame.
  static constexpr size_t kMaxDataPayload = (1u << 24) - 1;

 private:
  HeaderCompressor compressor_;
};

}  // namespace kubepp::net::spdy
