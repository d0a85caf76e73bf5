// The catalog of served resources: for each group/version/resource, its kind,
// scope, verbs, short names, categories and subresources, exactly as upstream
// v1.32 lists them in discovery (and so in `kubectl api-resources`).
//
// The catalog is constant data built once; lookups are by value and cheap.
// Thread safety: immutable after construction; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kubepp::api {

struct GroupVersion {
  std::string group;    // "" for the core group
  std::string version;  // "v1"
  std::string ApiVersion() const { return group.empty() ? version : group + "/" + version; }
};

struct ResourceInfo {
  std::string group;          // "apps"
  std::string version;        // "v1"
  std::string resource;       // "deployments"
  std::string kind;           // "Deployment"
  std::string singular;       // "deployment"
  bool namespaced = true;
  std::vector<std::string> verbs;       // discovery verbs, upstream's order
  std::vector<std::string> short_names; // "deploy"
  std::vector<std::string> categories;  // "all"
  std::vector<std::string> subresources; // "status", "scale", "binding", ...
  // The group/resource whose objects these are when one kind is served at
  // several versions (autoscaling v1 and v2 share "autoscaling/horizontalpodautoscalers";
  // events.k8s.io/v1 events are core events). The store key uses it:
  // /registry/<storage_resource>/<namespace>/<name>.
  std::string storage_resource;  // "deployments", "horizontalpodautoscalers", "events"
  bool preferred_version = true;  // the group's preferred version serves it
  std::string ApiVersion() const { return group.empty() ? version : group + "/" + version; }
};

class Catalog {
 public:
  // Every served resource, groups in upstream's discovery order (core first).
  static const Catalog& Get();

  const std::vector<ResourceInfo>& resources() const { return resources_; }
  // Group versions in discovery order, e.g. {"", "v1"}, {"apps", "v1"}, ...
  const std::vector<GroupVersion>& group_versions() const { return group_versions_; }

  // nullptr when not served.
  const ResourceInfo* Find(std::string_view group, std::string_view version,
                           std::string_view resource) const;
  const ResourceInfo* FindKind(std::string_view group, std::string_view version,
                               std::string_view kind) const;

 private:
  Catalog();
  std::vector<ResourceInfo> resources_;
  std::vector<GroupVersion> group_versions_;
};

}  // namespace kubepp::api
