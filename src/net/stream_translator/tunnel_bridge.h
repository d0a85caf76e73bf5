// TunnelBridge: port-forward over WebSocket as kubectl 1.31+ speaks it
// (subprotocol "SPDY/3.1+portforward.k8s.io"): the client runs a whole
// SPDY/3.1 session inside WebSocket binary messages; the bridge unwraps
// their payloads into the byte stream of an SPDY upgrade towards the kubelet
// (protocol portforward.k8s.io), and wraps the kubelet's bytes into binary
// messages, as upstream's tunneling handler does. It never parses SPDY: the
// session runs between kubectl and the container runtime.
//
// The backend closing ends the tunnel with a close frame (1000); the client
// closing, or sending a malformed frame, ends it at once.
//
// Thread safety: see Bridge.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "net/stream_translator/bridge.h"
#include "net/websocket/frame.h"

namespace kubepp::net::stream_translator {

inline constexpr std::string_view kTunnelingProtocol = "SPDY/3.1+portforward.k8s.io";
inline constexpr std::string_view kPortForwardProtocol = "portforward.k8s.io";

class TunnelBridge final : public Bridge {
 public:
  explicit TunnelBridge(size_t max_message = 16 << 20) : ws_reader_(max_message) {}

  // Bridge:
  void FromClient(std::string_view bytes) override;
  void FromBackend(std::string_view bytes) override;
  void ClientEnded() override { state_ = State::kDone; }
  void BackendEnded() override;
  std::string TakeForClient() override { return std::exchange(to_client_, {}); }
  std::string TakeForBackend() override { return std::exchange(to_backend_, {}); }
  State state() const override { return state_; }

 private:
  websocket::MessageReader ws_reader_;
  std::string to_client_, to_backend_;
  State state_ = State::kRunning;
};

}  // namespace kubepp::net::stream_translator
