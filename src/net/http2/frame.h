// HTTP/2 frames (RFC 9113 section 4 and 6): the types, flags, error codes and settings both
// ends use, the decoded form of a frame, and encoders for every frame this side sends.
//
//   +-----------------------------------------------+
//   |                 Length (24)                   |
//   +---------------+---------------+---------------+
//   |   Type (8)    |   Flags (8)   |
//   +-+-------------+---------------+-------------------------------+
//   |R|                 Stream Identifier (31)                      |
//   +=+=============================================================+
//   |                   Frame Payload (0...)                      ...
//
// Encoders take their limits from the caller (the peer's SETTINGS_MAX_FRAME_SIZE): a header
// block larger than one frame becomes HEADERS and CONTINUATION frames; DATA is never split here
// (the connection splits it by flow-control window and frame size).
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kubepp::net::http2 {

enum class FrameType : uint8_t {
  kData = 0x0,
  kHeaders = 0x1,
  kPriority = 0x2,
  kRstStream = 0x3,
  kSettings = 0x4,
  kPushPromise = 0x5,
  kPing = 0x6,
  kGoAway = 0x7,
  kWindowUpdate = 0x8,
  kContinuation = 0x9,
};

// Flags; each applies to the frame types named.
inline constexpr uint8_t kFlagEndStream = 0x01;   // DATA, HEADERS
inline constexpr uint8_t kFlagAck = 0x01;         // SETTINGS, PING
inline constexpr uint8_t kFlagEndHeaders = 0x04;  // HEADERS, CONTINUATION
inline constexpr uint8_t kFlagPadded = 0x08;      // DATA, HEADERS
inline constexpr uint8_t kFlagPriority = 0x20;    // HEADERS

// RFC 9113 section 7. DO NOT CHANGE: wire values.
enum class ErrorCode : uint32_t {
  kNoError = 0x0,
  kProtocolError = 0x1,
  kInternalError = 0x2,
  kFlowControlError = 0x3,
  kSettingsTimeout = 0x4,
  kStreamClosed = 0x5,
  kFrameSizeError = 0x6,
  kRefusedStream = 0x7,
  kCancel = 0x8,
  kCompressionError = 0x9,
  kConnectError = 0xa,
  kEnhanceYourCalm = 0xb,
  kInadequateSecurity = 0xc,
  kHttp11Required = 0xd,
};

// "PROTOCOL_ERROR", ...; "UNKNOWN_ERROR_0x.." for codes the RFC does not define.
std::string ErrorCodeName(ErrorCode code);

// RFC 9113 section 6.5.2. DO NOT CHANGE: wire values.
enum SettingId : uint16_t {
  kSettingHeaderTableSize = 0x1,
  kSettingEnablePush = 0x2,
  kSettingMaxConcurrentStreams = 0x3,
  kSettingInitialWindowSize = 0x4,
  kSettingMaxFrameSize = 0x5,
  kSettingMaxHeaderListSize = 0x6,
};

struct Setting {
  uint16_t id = 0;
  uint32_t value = 0;
};

inline constexpr size_t kFrameHeaderSize = 9;
inline constexpr uint32_t kDefaultMaxFrameSize = 16384;
inline constexpr uint32_t kLargestMaxFrameSize = (1u << 24) - 1;
inline constexpr int64_t kDefaultWindowSize = 65535;
inline constexpr int64_t kMaxWindowSize = 0x7fffffff;
// What a client sends before its first frame (section 3.4).
inline constexpr std::string_view kClientPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

// One decoded frame; only the fields of its type are meaningful.
struct Frame {
  FrameType type = FrameType::kData;
  uint8_t flags = 0;
  uint32_t stream_id = 0;
  // DATA: the data, padding removed. HEADERS: the whole header block (the fragments of HEADERS
  // and its CONTINUATIONs, padding and priority removed). PING: the 8 opaque octets. GOAWAY:
  // the debug data.
  std::string payload;
  // DATA: the frame's whole payload length, padding included; it all counts against flow control.
  uint32_t flow_controlled_length = 0;
  std::vector<Setting> settings;               // SETTINGS
  ErrorCode error_code = ErrorCode::kNoError;  // RST_STREAM, GOAWAY
  uint32_t last_stream_id = 0;                 // GOAWAY
  uint32_t window_increment = 0;               // WINDOW_UPDATE

  bool has(uint8_t flag) const { return (flags & flag) != 0; }
};

// Encoders. REQUIRES: stream ids below 2^31; data and debug data shorter than 2^24.
std::string EncodeData(uint32_t stream_id, std::string_view data, bool end_stream);
// EncodeData's frame appended to `out`: a large payload is copied once, not twice.
void AppendData(std::string& out, uint32_t stream_id, std::string_view data, bool end_stream);
// HEADERS plus as many CONTINUATIONs as `block` needs at `max_frame_size`.
std::string EncodeHeaders(uint32_t stream_id, std::string_view block, bool end_stream,
                          uint32_t max_frame_size = kDefaultMaxFrameSize);
std::string EncodeRstStream(uint32_t stream_id, ErrorCode code);
std::string EncodeSettings(const std::vector<Setting>& settings);
std::string EncodeSettingsAck();
// REQUIRES: opaque.size() == 8.
std::string EncodePing(std::string_view opaque, bool ack);
std::string EncodeGoAway(uint32_t last_stream_id, ErrorCode code, std::string_view debug = {});
std::string EncodeWindowUpdate(uint32_t stream_id, uint32_t increment);

}  // namespace kubepp::net::http2
