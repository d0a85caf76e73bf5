// Resource: which collection a request addresses — group, version, plural
// resource and whether it is namespaced — and the URL paths for it.
#pragma once

#include <string>
#include <string_view>

namespace kubepp::client {

struct Resource {
  std::string group;     // "" for core
  std::string version;   // "v1"
  std::string resource;  // "pods"
  std::string kind;      // "Pod"
  bool namespaced = true;

  // From the served catalog (api/resources); aborts on an unknown resource,
  // which is a programming error. Of("", "pods"), Of("apps", "deployments"):
  // the group's preferred version. Of("autoscaling", "v1", "horizontalpodautoscalers").
  static Resource Of(std::string_view group, std::string_view resource);
  static Resource Of(std::string_view group, std::string_view version, std::string_view resource);

  std::string ApiVersion() const { return group.empty() ? version : group + "/" + version; }
  // "/api/v1/namespaces/ns/pods/name/status": `ns` is ignored for
  // cluster-scoped resources and may be "" for "all namespaces" on lists;
  // `name` and `subresource` may be "".
  std::string Path(std::string_view ns, std::string_view name = {},
                   std::string_view subresource = {}) const;
  bool operator==(const Resource&) const = default;
};

}  // namespace kubepp::client
