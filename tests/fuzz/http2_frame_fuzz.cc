// Fuzzes the HTTP/2 frame decoder (the bytes containerd, a probed pod, or later any etcd client
// sends). The input is fed in pieces whose sizes the input's first byte picks, so frame
// boundaries fall anywhere. Every frame decoded must encode again and decode to the same frame.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/http2/frame.h"
#include "net/http2/frame_decoder.h"

using kubepp::net::http2::EncodeData;
using kubepp::net::http2::EncodeGoAway;
using kubepp::net::http2::EncodeHeaders;
using kubepp::net::http2::EncodePing;
using kubepp::net::http2::EncodeRstStream;
using kubepp::net::http2::EncodeSettings;
using kubepp::net::http2::EncodeSettingsAck;
using kubepp::net::http2::EncodeWindowUpdate;
using kubepp::net::http2::Frame;
using kubepp::net::http2::FrameDecoder;
using kubepp::net::http2::FrameType;
using kubepp::net::http2::kFlagAck;
using kubepp::net::http2::kFlagEndStream;

namespace {

std::string Encode(const Frame& f) {
  switch (f.type) {
    case FrameType::kData:
      return EncodeData(f.stream_id, f.payload, f.has(kFlagEndStream));
    case FrameType::kHeaders:
      return EncodeHeaders(f.stream_id, f.payload, f.has(kFlagEndStream), 16384);
    case FrameType::kRstStream:
      return EncodeRstStream(f.stream_id, f.error_code);
    case FrameType::kSettings:
      return f.has(kFlagAck) ? EncodeSettingsAck() : EncodeSettings(f.settings);
    case FrameType::kPing:
      return EncodePing(f.payload, f.has(kFlagAck));
    case FrameType::kGoAway:
      return EncodeGoAway(f.last_stream_id, f.error_code, f.payload);
    case FrameType::kWindowUpdate:
      return EncodeWindowUpdate(f.stream_id, f.window_increment);
    default:
      break;
  }
  std::fprintf(stderr, "decoder returned a frame of type %d\n", static_cast<int>(f.type));
  std::abort();
}

bool Same(const Frame& a, const Frame& b) {
  if (a.type != b.type || a.stream_id != b.stream_id || a.payload != b.payload ||
      a.error_code != b.error_code || a.last_stream_id != b.last_stream_id ||
      a.window_increment != b.window_increment || a.settings.size() != b.settings.size()) {
    return false;
  }
  for (size_t i = 0; i < a.settings.size(); ++i) {
    if (a.settings[i].id != b.settings[i].id || a.settings[i].value != b.settings[i].value) {
      return false;
    }
  }
  // Flags survive where they mean something: END_STREAM on DATA and HEADERS, ACK on SETTINGS
  // and PING (the same bit).
  bool flagged = a.type == FrameType::kData || a.type == FrameType::kHeaders ||
                 a.type == FrameType::kSettings || a.type == FrameType::kPing;
  return !flagged || a.has(kFlagEndStream) == b.has(kFlagEndStream);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t piece = 1 + data[0] % 64;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  FrameDecoder decoder;
  Frame f;
  while (true) {
    size_t n = std::min(piece, input.size());
    decoder.Feed(input.substr(0, n));
    input.remove_prefix(n);
    FrameDecoder::Result r;
    while ((r = decoder.Next(&f)) == FrameDecoder::Result::kFrame) {
      FrameDecoder check;
      check.Feed(Encode(f));
      Frame back;
      if (check.Next(&back) != FrameDecoder::Result::kFrame || !Same(f, back)) {
        std::fprintf(stderr, "a frame of type %d does not round-trip: %s\n",
                     static_cast<int>(f.type), check.error().c_str());
        std::abort();
      }
    }
    if (r == FrameDecoder::Result::kError || input.empty()) break;
  }
  return 0;
}
