// /exec, /attach and /portForward: find the pod, ask the runtime for a
// streaming URL, and proxy the client's Upgrade request and then the
// upgraded bytes to it, as upstream's getExec/getAttach/getPortForward do
// with an UpgradeAwareHandler. The options are read as upstream's
// remotecommand.NewOptions and portforward.NewV4Options read them.
#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "api/options/query_values.h"
#include "base/log.h"
#include "kubelet/server/kubelet_handler.h"
#include "kubelet/server/responses.h"

namespace kubepp::kubelet::server {
namespace {

bool IsWebSocketRequest(const net::HttpRequest& request) {
  if (!net::IsUpgradeRequest(request)) return false;
  const std::string* upgrade = request.Header("upgrade");
  if (!upgrade) return false;
  std::string lower = *upgrade;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "websocket";
}

// remotecommand.NewOptions: each stream is asked for with "1".
Status ReadStreamOptions(const api::QueryValues& query, StreamRequest* r) {
  auto is_one = [&](const char* key) { return api::FirstValue(query, key).value_or("") == "1"; };
  r->tty = is_one("tty");
  r->input = is_one("input");
  r->output = is_one("output");
  r->error = is_one("error");
  // A terminal merges stderr into stdout.
  if (r->tty && r->error) r->error = false;
  if (!r->input && !r->output && !r->error) {
    return Status::BadRequest("you must specify at least 1 of stdin, stdout, stderr");
  }
  return Status::Ok();
}

// portforward.NewV4Options: WebSocket clients name their ports in the query;
// SPDY clients name one per stream later.
Status ReadPortForwardOptions(const net::HttpRequest& request, const api::QueryValues& query, StreamRequest* r) {
  if (!IsWebSocketRequest(request)) return Status::Ok();
  auto values = api::AllValues(query, "port");
  if (values.empty()) return Status::BadRequest("query parameter \"port\" is required");
  for (const auto& value : values) {
    if (value.empty()) return Status::BadRequest("query parameter \"port\" cannot be empty");
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      std::string part = value.substr(start, comma - start);
      char* end = nullptr;
      errno = 0;
      unsigned long port = part.empty() ? 0 : std::strtoul(part.c_str(), &end, 10);
      if (part.empty() || *end != '\0' || errno != 0 || port > 65535 || !std::isdigit(static_cast<unsigned char>(part[0]))) {
        return Status::BadRequest("unable to parse \"" + value + "\" as a port: strconv.ParseUint: parsing \"" +
                                  part + "\": invalid syntax");
      }
      if (port < 1) return Status::BadRequest("port \"" + value + "\" must be > 0");
      r->ports.push_back(static_cast<int32_t>(port));
      start = comma + 1;
    }
  }
  return Status::Ok();
}

int StreamingErrorCode(const Status& st, net::HttpResponse* response) {
  if (st.reason() == Reason::kNotFound) return 404;
  if (st.reason() == Reason::kTooManyRequests) {
    // A full streaming cache: upstream asks to come back after its TTL.
    response->headers.emplace_back("Retry-After", "60");
    return 429;
  }
  return 500;
}

}  // namespace

void KubeletHandler::ServeStream(StreamRequest::Kind kind, const std::vector<std::string>& parts,
                                 net::HttpRequest& request, std::shared_ptr<net::Responder> out) {
  // /exec/{ns}/{pod}[/{uid}]/{container}, /portForward/{ns}/{pod}[/{uid}]
  const std::string& pod_namespace = parts[1];
  const std::string& pod_name = parts[2];
  std::string uid;
  StreamRequest stream;
  stream.kind = kind;
  api::QueryValues query = api::ParseQueryValues(request.query);
  if (kind == StreamRequest::Kind::kPortForward) {
    if (parts.size() == 4) uid = parts[3];
    if (Status st = ReadPortForwardOptions(request, query, &stream); !st.ok()) {
      return out->Respond(TextResponse(400, st.message()));
    }
  } else {
    if (parts.size() == 5) uid = parts[3];
    stream.container = parts.back();
    if (Status st = ReadStreamOptions(query, &stream); !st.ok()) {
      return out->Respond(TextResponse(400, st.message()));
    }
    if (kind == StreamRequest::Kind::kExec) stream.command = api::AllValues(query, "command");
  }
  stream.pod = hooks_.get_pod ? hooks_.get_pod(pod_namespace, pod_name) : nullptr;
  if (!stream.pod) return out->Respond(TextResponse(404, "pod does not exist"));
  if (kind == StreamRequest::Kind::kPortForward && !uid.empty() && PodUid(*stream.pod) != uid) {
    return out->Respond(TextResponse(404, "pod not found"));
  }
  if (!net::IsUpgradeRequest(request)) {
    // Upstream asks the runtime first and then refuses; asking would only
    // leave a session behind.
    return out->Respond(TextResponse(500, "Upgrade request required"));
  }
  if (!hooks_.resolve_stream) return out->Respond(TextResponse(500, "streaming is not available"));
  auto url = hooks_.resolve_stream(stream);
  if (!url.ok()) {
    net::HttpResponse r = TextResponse(500, url.status().message());
    r.status = StreamingErrorCode(url.status(), &r);
    return out->Respond(std::move(r));
  }
  auto backend = net::ParseBackendUrl(*url);
  if (!backend.ok()) return out->Respond(TextResponse(500, backend.status().message()));
  net::ProxyRequest proxied;
  proxied.method = request.method;
  proxied.backend = std::move(*backend);
  proxied.upgrade = true;
  proxied.headers = net::ForwardedHeaders(request, true);
  proxied.body = request.body;
  net::ProxyHooks proxy_hooks;
  proxy_hooks.on_failure = [](net::ProxyFailure kind, const Status& st) {
    std::string message = kind == net::ProxyFailure::kUnreachable ? "error dialing backend: " + st.message()
                                                                   : st.message();
    KLOG(WARNING) << "Error while proxying request: " << message;
    return TextResponse(500, message);
  };
  VLOG(3) << "proxying " << request.method << " " << request.path << " to the runtime at " << *url;
  runtime_proxy_->Forward(std::move(proxied), std::move(out), std::move(proxy_hooks));
}

}  // namespace kubepp::kubelet::server
