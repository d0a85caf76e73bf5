#include "apiserver/kubelet_locations.h"

#include <boost/json/array.hpp>

#include "api/resources/catalog.h"
#include "api/validation/field_errors.h"
#include "apiserver/object_meta.h"
#include "base/go_quote.h"

namespace kubepp::apiserver {
namespace {

std::vector<std::string> ContainerNames(const boost::json::object& spec, const char* list) {
  std::vector<std::string> out;
  auto it = spec.find(list);
  if (it == spec.end() || !it->value().is_array()) return out;
  for (const auto& c : it->value().as_array()) {
    if (!c.is_object()) continue;
    auto name = c.as_object().find("name");
    if (name != c.as_object().end() && name->value().is_string()) out.emplace_back(name->value().as_string());
  }
  return out;
}

}  // namespace

net::HttpResponse StatusResponse(const Status& status, const StatusDetails& details) {
  net::HttpResponse r;
  r.status = status.http_code();
  r.content_type = "application/json";
  r.body = StatusJson(status, details);
  return r;
}

StatusOr<boost::json::object> GetPodForProxy(Registry& registry, const std::string& pod_namespace,
                                             const std::string& name, DetailedStatus* failure) {
  const auto* pods = api::Catalog::Get().Find("", "v1", "pods");
  auto pod = registry.Get(*pods, pod_namespace, name);
  if (!pod.ok()) {
    failure->status = pod.status();
    if (pod.status().IsNotFound()) failure->details = StatusDetails{name, "", "pods", ""};
    return pod.status();
  }
  return std::move(*pod);
}

StatusOr<std::string> ValidateContainer(const std::string& container, const boost::json::object& pod) {
  const std::string pod_name = MetaString(pod, "name");
  static const boost::json::object kNoSpec;
  auto spec_it = pod.find("spec");
  const boost::json::object& spec =
      spec_it != pod.end() && spec_it->value().is_object() ? spec_it->value().as_object() : kNoSpec;
  std::vector<std::string> containers = ContainerNames(spec, "containers");
  std::vector<std::string> all = ContainerNames(spec, "initContainers");
  all.insert(all.end(), containers.begin(), containers.end());
  for (auto& e : ContainerNames(spec, "ephemeralContainers")) all.push_back(std::move(e));
  if (container.empty()) {
    if (containers.size() == 1) return containers[0];
    if (containers.empty()) return Status::BadRequest("a container name must be specified for pod " + pod_name);
    std::string names = "[";
    for (size_t i = 0; i < all.size(); ++i) names += (i ? " " : "") + all[i];
    names += "]";
    return Status::BadRequest("a container name must be specified for pod " + pod_name + ", choose one of: " + names);
  }
  if (std::find(all.begin(), all.end(), container) == all.end()) {
    return Status::BadRequest("container " + container + " is not valid for pod " + pod_name);
  }
  return container;
}

StatusOr<KubeletEndpoint> NodeKubeletEndpoint(Registry& registry, const std::string& node_name,
                                              DetailedStatus* failure) {
  const auto* nodes = api::Catalog::Get().Find("", "v1", "nodes");
  auto node = registry.Get(*nodes, "", node_name);
  if (!node.ok()) {
    failure->status = node.status();
    if (node.status().IsNotFound()) failure->details = StatusDetails{node_name, "", "nodes", ""};
    return node.status();
  }
  auto endpoint = KubeletEndpointFor(*node);
  if (!endpoint.ok()) failure->status = endpoint.status();
  return endpoint;
}

DetailedStatus KubeletAnswerStatus(int code, const std::string& body, const std::string& resource,
                                   const std::string& name) {
  // Upstream's NewGenericServerResponse for the answers it does not map
  // itself, with the empty verb it is given: "... ( pods/log name)".
  const std::string suffix = " ( " + resource + " " + name + ")";
  StatusDetails details{name, "", resource, ""};
  switch (code) {
    case 500:
      return {Status(Reason::kInternalError, "Internal error occurred: " + body, {StatusCause{"", body, ""}}), {}};
    case 400:
      return {Status::BadRequest(body), {}};
    case 404:
      return {Status::NotFound("the server could not find the requested resource" + suffix), details};
    case 401:
      return {Status::Unauthorized("the server has asked for the client to provide credentials" + suffix), details};
    case 403:
      return {Status::Forbidden(body + suffix), details};
    case 405:
      return {Status::MethodNotAllowed("the server does not allow this method on the requested resource" + suffix),
              details};
    case 406:
      return {Status::NotAcceptable(
                  (body.empty() || body == "unknown" ? "the server was unable to respond with a content type that "
                                                       "the client supports"
                                                     : body) +
                  suffix),
              details};
    case 409:
      return {Status::Conflict("the server reported a conflict" + suffix), details};
    case 415:
      return {Status::UnsupportedMediaType("the server responded with the status code 415 but did not return more "
                                           "information" + suffix),
              details};
    case 422:
      return {Status::Invalid("the server rejected our request due to an error in our request" + suffix), details};
    case 429:
      return {Status(Reason::kTooManyRequests,
                     "the server has received too many requests and has asked us to try again later" + suffix),
              details};
    case 503:
      return {Status::ServiceUnavailable("the server is currently unable to handle the request" + suffix), details};
    case 504:
      return {Status::Timeout("the server was unable to return a response in the time allotted, but may still be "
                              "processing the request" + suffix),
              details};
    default:
      break;
  }
  if (code >= 500) {
    return {Status::Internal("an error on the server (" + GoQuote(body) +
                             ") has prevented the request from succeeding" + suffix),
            details};
  }
  return {Status(Reason::kUnknown, "the server responded with the status code " + std::to_string(code) +
                                       " but did not return more information" + suffix),
          details};
}

}  // namespace kubepp::apiserver
