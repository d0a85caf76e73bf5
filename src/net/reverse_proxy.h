// ReverseProxy: passes a client's request on to a backend and the backend's
// answer back, as upstream's UpgradeAwareHandler does for the apiserver's
// proxies to kubelets (pods/log, exec, attach, portforward, nodes/proxy) and
// for the kubelet's proxy to the container runtime's streaming server.
//
// The proxy takes the client's connection over (Responder::Hijack) and:
//  * for an Upgrade request (SPDY or WebSocket: exec, attach, port-forward)
//    sends the request to the backend; when the backend switches protocols
//    (101) or refuses with an error status (>= 400) its answer goes to the
//    client byte for byte, and then bytes flow both ways until either side
//    closes — the proxy never parses the upgraded protocol;
//  * for any other request relays the status, the headers (without the
//    hop-by-hop ones) and the body as it arrives, each piece flushed at once
//    (`kubectl logs -f` streams), reading the backend only as fast as the
//    client takes it; a client that goes away ends the backend request.
// The client connection is closed when the exchange ends.
//
// Thread safety: Forward() may be called from any thread; the relay runs on
// the client connection's executor.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "net/backend_url.h"
#include "net/http.h"

namespace kubepp::net {

// How the proxy reaches its backends.
struct BackendTls {
  // Verify https backends against this CA (PEM file or text); both empty: do
  // not verify them (the apiserver towards kubelets, as upstream without
  // --kubelet-certificate-authority; the kubelet towards its runtime).
  std::string ca_file, ca_pem;
  // The proxy's client identity towards https backends; empty: none.
  std::string cert_file, key_file, cert_pem, key_pem;
};

struct ProxyRequest {
  std::string method = "GET";
  BackendUrl backend;
  Headers headers;        // sent as given (see ForwardedHeaders); the proxy sets Host and Content-Length
  std::string body;
  bool upgrade = false;   // an Upgrade request (see IsUpgradeRequest)
};

enum class ProxyFailure {
  // Connecting, the TLS handshake, sending the request or reading the
  // answer's head failed. The message reads as Go's net errors do: "dial tcp
  // 10.0.0.5:10250: connect: connection refused".
  kUnreachable,
  // An Upgrade request was answered neither 101 nor an error status:
  // "invalid upgrade response: status code 200".
  kInvalidUpgradeResponse,
};

// How the proxy answers the client itself.
struct ProxyHooks {
  // The response for a failure before the backend answered. Required.
  std::function<HttpResponse(ProxyFailure, const Status&)> on_failure;
  // Non-upgrade requests only: an answer outside 200..206 is shown here with
  // (up to 50000 bytes of) its body; a response returned replaces it (the
  // apiserver turns a kubelet's plain-text error into a Status). Null, or
  // nullopt: the answer is relayed as it is.
  std::function<std::optional<HttpResponse>(int code, const std::string& body)> on_error_answer;
};

class ReverseProxy {
 public:
  static StatusOr<std::unique_ptr<ReverseProxy>> Create(const BackendTls& tls);
  virtual ~ReverseProxy() = default;

  // Relays `request` for the client behind `client` (see the file comment).
  // When `client` cannot be taken over (it has gone) nothing is sent.
  virtual void Forward(ProxyRequest request, std::shared_ptr<Responder> client, ProxyHooks hooks) = 0;

  // How long connecting and the TLS handshake may take (30s by default).
  virtual void SetDialTimeout(std::chrono::milliseconds timeout) = 0;
};

// True when the request asks to switch protocols: its Connection header
// names "upgrade" (upstream's httpstream.IsUpgradeRequest).
bool IsUpgradeRequest(const HttpRequest& request);

// The client's headers a proxy passes on: all but Host, Authorization,
// Content-Length and Transfer-Encoding, and for non-upgrade requests none of
// the hop-by-hop ones
// (Connection, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade,
// and those Connection names); X-Forwarded-For gains the client's address.
Headers ForwardedHeaders(const HttpRequest& request, bool upgrade);

}  // namespace kubepp::net
