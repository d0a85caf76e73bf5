#include "kubelet/server/responses.h"

#include <boost/json/array.hpp>

namespace kubepp::kubelet::server {

net::HttpResponse TextResponse(int status, std::string body) {
  net::HttpResponse r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

bool PodHasContainer(const boost::json::object& pod, std::string_view container) {
  auto spec = pod.find("spec");
  if (spec == pod.end() || !spec->value().is_object()) return false;
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"}) {
    auto it = spec->value().as_object().find(list);
    if (it == spec->value().as_object().end() || !it->value().is_array()) continue;
    for (const auto& c : it->value().as_array()) {
      if (!c.is_object()) continue;
      auto name = c.as_object().find("name");
      if (name != c.as_object().end() && name->value().is_string() && name->value().as_string() == container) {
        return true;
      }
    }
  }
  return false;
}

std::string PodUid(const boost::json::object& pod) {
  auto meta = pod.find("metadata");
  if (meta == pod.end() || !meta->value().is_object()) return "";
  auto uid = meta->value().as_object().find("uid");
  if (uid == meta->value().as_object().end() || !uid->value().is_string()) return "";
  return std::string(uid->value().as_string());
}

}  // namespace kubepp::kubelet::server
