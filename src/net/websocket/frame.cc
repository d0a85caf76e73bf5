#include "net/websocket/frame.h"

#include <utility>

namespace kubepp::net::websocket {
namespace {

constexpr size_t kMaxControlPayload = 125;

bool IsControl(uint8_t opcode) { return (opcode & 0x8) != 0; }

bool KnownOpcode(uint8_t opcode) {
  switch (opcode) {
    case 0x0: case 0x1: case 0x2: case 0x8: case 0x9: case 0xA:
      return true;
    default:
      return false;
  }
}

// Codes a peer may send (RFC 6455 section 7.4): the defined ones except
// those reserved for local use, and the registered and private ranges.
bool ValidCloseCode(uint16_t code) {
  if (code >= 3000 && code <= 4999) return true;
  switch (code) {
    case 1000: case 1001: case 1002: case 1003: case 1007: case 1008:
    case 1009: case 1010: case 1011: case 1012: case 1013: case 1014:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string EncodeFrame(Opcode opcode, std::string_view payload, bool fin, std::optional<uint32_t> mask) {
  std::string out;
  out.reserve(payload.size() + 14);
  out.push_back(static_cast<char>((fin ? 0x80 : 0x00) | static_cast<uint8_t>(opcode)));
  const uint8_t mask_bit = mask ? 0x80 : 0x00;
  const uint64_t n = payload.size();
  if (n <= 125) {
    out.push_back(static_cast<char>(mask_bit | n));
  } else if (n <= 0xFFFF) {
    out.push_back(static_cast<char>(mask_bit | 126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(mask_bit | 127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
  }
  if (!mask) {
    out.append(payload);
    return out;
  }
  char key[4] = {static_cast<char>(*mask >> 24), static_cast<char>(*mask >> 16), static_cast<char>(*mask >> 8),
                 static_cast<char>(*mask)};
  out.append(key, 4);
  for (size_t i = 0; i < payload.size(); ++i) out.push_back(static_cast<char>(payload[i] ^ key[i % 4]));
  return out;
}

std::string EncodeClose(uint16_t code, std::string_view reason, std::optional<uint32_t> mask) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason.substr(0, kMaxControlPayload - 2));
  return EncodeFrame(Opcode::kClose, payload, true, mask);
}

MessageReader::Result MessageReader::Fail(uint16_t code, std::string why) {
  done_ = true;
  error_code_ = code;
  error_ = std::move(why);
  buffer_.clear();
  message_.clear();
  return Result::kError;
}

MessageReader::Result MessageReader::Next(Event* out) {
  for (;;) {
    if (done_) return error_code_ ? Result::kError : Result::kNeedMore;
    const auto* p = reinterpret_cast<const uint8_t*>(buffer_.data());
    const size_t have = buffer_.size();
    if (have < 2) return Result::kNeedMore;
    const bool fin = (p[0] & 0x80) != 0;
    const uint8_t rsv = p[0] & 0x70;
    const uint8_t opcode = p[0] & 0x0F;
    const bool masked = (p[1] & 0x80) != 0;
    uint64_t length = p[1] & 0x7F;
    size_t header = 2;
    if (rsv != 0) return Fail(kCloseProtocolError, "reserved bits set without an extension");
    if (!KnownOpcode(opcode)) return Fail(kCloseProtocolError, "unknown opcode " + std::to_string(opcode));
    if (masked != require_mask_) {
      return Fail(kCloseProtocolError, require_mask_ ? "a client frame is not masked" : "a server frame is masked");
    }
    if (IsControl(opcode) && (!fin || length > kMaxControlPayload)) {
      return Fail(kCloseProtocolError, "a control frame is fragmented or longer than 125 bytes");
    }
    if (length == 126) {
      if (have < 4) return Result::kNeedMore;
      length = (uint64_t{p[2]} << 8) | p[3];
      header = 4;
    } else if (length == 127) {
      if (have < 10) return Result::kNeedMore;
      length = 0;
      for (int i = 0; i < 8; ++i) length = (length << 8) | p[2 + i];
      header = 10;
      if (length >> 63) return Fail(kCloseProtocolError, "a frame length uses the 64th bit");
    }
    // Checked before waiting for the payload, so a huge length never makes
    // the caller buffer it.
    if (!IsControl(opcode)) {
      const uint64_t so_far = in_message_ ? message_.size() : 0;
      if (length > max_message_ || so_far + length > max_message_) {
        return Fail(kCloseMessageTooBig, "message exceeds " + std::to_string(max_message_) + " bytes");
      }
    }
    if (masked) header += 4;
    if (have < header || have - header < length) return Result::kNeedMore;
    std::string payload = buffer_.substr(header, static_cast<size_t>(length));
    if (masked) {
      const uint8_t* key = p + header - 4;
      for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(payload[i] ^ key[i % 4]);
    }
    buffer_.erase(0, header + static_cast<size_t>(length));

    switch (static_cast<Opcode>(opcode)) {
      case Opcode::kPing:
      case Opcode::kPong:
        out->kind = opcode == 0x9 ? Event::Kind::kPing : Event::Kind::kPong;
        out->payload = std::move(payload);
        return Result::kEvent;
      case Opcode::kClose: {
        out->kind = Event::Kind::kClose;
        out->payload.clear();
        out->close_code = kCloseNoStatus;
        out->close_reason.clear();
        if (payload.size() == 1) return Fail(kCloseProtocolError, "a close frame of one byte");
        if (payload.size() >= 2) {
          out->close_code = static_cast<uint16_t>((static_cast<uint8_t>(payload[0]) << 8) |
                                                  static_cast<uint8_t>(payload[1]));
          if (!ValidCloseCode(out->close_code)) {
            return Fail(kCloseProtocolError, "invalid close code " + std::to_string(out->close_code));
          }
          out->close_reason = payload.substr(2);
        }
        done_ = true;
        buffer_.clear();
        return Result::kEvent;
      }
      case Opcode::kText:
      case Opcode::kBinary:
        if (in_message_) return Fail(kCloseProtocolError, "a new message began inside a fragmented one");
        if (fin) {
          out->kind = Event::Kind::kMessage;
          out->opcode = static_cast<Opcode>(opcode);
          out->payload = std::move(payload);
          return Result::kEvent;
        }
        in_message_ = true;
        message_opcode_ = static_cast<Opcode>(opcode);
        message_ = std::move(payload);
        continue;
      case Opcode::kContinuation:
        if (!in_message_) return Fail(kCloseProtocolError, "a continuation frame outside a message");
        message_.append(payload);
        if (!fin) continue;
        in_message_ = false;
        out->kind = Event::Kind::kMessage;
        out->opcode = message_opcode_;
        out->payload = std::exchange(message_, {});
        return Result::kEvent;
    }
    return Fail(kCloseProtocolError, "unknown opcode");
  }
}

}  // namespace kubepp::net::websocket
