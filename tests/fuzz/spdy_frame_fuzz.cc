// Fuzzes the SPDY/3.1 frame reader and its header decompression (the bytes
// a kubelet or runtime sends back to the apiserver, and through the
// port-forward tunnel whatever a client sends). Every frame read must encode
// again and read back the same with a fresh pair of compression contexts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/spdy/frame.h"

using kubepp::net::spdy::Frame;
using kubepp::net::spdy::FrameReader;
using kubepp::net::spdy::FrameType;
using kubepp::net::spdy::FrameWriter;

namespace {

std::string Encode(FrameWriter& w, const Frame& f) {
  switch (f.type) {
    case FrameType::kData: return w.Data(f.stream_id, f.data, f.fin());
    case FrameType::kSynStream: return w.SynStream(f.stream_id, f.headers, f.flags, f.priority, f.associated_stream_id);
    case FrameType::kSynReply: return w.SynReply(f.stream_id, f.headers, f.flags);
    case FrameType::kHeaders: return w.Headers(f.stream_id, f.headers, f.flags);
    case FrameType::kRstStream: return w.RstStream(f.stream_id, f.status);
    case FrameType::kSettings: return w.Settings(f.settings);
    case FrameType::kPing: return w.Ping(f.ping_id);
    case FrameType::kGoAway: return w.GoAway(f.last_good_stream_id, f.status);
    case FrameType::kWindowUpdate: return w.WindowUpdate(f.stream_id, f.delta_window);
  }
  return "";
}

bool Same(const Frame& a, const Frame& b) {
  return a.type == b.type && a.stream_id == b.stream_id && a.associated_stream_id == b.associated_stream_id &&
         a.priority == b.priority && a.status == b.status && a.ping_id == b.ping_id &&
         a.last_good_stream_id == b.last_good_stream_id && a.delta_window == b.delta_window &&
         a.headers == b.headers && a.data == b.data && a.settings.size() == b.settings.size() &&
         // Flags survive where the writer takes them; data frames keep FIN only.
         (a.type == FrameType::kData ? a.fin() == b.fin()
          : a.type == FrameType::kSynStream || a.type == FrameType::kSynReply || a.type == FrameType::kHeaders
              ? a.flags == b.flags
              : true);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  FrameReader reader(1 << 16);
  FrameWriter writer;
  FrameReader check(1 << 16);
  reader.Feed(input);
  Frame f;
  while (reader.Next(&f) == FrameReader::Result::kFrame) {
    check.Feed(Encode(writer, f));
    Frame back;
    if (check.Next(&back) != FrameReader::Result::kFrame || !Same(f, back)) {
      std::fprintf(stderr, "a frame of type %d does not round-trip: %s\n", static_cast<int>(f.type),
                   check.error().c_str());
      std::abort();
    }
  }
  return 0;
}
