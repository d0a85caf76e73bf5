#include "net/spdy/frame.h"

#include "net/big_endian.h"

namespace kubepp::net::spdy {
namespace {

constexpr size_t kHeaderSize = 8;

std::string ControlFrame(FrameType type, uint8_t flags, std::string_view data) {
  std::string out;
  out.reserve(kHeaderSize + data.size());
  PutU32(out, 0x80000000u | (uint32_t{kVersion} << 16) | static_cast<uint16_t>(type));
  PutU32(out, (uint32_t{flags} << 24) | static_cast<uint32_t>(data.size()));
  out.append(data);
  return out;
}

}  // namespace

FrameReader::Result FrameReader::Fail(std::string why) {
  failed_ = true;
  error_ = std::move(why);
  buffer_.clear();
  return Result::kError;
}

Status FrameReader::ParseControl(uint16_t type, uint8_t flags, std::string_view data, Frame* out) {
  auto need = [&](size_t n, const char* what) -> Status {
    if (data.size() < n) return Status::BadRequest(std::string("spdy: invalid control frame: short ") + what);
    return Status::Ok();
  };
  out->flags = flags;
  out->type = static_cast<FrameType>(type);
  switch (out->type) {
    case FrameType::kSynStream: {
      if (Status st = need(10, "SYN_STREAM"); !st.ok()) return st;
      out->stream_id = ReadU32(data.data()) & 0x7FFFFFFF;
      out->associated_stream_id = ReadU32(data.data() + 4) & 0x7FFFFFFF;
      out->priority = static_cast<uint8_t>(static_cast<uint8_t>(data[8]) >> 5);
      auto headers = decompressor_.Decompress(data.substr(10));
      if (!headers.ok()) return headers.status();
      out->headers = std::move(*headers);
      break;
    }
    case FrameType::kSynReply:
    case FrameType::kHeaders: {
      if (Status st = need(4, "SYN_REPLY/HEADERS"); !st.ok()) return st;
      out->stream_id = ReadU32(data.data()) & 0x7FFFFFFF;
      auto headers = decompressor_.Decompress(data.substr(4));
      if (!headers.ok()) return headers.status();
      out->headers = std::move(*headers);
      break;
    }
    case FrameType::kRstStream:
      if (data.size() != 8) return Status::BadRequest("spdy: invalid control frame: RST_STREAM length");
      out->stream_id = ReadU32(data.data()) & 0x7FFFFFFF;
      out->status = ReadU32(data.data() + 4);
      break;
    case FrameType::kSettings: {
      if (Status st = need(4, "SETTINGS"); !st.ok()) return st;
      uint32_t count = ReadU32(data.data());
      if (data.size() - 4 != uint64_t{count} * 8) {
        return Status::BadRequest("spdy: invalid control frame: SETTINGS length");
      }
      for (uint32_t i = 0; i < count; ++i) {
        const char* p = data.data() + 4 + 8 * i;
        uint32_t word = ReadU32(p);
        out->settings.push_back(Setting{static_cast<uint8_t>(word >> 24), word & 0xFFFFFF, ReadU32(p + 4)});
      }
      break;
    }
    case FrameType::kPing:
      if (data.size() != 4) return Status::BadRequest("spdy: invalid control frame: PING length");
      out->ping_id = ReadU32(data.data());
      break;
    case FrameType::kGoAway:
      if (data.size() != 8) return Status::BadRequest("spdy: invalid control frame: GOAWAY length");
      out->last_good_stream_id = ReadU32(data.data()) & 0x7FFFFFFF;
      out->status = ReadU32(data.data() + 4);
      break;
    case FrameType::kWindowUpdate:
      if (data.size() != 8) return Status::BadRequest("spdy: invalid control frame: WINDOW_UPDATE length");
      out->stream_id = ReadU32(data.data()) & 0x7FFFFFFF;
      out->delta_window = ReadU32(data.data() + 4) & 0x7FFFFFFF;
      break;
    case FrameType::kData:
      return Status::BadRequest("spdy: unknown frame type");
  }
  bool needs_stream = out->type == FrameType::kSynStream || out->type == FrameType::kSynReply ||
                      out->type == FrameType::kHeaders || out->type == FrameType::kRstStream;
  if (needs_stream && out->stream_id == 0) return Status::BadRequest("spdy: stream id zero is disallowed");
  return Status::Ok();
}

FrameReader::Result FrameReader::Next(Frame* out) {
  for (;;) {
    if (failed_) return Result::kError;
    if (buffer_.size() < kHeaderSize) return Result::kNeedMore;
    const uint32_t first = ReadU32(buffer_.data());
    const uint32_t second = ReadU32(buffer_.data() + 4);
    const uint8_t flags = static_cast<uint8_t>(second >> 24);
    const size_t length = second & 0xFFFFFF;
    if (length > max_frame_) return Fail("spdy: frame of " + std::to_string(length) + " bytes exceeds the limit");
    if (buffer_.size() - kHeaderSize < length) return Result::kNeedMore;
    std::string_view data(buffer_.data() + kHeaderSize, length);
    *out = Frame{};
    if ((first & 0x80000000u) == 0) {
      out->type = FrameType::kData;
      out->stream_id = first & 0x7FFFFFFF;
      out->flags = flags;
      out->data.assign(data);
      buffer_.erase(0, kHeaderSize + length);
      if (out->stream_id == 0) return Fail("spdy: stream id zero is disallowed");
      return Result::kFrame;
    }
    const uint16_t version = static_cast<uint16_t>((first >> 16) & 0x7FFF);
    const uint16_t type = static_cast<uint16_t>(first & 0xFFFF);
    if (version != kVersion) return Fail("spdy: unsupported version " + std::to_string(version));
    const bool known = type == 1 || type == 2 || type == 3 || type == 4 || type == 6 || type == 7 || type == 8 ||
                       type == 9;
    if (!known) {
      buffer_.erase(0, kHeaderSize + length);
      continue;
    }
    Status st = ParseControl(type, flags, data, out);
    buffer_.erase(0, kHeaderSize + length);
    if (!st.ok()) return Fail(st.message());
    return Result::kFrame;
  }
}

std::string FrameWriter::SynStream(uint32_t stream_id, const HeaderList& headers, uint8_t flags, uint8_t priority,
                                   uint32_t associated_stream_id) {
  std::string data;
  PutU32(data, stream_id & 0x7FFFFFFF);
  PutU32(data, associated_stream_id & 0x7FFFFFFF);
  data.push_back(static_cast<char>((priority & 0x7) << 5));
  data.push_back(0);  // credential slot
  data += compressor_.Compress(headers);
  return ControlFrame(FrameType::kSynStream, flags, data);
}

std::string FrameWriter::SynReply(uint32_t stream_id, const HeaderList& headers, uint8_t flags) {
  std::string data;
  PutU32(data, stream_id & 0x7FFFFFFF);
  data += compressor_.Compress(headers);
  return ControlFrame(FrameType::kSynReply, flags, data);
}

std::string FrameWriter::Headers(uint32_t stream_id, const HeaderList& headers, uint8_t flags) {
  std::string data;
  PutU32(data, stream_id & 0x7FFFFFFF);
  data += compressor_.Compress(headers);
  return ControlFrame(FrameType::kHeaders, flags, data);
}

std::string FrameWriter::RstStream(uint32_t stream_id, uint32_t status) {
  std::string data;
  PutU32(data, stream_id & 0x7FFFFFFF);
  PutU32(data, status);
  return ControlFrame(FrameType::kRstStream, 0, data);
}

std::string FrameWriter::Settings(const std::vector<Setting>& settings) {
  std::string data;
  PutU32(data, static_cast<uint32_t>(settings.size()));
  for (const auto& s : settings) {
    PutU32(data, (uint32_t{s.flags} << 24) | (s.id & 0xFFFFFF));
    PutU32(data, s.value);
  }
  return ControlFrame(FrameType::kSettings, 0, data);
}

std::string FrameWriter::Ping(uint32_t id) {
  std::string data;
  PutU32(data, id);
  return ControlFrame(FrameType::kPing, 0, data);
}

std::string FrameWriter::GoAway(uint32_t last_good_stream_id, uint32_t status) {
  std::string data;
  PutU32(data, last_good_stream_id & 0x7FFFFFFF);
  PutU32(data, status);
  return ControlFrame(FrameType::kGoAway, 0, data);
}

std::string FrameWriter::WindowUpdate(uint32_t stream_id, uint32_t delta) {
  std::string data;
  PutU32(data, stream_id & 0x7FFFFFFF);
  PutU32(data, delta & 0x7FFFFFFF);
  return ControlFrame(FrameType::kWindowUpdate, 0, data);
}

std::string FrameWriter::Data(uint32_t stream_id, std::string_view data, bool fin) {
  std::string out;
  out.reserve(kHeaderSize + data.size());
  PutU32(out, stream_id & 0x7FFFFFFF);
  PutU32(out, (uint32_t{fin ? kFlagFin : uint8_t{0}} << 24) | static_cast<uint32_t>(data.size()));
  out.append(data);
  return out;
}

}  // namespace kubepp::net::spdy
