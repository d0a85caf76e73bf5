// StreamTranslator: serves exec, attach and port-forward requests that
// arrive over WebSocket by speaking SPDY/3.1 towards a backend that only
// speaks SPDY (the kubelet, which relays to the container runtime), as
// upstream's apiserver does since v1.30 (StreamTranslatorHandler for
// v5.channel.k8s.io, the tunneling handler for
// SPDY/3.1+portforward.k8s.io):
//
//  1. the backend is dialled and sent an SPDY upgrade request
//     (Connection: Upgrade, Upgrade: SPDY/3.1, X-Stream-Protocol-Version:
//     v4.channel.k8s.io or portforward.k8s.io);
//  2. an answer other than 101 goes to the client as it is (an error status
//     with its body) or, when the backend cannot be reached or answers
//     oddly, as hooks.on_failure makes it; the client, whose WebSocket
//     upgrade failed, then retries over SPDY as kubectl does;
//  3. on 101 the client's WebSocket handshake is answered with the chosen
//     subprotocol and a Bridge (exec_bridge.h, tunnel_bridge.h) translates
//     between the two connections until either ends.
//
// Thread safety: every method may be called from any thread; a session runs
// on the client connection's executor.
#pragma once

#include <chrono>
#include <memory>

#include "base/status.h"
#include "net/http.h"
#include "net/reverse_proxy.h"
#include "net/stream_translator/exec_bridge.h"

namespace kubepp::net {

class StreamTranslator {
 public:
  static StatusOr<std::unique_ptr<StreamTranslator>> Create(const BackendTls& tls);
  virtual ~StreamTranslator() = default;

  // A WebSocket upgrade offering v5.channel.k8s.io (upstream translates only
  // clients that can close stdin; older WebSocket clients are relayed).
  static bool IsExecTranslation(const HttpRequest& request);
  // A WebSocket upgrade offering SPDY/3.1+portforward.k8s.io.
  static bool IsPortForwardTunnel(const HttpRequest& request);

  // exec/attach. `backend`: method, URL and extra headers of the request to
  // the kubelet (the translator adds the upgrade headers). REQUIRES:
  // IsExecTranslation(client).
  virtual void Exec(ProxyRequest backend, const HttpRequest& client, stream_translator::ExecStreams streams,
                    std::shared_ptr<Responder> out, ProxyHooks hooks) = 0;
  // port-forward. REQUIRES: IsPortForwardTunnel(client).
  virtual void PortForward(ProxyRequest backend, const HttpRequest& client, std::shared_ptr<Responder> out,
                           ProxyHooks hooks) = 0;

  // How long connecting and the TLS handshake may take (30s by default).
  virtual void SetDialTimeout(std::chrono::milliseconds timeout) = 0;
  // How long a finished session waits for the client to close (15 minutes
  // by default, upstream's finishTimeout).
  virtual void SetFinishTimeout(std::chrono::milliseconds timeout) = 0;
};

}  // namespace kubepp::net
