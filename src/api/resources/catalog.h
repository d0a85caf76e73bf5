// The catalog of served resources: for each group/version/resource, its kind,
// scope, verbs, short names, categories and subresources, exactly as upstream
// v1.32 lists them in discovery (and so in `kubectl api-resources`).
//
// The catalog is constant data built once; lookups are by value and cheap.
// Thread safety: immutable after construction; safe from any thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kubepp::api {

struct GroupVersion {
  std::string group;    // "" for the core group
  std::string version;  // "v1"
  std::string ApiVersion() const { return group.empty() ? version : group + "/" + version; }
};

// One subresource as discovery shows it ("pods/eviction" answers with a
// policy/v1 Eviction). An empty response group/version means "the parent's
// group/version", which is how aggregated discovery writes it too.
struct SubresourceInfo {
  std::string name;                // "status", "scale", "eviction", ...
  std::string group;               // response kind's group; "policy" for eviction
  std::string version;             // response kind's version; "" = the parent's
  std::string kind;                // "Pod", "Scale", "Eviction", "PodExecOptions"
  std::vector<std::string> verbs;  // upstream's order: "get", "patch", "update"
};

struct ResourceInfo {
  std::string group;     // "apps"
  std::string version;   // "v1"
  std::string resource;  // "deployments"
  std::string kind;      // "Deployment"
  std::string singular;  // "deployment"
  bool namespaced = true;
  std::vector<std::string> verbs;         // discovery verbs, upstream's order
  std::vector<std::string> short_names;   // "deploy"
  std::vector<std::string> categories;    // "all"
  std::vector<std::string> subresources;  // "status", "scale", "binding", ...
  // The group/resource whose objects these are when one kind is served at
  // several versions (autoscaling v1 and v2 share "autoscaling/horizontalpodautoscalers";
  // events.k8s.io/v1 events are core events). The store key uses it:
  // /registry/<storage_resource>/<namespace>/<name>.
  std::string storage_resource;   // "deployments", "horizontalpodautoscalers", "events"
  bool preferred_version = true;  // the group's preferred version serves it

  // --- Additions beyond the first declaration. ---

  // The group that owns the stored objects (storage_resource lives in it):
  // "" for events.k8s.io/v1 events (stored as core events).
  std::string storage_group;
  // The key prefix upstream's apiserver uses in etcd for this resource
  // ("services/specs", "minions", "controllers", "ingress"); only matters when
  // kubepp shares an etcd with upstream data. Empty for virtual resources.
  std::string etcd_prefix;
  // Not stored: a request is answered from other state (bindings write a pod,
  // the review kinds compute an answer, componentstatuses probe components).
  bool virtual_resource = false;
  // Subresources in discovery's order, with their response kinds and verbs.
  // `subresources` above holds the same names.
  std::vector<SubresourceInfo> subresource_infos;

  std::string ApiVersion() const { return group.empty() ? version : group + "/" + version; }
  bool HasVerb(std::string_view verb) const;
  bool HasSubresource(std::string_view name) const;
  const SubresourceInfo* FindSubresource(std::string_view name) const;
};

// `r` for keeping past a call (a write's completion): the catalog's own
// entries live as long as the process and are shared without a copy; any
// other ResourceInfo is copied.
std::shared_ptr<const ResourceInfo> Pin(const ResourceInfo& r);

class Catalog {
 public:
  // Every served resource, groups in upstream's discovery order (core first).
  static const Catalog& Get();

  const std::vector<ResourceInfo>& resources() const { return resources_; }
  // Group versions in discovery order, e.g. {"", "v1"}, {"apps", "v1"}, ...
  // Within a group the preferred version comes first (autoscaling v2, v1).
  const std::vector<GroupVersion>& group_versions() const { return group_versions_; }

  // nullptr when not served.
  const ResourceInfo* Find(std::string_view group, std::string_view version,
                           std::string_view resource) const;
  const ResourceInfo* FindKind(std::string_view group, std::string_view version,
                               std::string_view kind) const;

  // The resource at the group's preferred version that serves `resource`
  // (or its singular or short name); nullptr when not served.
  const ResourceInfo* FindPreferred(std::string_view group, std::string_view resource) const;
  // What `kubectl get <name>` resolves: a plural, singular or short name,
  // optionally qualified "name.group" ("deploy", "deployments.apps",
  // "hpa"); the preferred version wins. nullptr when nothing matches.
  const ResourceInfo* Resolve(std::string_view name) const;
  // Every resource in `category` ("all"), preferred versions only, in
  // discovery order.
  std::vector<const ResourceInfo*> InCategory(std::string_view category) const;
  // The versions served for `group`, preferred first; empty when unknown.
  std::vector<std::string> VersionsOf(std::string_view group) const;
  // Whether `r` is one of resources().
  bool Owns(const ResourceInfo* r) const {
    return r >= resources_.data() && r < resources_.data() + resources_.size();
  }
  // The preferred version of `group`; "" when the group is not served.
  std::string PreferredVersion(std::string_view group) const;

 private:
  Catalog();
  std::vector<ResourceInfo> resources_;
  std::vector<GroupVersion> group_versions_;
};

}  // namespace kubepp::api
