// KubeletProxy: the apiserver's subresources that are answered by a node's
// kubelet, as upstream's pod and node REST storage serves them:
//
//   GET      pods/{name}/log          → https://<node>:<port>/containerLogs/{ns}/{pod}/{container}?...
//   GET|POST pods/{name}/exec         → .../exec/{ns}/{pod}/{container}?command=..&input=1..
//   GET|POST pods/{name}/attach       → .../attach/{ns}/{pod}/{container}?...
//   GET|POST pods/{name}/portforward  → .../portForward/{ns}/{pod}?port=..
//   *        nodes/{name}/proxy/{path} → https://<node>:<port>/{path}?<the client's query>
//
// Options are read and checked as upstream does (LogLocation, ExecLocation,
// PortForwardLocation, validateContainer in pkg/registry/core/pod/strategy.go;
// ValidatePodLogOptions) with upstream's messages. The apiserver connects as
// apiserver-kubelet-client (CN kube-apiserver-kubelet-client, O
// system:masters) and does not verify kubelet serving certificates unless
// given a kubelet CA. Logs stream back as the kubelet sends them (flushed, so
// `kubectl logs -f` follows); a kubelet's plain-text error becomes a Status
// as upstream's GenericHttpResponseChecker makes it. exec, attach and
// port-forward relay the Upgrade and then the bytes both ways; node proxy
// requests are relayed as they are.
//
// Not done: translating WebSocket v5 exec/attach into SPDY towards the
// kubelet, or WebSocket-tunnelled port-forward (upstream's stream translator
// and tunneling handler): such an upgrade goes to the kubelet as it is, the
// runtime refuses protocols it does not speak, and kubectl then falls back
// to SPDY. Logs over WebSocket are not served.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <memory>
#include <string>

#include "apiserver/registry.h"
#include "apiserver/request_info.h"
#include "base/status.h"
#include "net/http.h"
#include "net/reverse_proxy.h"

namespace kubepp::apiserver {

struct KubeletClientConfig {
  std::string cert_file, key_file;  // the apiserver's client identity towards kubelets
  std::string ca_file;              // verify kubelets against this CA; empty: do not
};

class KubeletProxy {
 public:
  static StatusOr<std::unique_ptr<KubeletProxy>> Create(const KubeletClientConfig& config);

  // pods/{name}/log. REQUIRES: info names a pod's log subresource.
  void PodLog(Registry& registry, const RequestInfo& info, const net::HttpRequest& req,
              std::shared_ptr<net::Responder> out);
  // pods/{name}/exec, attach, portforward.
  void PodStream(Registry& registry, const RequestInfo& info, const net::HttpRequest& req,
                 std::shared_ptr<net::Responder> out);
  // nodes/{name}/proxy[/{path}].
  void NodeProxy(Registry& registry, const RequestInfo& info, const net::HttpRequest& req,
                 std::shared_ptr<net::Responder> out);

 private:
  KubeletProxy(std::unique_ptr<net::ReverseProxy> kubelets, std::unique_ptr<net::ReverseProxy> other_ports);

  // Constant after construction:
  const std::unique_ptr<net::ReverseProxy> kubelets_;     // with the kubelet client identity
  const std::unique_ptr<net::ReverseProxy> other_ports_;  // nodes/{name}:{port}/proxy to other ports
};

}  // namespace kubepp::apiserver
