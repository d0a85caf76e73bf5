// Fuzzes the WebSocket frame reader (exec, attach and port-forward clients
// send frames the apiserver must not trust). The input is fed in pieces cut
// where the first byte says, so partial frames are exercised. Every message
// read must encode again (masked, as a client sends it) and read back the
// same; nothing is read after an error or a close frame.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/websocket/frame.h"

using kubepp::net::websocket::EncodeClose;
using kubepp::net::websocket::EncodeFrame;
using kubepp::net::websocket::Event;
using kubepp::net::websocket::MessageReader;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t piece = 1 + data[0] % 64;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  MessageReader reader(4096);
  bool ended = false;
  for (size_t at = 0; at < input.size(); at += piece) {
    reader.Feed(input.substr(at, piece));
    Event e;
    MessageReader::Result r;
    while ((r = reader.Next(&e)) == MessageReader::Result::kEvent) {
      if (ended) {
        std::fprintf(stderr, "an event after the end\n");
        std::abort();
      }
      std::string again;
      switch (e.kind) {
        case Event::Kind::kMessage: again = EncodeFrame(e.opcode, e.payload, true, 0x12345678); break;
        case Event::Kind::kPing: again = EncodeFrame(kubepp::net::websocket::Opcode::kPing, e.payload, true, 7); break;
        case Event::Kind::kPong: again = EncodeFrame(kubepp::net::websocket::Opcode::kPong, e.payload, true, 7); break;
        case Event::Kind::kClose:
          ended = true;
          again = e.close_code == kubepp::net::websocket::kCloseNoStatus
                      ? EncodeFrame(kubepp::net::websocket::Opcode::kClose, "", true, 9)
                      : EncodeClose(e.close_code, e.close_reason, 9);
          break;
      }
      MessageReader check(4096);
      check.Feed(again);
      Event back;
      if (check.Next(&back) != MessageReader::Result::kEvent || back.kind != e.kind || back.payload != e.payload ||
          back.close_code != e.close_code || back.close_reason != e.close_reason) {
        std::fprintf(stderr, "an event (kind %d, %zu bytes, close %d) does not round-trip: %s\n",
                     static_cast<int>(e.kind), e.payload.size(), e.close_code, check.error().c_str());
        std::abort();
      }
    }
    if (r == MessageReader::Result::kError) {
      if (reader.error_code() < 1000 || reader.error().empty()) {
        std::fprintf(stderr, "an error without a close code or reason\n");
        std::abort();
      }
      ended = true;
    }
  }
  return 0;
}
