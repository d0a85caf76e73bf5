#include "net/http2/frame.h"

#include <algorithm>
#include <cstdio>

#include "net/big_endian.h"

namespace kubepp::net::http2 {
namespace {

void PutHeader(std::string& out, size_t length, FrameType type, uint8_t flags, uint32_t stream) {
  out.push_back(static_cast<char>(length >> 16));
  out.push_back(static_cast<char>(length >> 8));
  out.push_back(static_cast<char>(length));
  out.push_back(static_cast<char>(type));
  out.push_back(static_cast<char>(flags));
  PutU32(out, stream & 0x7fffffff);
}

std::string WholeFrame(FrameType type, uint8_t flags, uint32_t stream, std::string_view payload) {
  std::string out;
  out.reserve(kFrameHeaderSize + payload.size());
  PutHeader(out, payload.size(), type, flags, stream);
  out.append(payload);
  return out;
}

}  // namespace

std::string ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNoError:
      return "NO_ERROR";
    case ErrorCode::kProtocolError:
      return "PROTOCOL_ERROR";
    case ErrorCode::kInternalError:
      return "INTERNAL_ERROR";
    case ErrorCode::kFlowControlError:
      return "FLOW_CONTROL_ERROR";
    case ErrorCode::kSettingsTimeout:
      return "SETTINGS_TIMEOUT";
    case ErrorCode::kStreamClosed:
      return "STREAM_CLOSED";
    case ErrorCode::kFrameSizeError:
      return "FRAME_SIZE_ERROR";
    case ErrorCode::kRefusedStream:
      return "REFUSED_STREAM";
    case ErrorCode::kCancel:
      return "CANCEL";
    case ErrorCode::kCompressionError:
      return "COMPRESSION_ERROR";
    case ErrorCode::kConnectError:
      return "CONNECT_ERROR";
    case ErrorCode::kEnhanceYourCalm:
      return "ENHANCE_YOUR_CALM";
    case ErrorCode::kInadequateSecurity:
      return "INADEQUATE_SECURITY";
    case ErrorCode::kHttp11Required:
      return "HTTP_1_1_REQUIRED";
  }
  char text[32];
  std::snprintf(text, sizeof(text), "UNKNOWN_ERROR_0x%x", static_cast<unsigned>(code));
  return text;
}

std::string EncodeData(uint32_t stream_id, std::string_view data, bool end_stream) {
  return WholeFrame(FrameType::kData, end_stream ? kFlagEndStream : 0, stream_id, data);
}

void AppendData(std::string& out, uint32_t stream_id, std::string_view data, bool end_stream) {
  PutHeader(out, data.size(), FrameType::kData, end_stream ? kFlagEndStream : 0, stream_id);
  out.append(data);
}

std::string EncodeHeaders(uint32_t stream_id, std::string_view block, bool end_stream,
                          uint32_t max_frame_size) {
  std::string out;
  out.reserve(block.size() + kFrameHeaderSize * (1 + block.size() / max_frame_size));
  FrameType type = FrameType::kHeaders;
  uint8_t flags = end_stream ? kFlagEndStream : 0;
  do {
    size_t n = std::min<size_t>(block.size(), max_frame_size);
    bool last = n == block.size();
    PutHeader(out, n, type, static_cast<uint8_t>(flags | (last ? kFlagEndHeaders : 0)), stream_id);
    out.append(block.substr(0, n));
    block.remove_prefix(n);
    type = FrameType::kContinuation;
    flags = 0;
  } while (!block.empty());
  return out;
}

std::string EncodeRstStream(uint32_t stream_id, ErrorCode code) {
  std::string payload;
  PutU32(payload, static_cast<uint32_t>(code));
  return WholeFrame(FrameType::kRstStream, 0, stream_id, payload);
}

std::string EncodeSettings(const std::vector<Setting>& settings) {
  std::string payload;
  for (const Setting& s : settings) {
    payload.push_back(static_cast<char>(s.id >> 8));
    payload.push_back(static_cast<char>(s.id));
    PutU32(payload, s.value);
  }
  return WholeFrame(FrameType::kSettings, 0, 0, payload);
}

std::string EncodeSettingsAck() { return WholeFrame(FrameType::kSettings, kFlagAck, 0, {}); }

std::string EncodePing(std::string_view opaque, bool ack) {
  return WholeFrame(FrameType::kPing, ack ? kFlagAck : 0, 0, opaque);
}

std::string EncodeGoAway(uint32_t last_stream_id, ErrorCode code, std::string_view debug) {
  std::string payload;
  PutU32(payload, last_stream_id & 0x7fffffff);
  PutU32(payload, static_cast<uint32_t>(code));
  payload.append(debug);
  return WholeFrame(FrameType::kGoAway, 0, 0, payload);
}

std::string EncodeWindowUpdate(uint32_t stream_id, uint32_t increment) {
  std::string payload;
  PutU32(payload, increment & 0x7fffffff);
  return WholeFrame(FrameType::kWindowUpdate, 0, stream_id, payload);
}

}  // namespace kubepp::net::http2
