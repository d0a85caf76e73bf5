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
// port-forward over SPDY (kubectl before 1.30, or with
// KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false) relay the Upgrade and then the
// bytes both ways. Over WebSocket, as kubectl 1.30+ asks first, the
// apiserver answers the WebSocket itself and speaks SPDY to the kubelet
// (net::StreamTranslator, upstream's StreamTranslatorHandler and tunneling
// handler): exec/attach with v5.channel.k8s.io, port-forward with
// SPDY/3.1+portforward.k8s.io. Other WebSocket upgrades (v4 and older
// channel protocols) are relayed to the kubelet as they are. Node proxy
// requests are relayed as they are.
//
// Not done: logs over WebSocket.
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
#include "net/stream_translator/stream_translator.h"

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
  KubeletProxy(std::unique_ptr<net::ReverseProxy> kubelets, std::unique_ptr<net::ReverseProxy> other_ports,
               std::unique_ptr<net::StreamTranslator> translator);

  // Constant after construction:
  const std::unique_ptr<net::ReverseProxy> kubelets_;     // with the kubelet client identity
  const std::unique_ptr<net::ReverseProxy> other_ports_;  // nodes/{name}:{port}/proxy to other ports
  const std::unique_ptr<net::StreamTranslator> translator_;  // WebSocket clients, with the kubelet client identity
};

}  // namespace kubepp::apiserver
