// nodes/{name}/proxy/{path}: a request relayed to the node's kubelet (or,
// for nodes/{name}:{port}/proxy, to another port of the node), as upstream's
// node ProxyREST and node.ResourceLocation do. The node may be named
// "name", "name:port" or "scheme:name:port"; loopback and link-local node
// addresses are refused.
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "apiserver/kubelet_locations.h"
#include "apiserver/kubelet_proxy.h"
#include "base/log.h"

namespace kubepp::apiserver {
namespace {

struct NodeId {
  std::string scheme, name, port;
};

// Upstream's utilnet.SplitSchemeNamePort.
std::optional<NodeId> SplitSchemeNamePort(const std::string& id) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t colon = id.find(':', start);
    parts.push_back(id.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  NodeId out;
  if (parts.size() == 1) {
    out.name = parts[0];
  } else if (parts.size() == 2) {
    out.name = parts[0];
    out.port = parts[1];
  } else if (parts.size() == 3) {
    out.scheme = parts[0];
    out.name = parts[1];
    out.port = parts[2];
  } else {
    return std::nullopt;
  }
  if (out.name.empty() || (out.scheme != "" && out.scheme != "http" && out.scheme != "https")) return std::nullopt;
  return out;
}

// The path after ".../nodes/{name}/proxy" in the raw request target, cleaned
// as Go's path.Join cleans it but keeping a trailing slash.
std::string SubPath(const std::string& target) {
  std::string path = target.substr(0, target.find('?'));
  std::vector<std::string> segments;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    segments.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  size_t proxy = 0;
  for (size_t k = 0; k + 2 < segments.size(); ++k) {
    if (segments[k] == "nodes" && segments[k + 2] == "proxy") {
      proxy = k + 2;
      break;
    }
  }
  std::vector<std::string> kept;
  for (size_t k = proxy + 1; k < segments.size(); ++k) {
    if (segments[k].empty() || segments[k] == ".") continue;
    if (segments[k] == "..") {
      if (!kept.empty()) kept.pop_back();
      continue;
    }
    kept.push_back(segments[k]);
  }
  std::string out;
  for (const auto& s : kept) out += "/" + s;
  if (out.empty() || (path.size() > 1 && path.back() == '/')) out += "/";
  return out;
}

}  // namespace

void KubeletProxy::NodeProxy(Registry& registry, const RequestInfo& info, const net::HttpRequest& req,
                             std::shared_ptr<net::Responder> out) {
  auto id = SplitSchemeNamePort(info.name);
  if (!id) {
    return out->Respond(StatusResponse(Status::BadRequest("invalid node request \"" + info.name + "\"")));
  }
  DetailedStatus failure;
  auto endpoint = NodeKubeletEndpoint(registry, id->name, &failure);
  if (!endpoint.ok()) return out->Respond(StatusResponse(failure.status, failure.details));
  if (Status st = CheckProxyableHost(endpoint->host); !st.ok()) return out->Respond(StatusResponse(st));

  net::ProxyRequest request;
  request.method = req.method;
  request.upgrade = net::IsUpgradeRequest(req);
  request.headers = net::ForwardedHeaders(req, request.upgrade);
  request.body = req.body;
  request.backend.host = endpoint->host;
  request.backend.target = SubPath(req.target);
  if (!req.query.empty()) request.backend.target += "?" + req.query;
  net::ReverseProxy* proxy = kubelets_.get();
  if (id->port.empty() || id->port == std::to_string(endpoint->port)) {
    request.backend.tls = true;
    request.backend.port = endpoint->port;
  } else {
    char* end = nullptr;
    unsigned long port = std::strtoul(id->port.c_str(), &end, 10);
    if (*end != '\0' || port == 0 || port > 65535) {
      return out->Respond(StatusResponse(Status::BadRequest("invalid node request \"" + info.name + "\"")));
    }
    request.backend.tls = id->scheme == "https";
    request.backend.port = static_cast<uint16_t>(port);
    proxy = other_ports_.get();
  }
  const bool upgrade = request.upgrade;
  net::ProxyHooks hooks;
  hooks.on_failure = [upgrade](net::ProxyFailure kind, const Status& st) {
    std::string message = upgrade && kind == net::ProxyFailure::kUnreachable ? "error dialing backend: " + st.message()
                                                                              : st.message();
    return StatusResponse(Status(Reason::kUnknown, message));
  };
  VLOG(3) << "nodes/proxy " << req.method << " " << request.backend.ToString();
  proxy->Forward(std::move(request), std::move(out), std::move(hooks));
}

}  // namespace kubepp::apiserver
