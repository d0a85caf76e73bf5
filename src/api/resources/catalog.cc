// The catalog's data: what a default v1.32 kube-apiserver serves for the
// groups kubepp implements. Facts come from upstream's discovery documents
// (api/discovery/*.json) and pkg/registry/*/rest/storage_*.go; alpha
// features that are off by default (pods/resize in 1.32) are not served.
#include "api/resources/catalog.h"

#include <algorithm>
#include <utility>

namespace kubepp::api {
namespace {

using Strings = std::vector<std::string>;

// Discovery verb sets, upstream's (alphabetical) order.
const Strings& AllVerbs() {
  static const Strings v = {"create", "delete", "deletecollection", "get",
                            "list",   "patch",  "update",           "watch"};
  return v;
}
const Strings& NoCollectionVerbs() {  // namespaces cannot be deleted as a collection
  static const Strings v = {"create", "delete", "get", "list", "patch", "update", "watch"};
  return v;
}
const Strings& CreateOnly() {
  static const Strings v = {"create"};
  return v;
}

SubresourceInfo Sub(std::string name, std::string kind, Strings verbs, std::string group = "",
                    std::string version = "") {
  return SubresourceInfo{std::move(name), std::move(group), std::move(version), std::move(kind),
                         std::move(verbs)};
}
SubresourceInfo StatusSub(const std::string& kind) {
  return Sub("status", kind, {"get", "patch", "update"});
}
SubresourceInfo Scale() {
  return Sub("scale", "Scale", {"get", "patch", "update"}, "autoscaling", "v1");
}
SubresourceInfo Proxy(const std::string& kind) {
  return Sub("proxy", kind, {"create", "delete", "get", "patch", "update"});
}

// Fills one ResourceInfo; the optional parts are set by the caller afterwards.
struct Builder {
  ResourceInfo r;
  Builder(std::string group, std::string version, std::string resource, std::string kind,
          bool namespaced, Strings verbs) {
    r.group = std::move(group);
    r.version = std::move(version);
    r.resource = std::move(resource);
    r.kind = std::move(kind);
    r.namespaced = namespaced;
    r.verbs = std::move(verbs);
    r.singular = r.kind;
    std::transform(r.singular.begin(), r.singular.end(), r.singular.begin(), [](unsigned char c) {
      return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    });
    r.storage_group = r.group;
    r.storage_resource = r.resource;
    r.etcd_prefix = r.resource;
  }
  Builder& Short(Strings s) {
    r.short_names = std::move(s);
    return *this;
  }
  Builder& All() {
    r.categories = {"all"};
    return *this;
  }
  Builder& Subs(std::vector<SubresourceInfo> s) {
    r.subresource_infos = std::move(s);
    for (const auto& sub : r.subresource_infos) r.subresources.push_back(sub.name);
    return *this;
  }
  Builder& Singular(std::string s) {
    r.singular = std::move(s);
    return *this;
  }
  Builder& Etcd(std::string p) {
    r.etcd_prefix = std::move(p);
    return *this;
  }
  Builder& StoredAs(std::string group, std::string resource) {
    r.storage_group = std::move(group);
    r.storage_resource = std::move(resource);
    return *this;
  }
  Builder& NotPreferred() {
    r.preferred_version = false;
    return *this;
  }
  Builder& Virtual() {
    r.virtual_resource = true;
    r.etcd_prefix.clear();
    return *this;
  }
};

std::vector<ResourceInfo> BuildResources() {
  std::vector<Builder> b;
  const bool kNs = true, kCluster = false;

  // ---- core "" v1 (resources sorted by name, as discovery lists them) ----
  b.emplace_back("", "v1", "bindings", "Binding", kNs, CreateOnly());
  b.back().Virtual();
  b.emplace_back("", "v1", "componentstatuses", "ComponentStatus", kCluster,
                 Strings{"get", "list"});
  b.back().Short({"cs"}).Virtual();
  b.emplace_back("", "v1", "configmaps", "ConfigMap", kNs, AllVerbs());
  b.back().Short({"cm"});
  b.emplace_back("", "v1", "endpoints", "Endpoints", kNs, AllVerbs());
  b.back().Short({"ep"}).Singular("endpoints").Etcd("services/endpoints");
  b.emplace_back("", "v1", "events", "Event", kNs, AllVerbs());
  b.back().Short({"ev"});
  b.emplace_back("", "v1", "limitranges", "LimitRange", kNs, AllVerbs());
  b.back().Short({"limits"});
  b.emplace_back("", "v1", "namespaces", "Namespace", kCluster, NoCollectionVerbs());
  b.back().Short({"ns"}).Subs({Sub("finalize", "Namespace", {"update"}), StatusSub("Namespace")});
  b.emplace_back("", "v1", "nodes", "Node", kCluster, AllVerbs());
  b.back().Short({"no"}).Etcd("minions").Subs({Proxy("NodeProxyOptions"), StatusSub("Node")});
  b.emplace_back("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", kNs, AllVerbs());
  b.back().Short({"pvc"}).Subs({StatusSub("PersistentVolumeClaim")});
  b.emplace_back("", "v1", "persistentvolumes", "PersistentVolume", kCluster, AllVerbs());
  b.back().Short({"pv"}).Subs({StatusSub("PersistentVolume")});
  b.emplace_back("", "v1", "pods", "Pod", kNs, AllVerbs());
  b.back().Short({"po"}).All().Subs({
      Sub("attach", "PodAttachOptions", {"create", "get"}),
      Sub("binding", "Binding", {"create"}),
      Sub("ephemeralcontainers", "Pod", {"get", "patch", "update"}),
      Sub("eviction", "Eviction", {"create"}, "policy", "v1"),
      Sub("exec", "PodExecOptions", {"create", "get"}),
      Sub("log", "Pod", {"get"}),
      Sub("portforward", "PodPortForwardOptions", {"create", "get"}),
      Proxy("PodProxyOptions"),
      StatusSub("Pod"),
  });
  b.emplace_back("", "v1", "podtemplates", "PodTemplate", kNs, AllVerbs());
  b.emplace_back("", "v1", "replicationcontrollers", "ReplicationController", kNs, AllVerbs());
  b.back()
      .Short({"rc"})
      .All()
      .Etcd("controllers")
      .Subs({Scale(), StatusSub("ReplicationController")});
  b.emplace_back("", "v1", "resourcequotas", "ResourceQuota", kNs, AllVerbs());
  b.back().Short({"quota"}).Subs({StatusSub("ResourceQuota")});
  b.emplace_back("", "v1", "secrets", "Secret", kNs, AllVerbs());
  b.emplace_back("", "v1", "serviceaccounts", "ServiceAccount", kNs, AllVerbs());
  b.back().Short({"sa"}).Subs(
      {Sub("token", "TokenRequest", {"create"}, "authentication.k8s.io", "v1")});
  b.emplace_back("", "v1", "services", "Service", kNs, AllVerbs());
  b.back()
      .Short({"svc"})
      .All()
      .Etcd("services/specs")
      .Subs({Proxy("ServiceProxyOptions"), StatusSub("Service")});

  // ---- apps/v1 ----
  b.emplace_back("apps", "v1", "controllerrevisions", "ControllerRevision", kNs, AllVerbs());
  b.emplace_back("apps", "v1", "daemonsets", "DaemonSet", kNs, AllVerbs());
  b.back().Short({"ds"}).All().Subs({StatusSub("DaemonSet")});
  b.emplace_back("apps", "v1", "deployments", "Deployment", kNs, AllVerbs());
  b.back().Short({"deploy"}).All().Subs({Scale(), StatusSub("Deployment")});
  b.emplace_back("apps", "v1", "replicasets", "ReplicaSet", kNs, AllVerbs());
  b.back().Short({"rs"}).All().Subs({Scale(), StatusSub("ReplicaSet")});
  b.emplace_back("apps", "v1", "statefulsets", "StatefulSet", kNs, AllVerbs());
  b.back().Short({"sts"}).All().Subs({Scale(), StatusSub("StatefulSet")});

  // ---- events.k8s.io/v1: the same objects as core events ----
  b.emplace_back("events.k8s.io", "v1", "events", "Event", kNs, AllVerbs());
  b.back().Short({"ev"}).StoredAs("", "events");

  // ---- authentication.k8s.io/v1 (create-only reviews) ----
  b.emplace_back("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", kCluster,
                 CreateOnly());
  b.back().Virtual();
  b.emplace_back("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", kCluster,
                 CreateOnly());
  b.back().Virtual();

  // ---- authorization.k8s.io/v1 ----
  b.emplace_back("authorization.k8s.io", "v1", "localsubjectaccessreviews",
                 "LocalSubjectAccessReview", kNs, CreateOnly());
  b.back().Virtual();
  b.emplace_back("authorization.k8s.io", "v1", "selfsubjectaccessreviews",
                 "SelfSubjectAccessReview", kCluster, CreateOnly());
  b.back().Virtual();
  b.emplace_back("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview",
                 kCluster, CreateOnly());
  b.back().Virtual();
  b.emplace_back("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview",
                 kCluster, CreateOnly());
  b.back().Virtual();

  // ---- autoscaling: v2 preferred, v1 also served; one storage ----
  b.emplace_back("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", kNs,
                 AllVerbs());
  b.back().Short({"hpa"}).All().Subs({StatusSub("HorizontalPodAutoscaler")});
  b.emplace_back("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", kNs,
                 AllVerbs());
  b.back().Short({"hpa"}).All().Subs({StatusSub("HorizontalPodAutoscaler")}).NotPreferred();

  // ---- batch/v1 ----
  b.emplace_back("batch", "v1", "cronjobs", "CronJob", kNs, AllVerbs());
  b.back().Short({"cj"}).All().Subs({StatusSub("CronJob")});
  b.emplace_back("batch", "v1", "jobs", "Job", kNs, AllVerbs());
  b.back().All().Subs({StatusSub("Job")});

  // ---- networking.k8s.io/v1 ----
  b.emplace_back("networking.k8s.io", "v1", "ingressclasses", "IngressClass", kCluster, AllVerbs());
  b.emplace_back("networking.k8s.io", "v1", "ingresses", "Ingress", kNs, AllVerbs());
  b.back().Short({"ing"}).Etcd("ingress").Subs({StatusSub("Ingress")});
  b.emplace_back("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", kNs, AllVerbs());
  b.back().Short({"netpol"});

  // ---- policy/v1 ----
  b.emplace_back("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", kNs, AllVerbs());
  b.back().Short({"pdb"}).Subs({StatusSub("PodDisruptionBudget")});

  // ---- rbac.authorization.k8s.io/v1 ----
  b.emplace_back("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding",
                 kCluster, AllVerbs());
  b.emplace_back("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", kCluster,
                 AllVerbs());
  b.emplace_back("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", kNs, AllVerbs());
  b.emplace_back("rbac.authorization.k8s.io", "v1", "roles", "Role", kNs, AllVerbs());

  // ---- storage.k8s.io/v1 ----
  b.emplace_back("storage.k8s.io", "v1", "storageclasses", "StorageClass", kCluster, AllVerbs());
  b.back().Short({"sc"});

  // ---- scheduling.k8s.io/v1 ----
  b.emplace_back("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", kCluster,
                 AllVerbs());
  b.back().Short({"pc"});

  // ---- coordination.k8s.io/v1 ----
  b.emplace_back("coordination.k8s.io", "v1", "leases", "Lease", kNs, AllVerbs());

  // ---- discovery.k8s.io/v1 ----
  b.emplace_back("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", kNs, AllVerbs());

  // ---- metrics.k8s.io/v1beta1: served by the apiserver itself from what it
  // scrapes off the kubelets (upstream aggregates metrics-server here, whose
  // resources have no singular name and whose group comes last). ----
  b.emplace_back("metrics.k8s.io", "v1beta1", "nodes", "NodeMetrics", kCluster, Strings{"get", "list"});
  b.back().Singular("").Virtual();
  b.emplace_back("metrics.k8s.io", "v1beta1", "pods", "PodMetrics", kNs, Strings{"get", "list"});
  b.back().Singular("").Virtual();

  std::vector<ResourceInfo> out;
  out.reserve(b.size());
  for (auto& x : b) out.push_back(std::move(x.r));
  return out;
}

// "name" or "name.group" → (name, group); group is nullopt-like "*" when absent.
bool SplitQualified(std::string_view in, std::string_view& name, std::string_view& group) {
  auto dot = in.find('.');
  if (dot == std::string_view::npos) return false;
  name = in.substr(0, dot);
  group = in.substr(dot + 1);
  return true;
}

bool Matches(const ResourceInfo& r, std::string_view name) {
  if (name.empty()) return false;
  if (r.resource == name || r.singular == name) return true;
  return std::find(r.short_names.begin(), r.short_names.end(), name) != r.short_names.end();
}

}  // namespace

bool ResourceInfo::HasVerb(std::string_view verb) const {
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

bool ResourceInfo::HasSubresource(std::string_view name) const {
  return FindSubresource(name) != nullptr;
}

const SubresourceInfo* ResourceInfo::FindSubresource(std::string_view name) const {
  for (const auto& s : subresource_infos) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::shared_ptr<const ResourceInfo> Pin(const ResourceInfo& r) {
  if (Catalog::Get().Owns(&r))
    return std::shared_ptr<const ResourceInfo>(std::shared_ptr<void>(), &r);
  return std::make_shared<const ResourceInfo>(r);
}

const Catalog& Catalog::Get() {
  static const Catalog* const kCatalog = new Catalog();
  return *kCatalog;
}

Catalog::Catalog() : resources_(BuildResources()) {
  for (const auto& r : resources_) {
    bool seen = false;
    for (const auto& gv : group_versions_) {
      if (gv.group == r.group && gv.version == r.version) seen = true;
    }
    if (!seen) group_versions_.push_back(GroupVersion{r.group, r.version});
  }
}

const ResourceInfo* Catalog::Find(std::string_view group, std::string_view version,
                                  std::string_view resource) const {
  for (const auto& r : resources_) {
    if (r.resource == resource && r.group == group && r.version == version) return &r;
  }
  return nullptr;
}

const ResourceInfo* Catalog::FindKind(std::string_view group, std::string_view version,
                                      std::string_view kind) const {
  for (const auto& r : resources_) {
    if (r.kind == kind && r.group == group && r.version == version) return &r;
  }
  return nullptr;
}

const ResourceInfo* Catalog::FindPreferred(std::string_view group,
                                           std::string_view resource) const {
  for (const auto& r : resources_) {
    if (r.preferred_version && r.group == group && Matches(r, resource)) return &r;
  }
  return nullptr;
}

const ResourceInfo* Catalog::Resolve(std::string_view name) const {
  // kubectl prefers the core group when an unqualified name is served by
  // several groups ("events", "ev"): discovery order puts core first.
  for (const auto& r : resources_) {
    if (r.preferred_version && Matches(r, name)) return &r;
  }
  std::string_view plain, group;
  if (SplitQualified(name, plain, group)) return FindPreferred(group, plain);
  return nullptr;
}

std::vector<const ResourceInfo*> Catalog::InCategory(std::string_view category) const {
  std::vector<const ResourceInfo*> out;
  for (const auto& r : resources_) {
    if (!r.preferred_version) continue;
    if (std::find(r.categories.begin(), r.categories.end(), category) != r.categories.end()) {
      out.push_back(&r);
    }
  }
  return out;
}

std::vector<std::string> Catalog::VersionsOf(std::string_view group) const {
  std::vector<std::string> out;
  for (const auto& gv : group_versions_) {
    if (gv.group == group) out.push_back(gv.version);
  }
  return out;
}

std::string Catalog::PreferredVersion(std::string_view group) const {
  for (const auto& r : resources_) {
    if (r.group == group && r.preferred_version) return r.version;
  }
  return "";
}

}  // namespace kubepp::api
