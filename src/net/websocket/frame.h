// WebSocket framing (RFC 6455 section 5) as a server speaks it: frames the
// server writes (never masked) and a reader that turns the bytes a client
// sends into whole messages and control frames.
//
// The reader enforces what the RFC asks of a client's frames: every frame is
// masked; no reserved bit is set (no extension is negotiated); control frames
// (close, ping, pong) are at most 125 bytes and not fragmented; a fragmented
// message is a text or binary frame without FIN, continuation frames, and a
// last one with FIN, with only control frames between them; lengths use at
// most 63 bits. A message larger than the reader's limit is refused with
// 1009 (message too big); any other violation with 1002 (protocol error).
// After an error or a close frame the reader yields nothing more.
//
// Pure code: bytes in, bytes out. Thread safety: a MessageReader is used by
// one thread at a time; the Encode functions are safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kubepp::net::websocket {

enum class Opcode : uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

// Close status codes (RFC 6455 section 7.4.1).
inline constexpr uint16_t kCloseNormal = 1000;
inline constexpr uint16_t kCloseGoingAway = 1001;
inline constexpr uint16_t kCloseProtocolError = 1002;
inline constexpr uint16_t kCloseUnsupportedData = 1003;
inline constexpr uint16_t kCloseNoStatus = 1005;  // never sent: "the close frame had no code"
inline constexpr uint16_t kCloseInvalidPayload = 1007;
inline constexpr uint16_t kClosePolicyViolation = 1008;
inline constexpr uint16_t kCloseMessageTooBig = 1009;
inline constexpr uint16_t kCloseInternalError = 1011;

// One frame, FIN set unless `fin` is false. `mask`: the masking key of a
// client frame (tests play the client); servers send unmasked frames.
std::string EncodeFrame(Opcode opcode, std::string_view payload, bool fin = true,
                        std::optional<uint32_t> mask = std::nullopt);

// A close frame carrying `code` and `reason` (the reason is cut to fit the
// 125 bytes of a control frame).
std::string EncodeClose(uint16_t code, std::string_view reason = {},
                        std::optional<uint32_t> mask = std::nullopt);

// What a MessageReader yields.
struct Event {
  enum class Kind { kMessage, kPing, kPong, kClose };
  Kind kind = Kind::kMessage;
  Opcode opcode = Opcode::kBinary;  // kMessage: kText or kBinary
  std::string payload;              // the whole message, unmasked; ping/pong data
  uint16_t close_code = kCloseNoStatus;  // kClose
  std::string close_reason;              // kClose
};

class MessageReader {
 public:
  // `max_message`: the largest message (after reassembly) accepted.
  // `require_mask`: false reads a server's frames (tests).
  explicit MessageReader(size_t max_message, bool require_mask = true)
      : max_message_(max_message), require_mask_(require_mask) {}

  // Appends bytes read from the connection.
  void Feed(std::string_view bytes) { buffer_.append(bytes); }

  enum class Result { kEvent, kNeedMore, kError };
  // The next message or control frame, once its bytes are all there.
  Result Next(Event* out);

  // After kError: the close code to answer with, and why.
  uint16_t error_code() const { return error_code_; }
  const std::string& error() const { return error_; }

  // Bytes fed but not yet consumed (a caller stops reading while this grows).
  size_t buffered() const { return buffer_.size(); }

 private:
  Result Fail(uint16_t code, std::string why);

  // Constant after construction:
  const size_t max_message_;
  const bool require_mask_;

  std::string buffer_;      // unconsumed input
  bool in_message_ = false; // a fragmented message is being assembled
  Opcode message_opcode_ = Opcode::kBinary;
  std::string message_;     // its fragments so far
  bool done_ = false;       // an error or a close frame was read
  uint16_t error_code_ = 0;
  std::string error_;
};

}  // namespace kubepp::net::websocket
