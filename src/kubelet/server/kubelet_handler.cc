#include "kubelet/server/kubelet_handler.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "base/log.h"
#include "kubelet/server/auth.h"
#include "kubelet/server/responses.h"

namespace kubepp::kubelet::server {
namespace {

std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

KubeletHandler::KubeletHandler(KubeletServerHooks hooks, std::unique_ptr<net::ReverseProxy> runtime_proxy)
    : hooks_(std::move(hooks)), runtime_proxy_(std::move(runtime_proxy)) {}

KubeletHandler::~KubeletHandler() { Stop(); }

void KubeletHandler::Handle(net::HttpRequest& request, std::shared_ptr<net::Responder> out) {
  if (auto refusal = Authorize(request)) return out->Respond(std::move(*refusal));
  if (request.read_error != net::HttpRequest::ReadError::kNone) {
    return out->Respond(TextResponse(400, "the request could not be read"));
  }
  std::vector<std::string> parts = Segments(request.path);
  const std::string root = parts.empty() ? "" : parts[0];
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool get_or_post = get || request.method == "POST";
  if (root == "healthz") {
    if (!get) return out->Respond(TextResponse(405, "Method Not Allowed"));
    return ServeHealthz(request, *out);
  }
  if (root == "pods" && parts.size() == 1) {
    if (!get) return out->Respond(TextResponse(405, "Method Not Allowed"));
    return ServePods(*out);
  }
  if (root == "containerLogs" && parts.size() == 4) {
    if (!get) return out->Respond(TextResponse(405, "Method Not Allowed"));
    return ServeContainerLogs(parts, request, std::move(out));
  }
  if ((root == "exec" || root == "attach") && (parts.size() == 4 || parts.size() == 5)) {
    if (!get_or_post) return out->Respond(TextResponse(405, "Method Not Allowed"));
    return ServeStream(root == "exec" ? StreamRequest::Kind::kExec : StreamRequest::Kind::kAttach, parts, request,
                       std::move(out));
  }
  if (root == "portForward" && (parts.size() == 3 || parts.size() == 4)) {
    if (!get_or_post) return out->Respond(TextResponse(405, "Method Not Allowed"));
    return ServeStream(StreamRequest::Kind::kPortForward, parts, request, std::move(out));
  }
  if ((root == "stats" || root == "metrics") && hooks_.stats) {
    if (auto response = hooks_.stats(request)) return out->Respond(std::move(*response));
  }
  out->Respond(TextResponse(404, "404 page not found\n"));
}

void KubeletHandler::ServeHealthz(const net::HttpRequest& request, net::Responder& out) {
  Status sync = hooks_.sync_loop_health ? hooks_.sync_loop_health() : Status::Ok();
  const bool verbose = request.query.find("verbose") != std::string::npos;
  if (!sync.ok()) {
    VLOG(2) << "healthz: syncloop: " << sync.message();
    return out.Respond(
        TextResponse(500, "[+]ping ok\n[+]log ok\n[-]syncloop failed: reason withheld\nhealthz check failed\n"));
  }
  if (verbose) return out.Respond(TextResponse(200, "[+]ping ok\n[+]log ok\n[+]syncloop ok\nhealthz check passed\n"));
  out.Respond(TextResponse(200, "ok"));
}

void KubeletHandler::ServePods(net::Responder& out) {
  std::string body = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[";
  bool first = true;
  if (hooks_.list_pods) {
    for (const auto& pod : hooks_.list_pods()) {
      if (!pod) continue;
      if (!first) body += ',';
      first = false;
      body += boost::json::serialize(*pod);
    }
  }
  body += "]}";
  net::HttpResponse r;
  r.status = 200;
  r.content_type = "application/json";
  r.body = std::move(body);
  out.Respond(std::move(r));
}

void KubeletHandler::RunStream(std::function<void()> fn) { streams_.Start(std::move(fn)); }

void KubeletHandler::Stop() {
  stopping_ = true;
  streams_.JoinAll();
}

}  // namespace kubepp::kubelet::server
