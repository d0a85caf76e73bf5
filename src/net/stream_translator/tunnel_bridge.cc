#include "net/stream_translator/tunnel_bridge.h"

#include <algorithm>

namespace kubepp::net::stream_translator {
namespace {

constexpr size_t kChunk = 32 * 1024;

}  // namespace

void TunnelBridge::FromClient(std::string_view bytes) {
  if (state_ == State::kDone) return;
  ws_reader_.Feed(bytes);
  websocket::Event event;
  for (;;) {
    auto result = ws_reader_.Next(&event);
    if (result == websocket::MessageReader::Result::kNeedMore) return;
    if (result == websocket::MessageReader::Result::kError) {
      to_client_ += websocket::EncodeClose(ws_reader_.error_code(), ws_reader_.error());
      state_ = State::kDone;
      return;
    }
    switch (event.kind) {
      case websocket::Event::Kind::kPing:
        to_client_ += websocket::EncodeFrame(websocket::Opcode::kPong, event.payload);
        break;
      case websocket::Event::Kind::kPong:
        break;
      case websocket::Event::Kind::kClose:
        if (state_ == State::kRunning) {
          to_client_ += websocket::EncodeClose(
              event.close_code == websocket::kCloseNoStatus ? websocket::kCloseNormal : event.close_code);
        }
        state_ = State::kDone;
        return;
      case websocket::Event::Kind::kMessage:
        if (state_ == State::kRunning) to_backend_ += event.payload;
        break;
    }
  }
}

void TunnelBridge::FromBackend(std::string_view bytes) {
  if (state_ != State::kRunning) return;
  while (!bytes.empty()) {
    size_t n = std::min(bytes.size(), kChunk);
    to_client_ += websocket::EncodeFrame(websocket::Opcode::kBinary, bytes.substr(0, n));
    bytes.remove_prefix(n);
  }
}

void TunnelBridge::BackendEnded() {
  if (state_ != State::kRunning) return;
  to_client_ += websocket::EncodeClose(websocket::kCloseNormal);
  state_ = State::kAwaitingClientClose;
}

}  // namespace kubepp::net::stream_translator
