#include "kubelet/server/auth.h"

#include <algorithm>

namespace kubepp::kubelet::server {
namespace {

bool IsSubpath(const std::string& path, std::string prefix) {
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  return path == prefix || (path.rfind(prefix, 0) == 0 && path.size() > prefix.size() && path[prefix.size()] == '/');
}

net::HttpResponse Text(int code, std::string body) {
  net::HttpResponse r;
  r.status = code;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

}  // namespace

std::string RequestVerb(const std::string& method) {
  if (method == "GET") return "get";
  if (method == "POST") return "create";
  if (method == "PUT") return "update";
  if (method == "PATCH") return "patch";
  if (method == "DELETE") return "delete";
  return "";
}

std::string NodeSubresource(const std::string& path) {
  if (IsSubpath(path, "/stats/")) return "stats";
  if (IsSubpath(path, "/metrics")) return "metrics";
  if (IsSubpath(path, "/logs/")) return "log";
  return "proxy";
}

std::optional<net::HttpResponse> Authorize(const net::HttpRequest& request) {
  const net::PeerIdentity& peer = request.peer;
  if (!peer.verified || peer.common_name.empty()) return Text(401, "Unauthorized");
  const auto& groups = peer.organizations;
  if (peer.common_name == kApiserverKubeletClient ||
      std::find(groups.begin(), groups.end(), "system:masters") != groups.end()) {
    return std::nullopt;
  }
  return Text(403, "Forbidden (user=" + peer.common_name + ", verb=" + RequestVerb(request.method) +
                       ", resource=nodes, subresource(s)=[" + NodeSubresource(request.path) + "])\n");
}

}  // namespace kubepp::kubelet::server
