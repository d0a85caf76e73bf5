#include "net/http2/frame_decoder.h"

#include <utility>

#include "net/big_endian.h"

namespace kubepp::net::http2 {
namespace {

std::string Name(FrameType type) {
  switch (type) {
    case FrameType::kData:
      return "DATA";
    case FrameType::kHeaders:
      return "HEADERS";
    case FrameType::kPriority:
      return "PRIORITY";
    case FrameType::kRstStream:
      return "RST_STREAM";
    case FrameType::kSettings:
      return "SETTINGS";
    case FrameType::kPushPromise:
      return "PUSH_PROMISE";
    case FrameType::kPing:
      return "PING";
    case FrameType::kGoAway:
      return "GOAWAY";
    case FrameType::kWindowUpdate:
      return "WINDOW_UPDATE";
    case FrameType::kContinuation:
      return "CONTINUATION";
  }
  return "frame type " + std::to_string(static_cast<int>(type));
}

// Strips the padding of a PADDED frame (section 6.1): a pad-length octet first, that many
// octets of padding last. False when the padding does not fit.
bool Unpad(uint8_t flags, std::string_view& payload) {
  if ((flags & kFlagPadded) == 0) return true;
  if (payload.empty()) return false;
  size_t pad = static_cast<uint8_t>(payload.front());
  payload.remove_prefix(1);
  if (pad > payload.size()) return false;
  payload.remove_suffix(pad);
  return true;
}

}  // namespace

void FrameDecoder::Feed(std::string_view bytes) {
  if (failed_) return;
  // Drop what was parsed before growing, so a long-lived connection's buffer stays small.
  if (consumed_ > 0 && consumed_ * 2 >= buffer_.size()) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  buffer_.append(bytes);
}

FrameDecoder::Result FrameDecoder::Fail(ErrorCode code, std::string why) {
  failed_ = true;
  error_code_ = code;
  error_ = "http2: " + std::move(why);
  buffer_.clear();
  consumed_ = 0;
  return Result::kError;
}

FrameDecoder::Result FrameDecoder::Next(Frame* out) {
  if (failed_) return Result::kError;
  while (true) {
    std::string_view rest(buffer_);
    rest.remove_prefix(consumed_);
    if (rest.size() < kFrameHeaderSize) return Result::kNeedMore;
    const auto* h = reinterpret_cast<const uint8_t*>(rest.data());
    size_t length = (size_t{h[0]} << 16) | (size_t{h[1]} << 8) | h[2];
    auto type = static_cast<FrameType>(h[3]);
    uint8_t flags = h[4];
    uint32_t stream = ReadU32(rest.data() + 5) & 0x7fffffff;  // the reserved bit is ignored
    if (length > limits_.max_frame_size) {
      return Fail(ErrorCode::kFrameSizeError, Name(type) + " of " + std::to_string(length) +
                                                  " bytes exceeds the frame size limit");
    }
    if (rest.size() < kFrameHeaderSize + length) return Result::kNeedMore;
    consumed_ += kFrameHeaderSize + length;
    std::string_view payload = rest.substr(kFrameHeaderSize, length);
    Result result = Parse(type, flags, stream, payload, out);
    if (result != Result::kNeedMore) return result;
  }
}

FrameDecoder::Result FrameDecoder::Parse(FrameType type, uint8_t flags, uint32_t stream,
                                         std::string_view payload, Frame* out) {
  if (continuation_stream_ != 0) {
    // Section 6.10: nothing may come between a header block's frames.
    if (type != FrameType::kContinuation || stream != continuation_stream_) {
      return Fail(ErrorCode::kProtocolError, Name(type) + " inside a header block");
    }
    return AddFragment(flags, payload, out);
  }
  auto on_stream = [&](bool want) { return (stream != 0) == want; };
  *out = Frame();
  out->type = type;
  out->flags = flags;
  out->stream_id = stream;
  switch (type) {
    case FrameType::kData:
      if (!on_stream(true)) return Fail(ErrorCode::kProtocolError, "DATA on stream 0");
      out->flow_controlled_length = static_cast<uint32_t>(payload.size());
      if (!Unpad(flags, payload)) return Fail(ErrorCode::kProtocolError, "DATA padding too long");
      out->payload.assign(payload);
      return Result::kFrame;
    case FrameType::kHeaders:
      return ParseHeaders(flags, stream, payload, out);
    case FrameType::kPriority:
      if (!on_stream(true)) return Fail(ErrorCode::kProtocolError, "PRIORITY on stream 0");
      if (payload.size() != 5) return Fail(ErrorCode::kFrameSizeError, "PRIORITY not 5 bytes");
      return Result::kNeedMore;  // RFC 9113 deprecates priorities; nothing to do
    case FrameType::kRstStream:
      if (!on_stream(true)) return Fail(ErrorCode::kProtocolError, "RST_STREAM on stream 0");
      if (payload.size() != 4) return Fail(ErrorCode::kFrameSizeError, "RST_STREAM not 4 bytes");
      out->error_code = static_cast<ErrorCode>(ReadU32(payload.data()));
      return Result::kFrame;
    case FrameType::kSettings:
      return ParseSettings(flags, stream, payload, out);
    case FrameType::kPushPromise:
      return Fail(ErrorCode::kProtocolError, "PUSH_PROMISE though push is disabled");
    case FrameType::kPing:
      if (!on_stream(false)) return Fail(ErrorCode::kProtocolError, "PING on a stream");
      if (payload.size() != 8) return Fail(ErrorCode::kFrameSizeError, "PING not 8 bytes");
      out->payload.assign(payload);
      return Result::kFrame;
    case FrameType::kGoAway:
      if (!on_stream(false)) return Fail(ErrorCode::kProtocolError, "GOAWAY on a stream");
      if (payload.size() < 8)
        return Fail(ErrorCode::kFrameSizeError, "GOAWAY shorter than 8 bytes");
      out->last_stream_id = ReadU32(payload.data()) & 0x7fffffff;
      out->error_code = static_cast<ErrorCode>(ReadU32(payload.data() + 4));
      out->payload.assign(payload.substr(8));
      return Result::kFrame;
    case FrameType::kWindowUpdate:
      if (payload.size() != 4) return Fail(ErrorCode::kFrameSizeError, "WINDOW_UPDATE not 4 bytes");
      out->window_increment = ReadU32(payload.data()) & 0x7fffffff;
      if (out->window_increment == 0) {
        return Fail(ErrorCode::kProtocolError, "WINDOW_UPDATE with an increment of 0");
      }
      return Result::kFrame;
    case FrameType::kContinuation:
      return Fail(ErrorCode::kProtocolError, "CONTINUATION without HEADERS");
  }
  return Result::kNeedMore;  // unknown types are ignored (section 4.1)
}

FrameDecoder::Result FrameDecoder::ParseHeaders(uint8_t flags, uint32_t stream,
                                                std::string_view payload, Frame* out) {
  if (stream == 0) return Fail(ErrorCode::kProtocolError, "HEADERS on stream 0");
  if (!Unpad(flags, payload)) return Fail(ErrorCode::kProtocolError, "HEADERS padding too long");
  if (flags & kFlagPriority) {
    // Stream dependency (4) and weight (1), ignored.
    if (payload.size() < 5) return Fail(ErrorCode::kFrameSizeError, "HEADERS priority truncated");
    payload.remove_prefix(5);
  }
  pending_headers_ = std::move(*out);
  pending_headers_.payload.clear();
  continuation_stream_ = stream;
  return AddFragment(flags, payload, out);
}

FrameDecoder::Result FrameDecoder::AddFragment(uint8_t end_flags, std::string_view fragment,
                                               Frame* out) {
  if (pending_headers_.payload.size() + fragment.size() > limits_.max_header_block) {
    return Fail(ErrorCode::kEnhanceYourCalm,
                "header block exceeds " + std::to_string(limits_.max_header_block) + " bytes");
  }
  pending_headers_.payload.append(fragment);
  if ((end_flags & kFlagEndHeaders) == 0) return Result::kNeedMore;
  continuation_stream_ = 0;
  *out = std::move(pending_headers_);
  pending_headers_ = Frame();
  // The block is whole: END_HEADERS is implied, padding and priority are gone.
  out->flags = static_cast<uint8_t>((out->flags & kFlagEndStream) | kFlagEndHeaders);
  return Result::kFrame;
}

FrameDecoder::Result FrameDecoder::ParseSettings(uint8_t flags, uint32_t stream,
                                                 std::string_view payload, Frame* out) {
  if (stream != 0) return Fail(ErrorCode::kProtocolError, "SETTINGS on a stream");
  if (flags & kFlagAck) {
    if (!payload.empty()) return Fail(ErrorCode::kFrameSizeError, "SETTINGS ACK with a payload");
    return Result::kFrame;
  }
  if (payload.size() % 6 != 0) {
    return Fail(ErrorCode::kFrameSizeError, "SETTINGS not a multiple of 6 bytes");
  }
  for (size_t i = 0; i < payload.size(); i += 6) {
    Setting s;
    s.id = static_cast<uint16_t>((static_cast<uint8_t>(payload[i]) << 8) |
                                 static_cast<uint8_t>(payload[i + 1]));
    s.value = ReadU32(payload.data() + i + 2);
    switch (s.id) {
      case kSettingEnablePush:
        if (s.value > 1) return Fail(ErrorCode::kProtocolError, "SETTINGS_ENABLE_PUSH above 1");
        break;
      case kSettingInitialWindowSize:
        if (s.value > kMaxWindowSize) {
          return Fail(ErrorCode::kFlowControlError, "SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1");
        }
        break;
      case kSettingMaxFrameSize:
        if (s.value < kDefaultMaxFrameSize || s.value > kLargestMaxFrameSize) {
          return Fail(ErrorCode::kProtocolError, "SETTINGS_MAX_FRAME_SIZE out of range");
        }
        break;
      case kSettingHeaderTableSize:
      case kSettingMaxConcurrentStreams:
      case kSettingMaxHeaderListSize:
        break;
      default:
        continue;  // unknown settings are ignored (section 6.5.2)
    }
    out->settings.push_back(s);
  }
  return Result::kFrame;
}

}  // namespace kubepp::net::http2
