#include "apiserver/kubelet_proxy.h"

#include "api/options/pod_log_options.h"
#include "api/options/pod_stream_options.h"
#include "apiserver/kubelet_locations.h"
#include "apiserver/object_meta.h"
#include "base/log.h"

namespace kubepp::apiserver {
namespace {

void Reply(net::Responder& out, const Status& status, const StatusDetails& details = {}) {
  out.Respond(StatusResponse(status, details));
}

std::string NodeNameOf(const boost::json::object& pod) {
  auto spec = pod.find("spec");
  if (spec == pod.end() || !spec->value().is_object()) return "";
  auto node = spec->value().as_object().find("nodeName");
  return node != spec->value().as_object().end() && node->value().is_string()
             ? std::string(node->value().as_string())
             : "";
}

net::BackendUrl KubeletUrl(const KubeletEndpoint& endpoint, std::string path, const std::string& query) {
  net::BackendUrl url;
  url.tls = true;
  url.host = endpoint.host;
  url.port = endpoint.port;
  url.target = std::move(path);
  if (!query.empty()) url.target += "?" + query;
  return url;
}

// Answers for an upgrade the proxy could not relay: upstream's responder
// turns the dial error into a Status with no reason.
net::HttpResponse UpgradeFailure(net::ProxyFailure kind, const Status& st) {
  std::string message = kind == net::ProxyFailure::kUnreachable ? "error dialing backend: " + st.message()
                                                                 : st.message();
  KLOG(WARNING) << "proxying to a kubelet: " << message;
  return StatusResponse(Status(Reason::kUnknown, message));
}

// The headers of a translated request: none of the client's WebSocket
// handshake (the translator adds the SPDY upgrade), only who it came from.
net::Headers TranslatedHeaders(const net::HttpRequest& req) {
  net::Headers out;
  for (auto& [name, value] : net::ForwardedHeaders(req, false)) {
    if (name.rfind("sec-websocket-", 0) == 0) continue;
    out.emplace_back(name, value);
  }
  return out;
}

}  // namespace

KubeletProxy::KubeletProxy(std::unique_ptr<net::ReverseProxy> kubelets, std::unique_ptr<net::ReverseProxy> other_ports,
                           std::unique_ptr<net::StreamTranslator> translator)
    : kubelets_(std::move(kubelets)), other_ports_(std::move(other_ports)), translator_(std::move(translator)) {}

StatusOr<std::unique_ptr<KubeletProxy>> KubeletProxy::Create(const KubeletClientConfig& config) {
  net::BackendTls tls;
  tls.cert_file = config.cert_file;
  tls.key_file = config.key_file;
  tls.ca_file = config.ca_file;
  auto kubelets = net::ReverseProxy::Create(tls);
  if (!kubelets.ok()) return kubelets.status();
  auto other = net::ReverseProxy::Create({});
  if (!other.ok()) return other.status();
  auto translator = net::StreamTranslator::Create(tls);
  if (!translator.ok()) return translator.status();
  return std::unique_ptr<KubeletProxy>(new KubeletProxy(std::move(*kubelets), std::move(*other), std::move(*translator)));
}

void KubeletProxy::PodLog(Registry& registry, const RequestInfo& info, const net::HttpRequest& req,
                          std::shared_ptr<net::Responder> out) {
  if (req.method != "GET" && req.method != "HEAD") {
    return Reply(*out, Status::MethodNotAllowed("the server does not allow this method on the requested resource"));
  }
  auto options = api::DecodePodLogOptions(api::ParseQueryValues(req.query));
  if (!options.ok()) return Reply(*out, options.status());
  if (auto errors = api::ValidatePodLogOptions(*options); !errors.empty()) {
    return Reply(*out, api::InvalidPodLogOptions(info.name, errors), StatusDetails{info.name, "", "PodLogOptions", ""});
  }
  DetailedStatus failure;
  auto pod = GetPodForProxy(registry, info.namespace_name, info.name, &failure);
  if (!pod.ok()) return Reply(*out, failure.status, failure.details);
  auto container = ValidateContainer(options->container, *pod);
  if (!container.ok()) return Reply(*out, container.status());
  std::string node_name = NodeNameOf(*pod);
  if (node_name.empty()) {
    // Not scheduled yet: upstream streams nothing.
    return out->Respond(net::HttpResponse{200, "text/plain", {}, ""});
  }
  auto endpoint = NodeKubeletEndpoint(registry, node_name, &failure);
  if (!endpoint.ok()) return Reply(*out, failure.status, failure.details);

  net::ProxyRequest request;
  request.method = req.method;
  request.backend = KubeletUrl(*endpoint,
                               "/containerLogs/" + info.namespace_name + "/" + info.name + "/" + *container,
                               api::KubeletLogQuery(*options));
  const std::string url = request.backend.ToString();
  const std::string pod_name = info.name;
  net::ProxyHooks hooks;
  hooks.on_failure = [url](net::ProxyFailure, const Status& st) {
    // How Go's HTTP client words a failed request.
    return StatusResponse(Status(Reason::kUnknown, "Get \"" + url + "\": " + st.message()));
  };
  hooks.on_error_answer = [pod_name](int code, const std::string& body) -> std::optional<net::HttpResponse> {
    DetailedStatus translated = KubeletAnswerStatus(code, body, "pods/log", pod_name);
    return StatusResponse(translated.status, translated.details);
  };
  VLOG(3) << "pods/log " << info.namespace_name << "/" << info.name << " from " << url;
  kubelets_->Forward(std::move(request), std::move(out), std::move(hooks));
}

void KubeletProxy::PodStream(Registry& registry, const RequestInfo& info, const net::HttpRequest& req,
                             std::shared_ptr<net::Responder> out) {
  if (req.method != "GET" && req.method != "POST") {
    return Reply(*out, Status::MethodNotAllowed("the server does not allow this method on the requested resource"));
  }
  api::QueryValues query = api::ParseQueryValues(req.query);
  DetailedStatus failure;
  auto pod = GetPodForProxy(registry, info.namespace_name, info.name, &failure);
  if (!pod.ok()) return Reply(*out, failure.status, failure.details);
  std::string path;
  std::string kubelet_query;
  if (info.subresource == "portforward") {
    auto ports = api::DecodePortForwardPorts(query);
    if (!ports.ok()) return Reply(*out, ports.status());
    path = "/portForward/" + info.namespace_name + "/" + info.name;
    kubelet_query = api::KubeletPortForwardQuery(*ports);
  } else {
    api::PodStreamOptions options =
        info.subresource == "exec" ? api::DecodePodExecOptions(query) : api::DecodePodAttachOptions(query);
    auto container = ValidateContainer(options.container, *pod);
    if (!container.ok()) return Reply(*out, container.status());
    path = "/" + info.subresource + "/" + info.namespace_name + "/" + info.name + "/" + *container;
    kubelet_query = api::KubeletStreamQuery(options);
  }
  std::string node_name = NodeNameOf(*pod);
  if (node_name.empty()) {
    return Reply(*out, Status::BadRequest("pod " + info.name + " does not have a host assigned"));
  }
  auto endpoint = NodeKubeletEndpoint(registry, node_name, &failure);
  if (!endpoint.ok()) return Reply(*out, failure.status, failure.details);
  if (!net::IsUpgradeRequest(req)) return Reply(*out, Status::BadRequest("Upgrade request required"));

  net::ProxyRequest request;
  request.method = req.method;
  request.backend = KubeletUrl(*endpoint, path, kubelet_query);
  request.upgrade = true;
  net::ProxyHooks hooks;
  hooks.on_failure = UpgradeFailure;
  // WebSocket clients (kubectl 1.30+) are answered here and spoken to in
  // SPDY towards the kubelet, which (with its runtime) speaks only SPDY.
  const bool tunnel = info.subresource == "portforward" && net::StreamTranslator::IsPortForwardTunnel(req);
  const bool translate = info.subresource != "portforward" && net::StreamTranslator::IsExecTranslation(req);
  if (tunnel || translate) {
    request.method = "POST";
    request.headers = TranslatedHeaders(req);
    VLOG(3) << "pods/" << info.subresource << " " << info.namespace_name << "/" << info.name
            << " over WebSocket, as SPDY via " << request.backend.ToString();
    if (tunnel) return translator_->PortForward(std::move(request), req, std::move(out), std::move(hooks));
    api::PodStreamOptions options =
        info.subresource == "exec" ? api::DecodePodExecOptions(query) : api::DecodePodAttachOptions(query);
    net::stream_translator::ExecStreams streams{options.input, options.output, options.error, options.tty};
    return translator_->Exec(std::move(request), req, streams, std::move(out), std::move(hooks));
  }
  request.headers = net::ForwardedHeaders(req, true);
  request.body = req.body;
  VLOG(3) << "pods/" << info.subresource << " " << info.namespace_name << "/" << info.name << " via "
          << request.backend.ToString();
  kubelets_->Forward(std::move(request), std::move(out), std::move(hooks));
}

}  // namespace kubepp::apiserver
