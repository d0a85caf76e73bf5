// core/v1 defaults (upstream pkg/apis/core/v1/defaults.go), plus the two
// service fields upstream's service registry fills on create (ipFamilyPolicy,
// ipFamilies) and the namespace finalizer its strategy adds, because clients
// see them on every object and nothing else in kubepp sets them.
#include <string_view>

#include "api/defaults/json_fields.h"
#include "api/defaults/kinds.h"
#include "api/defaults/pod_spec.h"

namespace kubepp::api::defaults {
namespace {

namespace json = boost::json;

constexpr int64_t kClientIpAffinitySeconds = 10800;  // 3 hours

// kubepp clusters are single-stack IPv4 unless a ClusterIP says otherwise;
// upstream derives the family from the cluster's service CIDRs.
std::string_view FamilyOf(std::string_view ip) {
  return ip.find(':') != std::string_view::npos ? "IPv6" : "IPv4";
}

void DefaultIpFamilies(json::object& spec) {
  if (StringAt(spec, "type") == "ExternalName") return;
  // Copies: inserting into `spec` below may move its members.
  std::string cluster_ip(StringAt(spec, "clusterIP"));
  if (json::array* ips = ArrayAt(spec, "clusterIPs");
      ips != nullptr && !ips->empty() && (*ips)[0].is_string()) {
    cluster_ip = std::string((*ips)[0].get_string());
  }
  const bool headless = cluster_ip == "None";
  if (IsNil(spec, "ipFamilyPolicy")) {
    // A headless service without a selector gets every family the cluster has.
    spec["ipFamilyPolicy"] =
        headless && IsEmptyCollection(spec, "selector") ? "RequireDualStack" : "SingleStack";
  }
  if (IsEmptyCollection(spec, "ipFamilies")) {
    json::array families;
    families.emplace_back(cluster_ip.empty() || headless ? "IPv4" : FamilyOf(cluster_ip));
    spec["ipFamilies"] = std::move(families);
  }
}

void DefaultServicePorts(json::object& spec) {
  ForEachObject(spec, "ports", [](json::object& p) {
    SetIfEmptyString(p, "protocol", "TCP");
    // targetPort 0 or "" means "the same as port".
    auto it = p.find("targetPort");
    bool unset = it == p.end() || it->value().is_null() ||
                 (it->value().is_string() && it->value().get_string().empty()) ||
                 IsZeroNumber(p, "targetPort");
    if (unset && !IsNil(p, "port")) {
      json::value port = p.at("port");
      p["targetPort"] = std::move(port);
    }
  });
}

void DefaultPersistentVolumeSources(json::object& spec) {
  if (json::object* h = ObjectAt(spec, "hostPath")) SetIfNil(*h, "type", "");
  if (json::object* i = ObjectAt(spec, "iscsi")) SetIfEmptyString(*i, "iscsiInterface", "default");
  if (json::object* r = ObjectAt(spec, "rbd")) {
    SetIfEmptyString(*r, "pool", "rbd");
    SetIfEmptyString(*r, "user", "admin");
    SetIfEmptyString(*r, "keyring", "/etc/ceph/keyring");
  }
  if (json::object* a = ObjectAt(spec, "azureDisk")) {
    SetIfNil(*a, "cachingMode", "ReadWrite");
    SetIfNil(*a, "fsType", "ext4");
    SetIfNil(*a, "readOnly", false);
    SetIfNil(*a, "kind", "Shared");
  }
  if (json::object* s = ObjectAt(spec, "scaleIO")) {
    SetIfEmptyString(*s, "storageMode", "ThinProvisioned");
    SetIfEmptyString(*s, "fsType", "xfs");
  }
}

// Copies every key of `from` that `into` lacks.
void FillMissing(json::object& into, const json::object& from) {
  for (const auto& kv : from) {
    if (!into.contains(kv.key())) into[kv.key()] = kv.value();
  }
}

}  // namespace

void DefaultPod(json::object& obj) {
  json::object* spec = EnsureObject(obj, "spec");
  if (spec == nullptr) return;
  DefaultPodSpec(*spec);
  DefaultPodOnly(*spec);
}

void DefaultPodTemplateObject(json::object& obj) {
  if (json::object* t = EnsureObject(obj, "template")) DefaultPodTemplate(*t);
}

void DefaultReplicationController(json::object& obj) {
  if (EnsureObject(obj, "spec") == nullptr) return;
  // The template is optional here (a pointer upstream). Labels are copied
  // first: inserting into an object may move its members.
  if (json::object* labels = Path(obj, {"spec", "template", "metadata", "labels"})) {
    const json::object copy = *labels;
    json::object& spec = obj["spec"].as_object();
    if (IsEmptyCollection(spec, "selector")) spec["selector"] = copy;
    json::object* meta = EnsureObject(obj, "metadata");
    if (meta != nullptr && IsEmptyCollection(*meta, "labels")) (*meta)["labels"] = copy;
  }
  json::object& spec = obj["spec"].as_object();
  if (json::object* t = ObjectAt(spec, "template")) DefaultPodTemplate(*t);
  SetIfNil(spec, "replicas", 1);
}

void DefaultService(json::object& obj) {
  json::object* spec = EnsureObject(obj, "spec");
  if (spec == nullptr) return;
  SetIfEmptyString(*spec, "sessionAffinity", "None");
  const std::string affinity(StringAt(*spec, "sessionAffinity"));  // a copy: inserts move members
  if (affinity == "None") {
    spec->erase("sessionAffinityConfig");
  } else if (affinity == "ClientIP") {
    json::object* cfg = EnsureObject(*spec, "sessionAffinityConfig");
    json::object* client = cfg ? EnsureObject(*cfg, "clientIP") : nullptr;
    if (client != nullptr) SetIfNil(*client, "timeoutSeconds", kClientIpAffinitySeconds);
  }
  SetIfEmptyString(*spec, "type", "ClusterIP");
  DefaultServicePorts(*spec);
  const std::string type(StringAt(*spec, "type"));  // a copy: inserts below move members
  const bool external = type == "NodePort" || type == "LoadBalancer";
  if (external) SetIfEmptyString(*spec, "externalTrafficPolicy", "Cluster");
  if (external || type == "ClusterIP") SetIfNil(*spec, "internalTrafficPolicy", "Cluster");
  if (type == "LoadBalancer") {
    SetIfNil(*spec, "allocateLoadBalancerNodePorts", true);
    if (json::object* lb = Path(obj, {"status", "loadBalancer"})) {
      ForEachObject(*lb, "ingress", [](json::object& ing) {
        if (!IsEmptyString(ing, "ip")) SetIfNil(ing, "ipMode", "VIP");
      });
    }
  }
  DefaultIpFamilies(*spec);
  // ServiceStatus.LoadBalancer is a struct upstream: always serialized.
  if (json::object* status = EnsureObject(obj, "status"))
    SetIfNil(*status, "loadBalancer", json::object());
}

void DefaultNamespace(json::object& obj) {
  json::object* meta = EnsureObject(obj, "metadata");
  if (meta != nullptr && !IsEmptyString(*meta, "name")) {
    // Not for generateName: the name is not known yet.
    if (json::object* labels = EnsureObject(*meta, "labels")) {
      // Read with at(): operator[] may rehash `meta` and move `labels`.
      json::value name = meta->at("name");
      (*labels)["kubernetes.io/metadata.name"] = std::move(name);
    }
  }
  // Upstream's strategy adds the finalizer on create and keeps it on update.
  // Once the namespace is being deleted, finalize may remove it (and Go
  // clients omit an empty list), so it must not come back then.
  bool deleting = false;
  if (json::object* m = ObjectAt(obj, "metadata"))
    deleting = !IsEmptyString(*m, "deletionTimestamp");
  if (json::object* spec = EnsureObject(obj, "spec");
      !deleting && spec != nullptr && IsNil(*spec, "finalizers")) {
    json::array f;
    f.emplace_back("kubernetes");
    (*spec)["finalizers"] = std::move(f);
  }
  if (json::object* status = EnsureObject(obj, "status"))
    SetIfEmptyString(*status, "phase", "Active");
}

void DefaultSecret(json::object& obj) { SetIfEmptyString(obj, "type", "Opaque"); }

void DefaultPersistentVolumeClaim(json::object& obj) {
  if (json::object* spec = EnsureObject(obj, "spec")) DefaultPersistentVolumeClaimSpec(*spec);
  if (json::object* status = EnsureObject(obj, "status"))
    SetIfEmptyString(*status, "phase", "Pending");
}

void DefaultPersistentVolume(json::object& obj) {
  if (json::object* spec = EnsureObject(obj, "spec")) {
    SetIfEmptyString(*spec, "persistentVolumeReclaimPolicy", "Retain");
    SetIfNil(*spec, "volumeMode", "Filesystem");
    DefaultPersistentVolumeSources(*spec);
  }
  if (json::object* status = EnsureObject(obj, "status"))
    SetIfEmptyString(*status, "phase", "Pending");
}

void DefaultNode(json::object& obj) {
  json::object* status = ObjectAt(obj, "status");
  if (status == nullptr) return;
  json::object* capacity = ObjectAt(*status, "capacity");
  if (capacity != nullptr && IsNil(*status, "allocatable")) (*status)["allocatable"] = *capacity;
}

void DefaultEndpoints(json::object& obj) {
  ForEachObject(obj, "subsets", [](json::object& subset) {
    ForEachObject(subset, "ports", [](json::object& p) { SetIfEmptyString(p, "protocol", "TCP"); });
  });
}

void DefaultLimitRange(json::object& obj) {
  json::object* spec = ObjectAt(obj, "spec");
  if (spec == nullptr) return;
  ForEachObject(*spec, "limits", [](json::object& item) {
    if (StringAt(item, "type") != "Container") return;
    // default limit <- max; defaultRequest <- default limit, then <- min.
    // Empty maps are not written: upstream omits them when serializing.
    json::object def = ObjectAt(item, "default") ? *ObjectAt(item, "default") : json::object();
    json::object req =
        ObjectAt(item, "defaultRequest") ? *ObjectAt(item, "defaultRequest") : json::object();
    if (json::object* max = ObjectAt(item, "max")) FillMissing(def, *max);
    FillMissing(req, def);
    if (json::object* min = ObjectAt(item, "min")) FillMissing(req, *min);
    if (!def.empty() && (IsNil(item, "default") || ObjectAt(item, "default")))
      item["default"] = std::move(def);
    if (!req.empty() && (IsNil(item, "defaultRequest") || ObjectAt(item, "defaultRequest"))) {
      item["defaultRequest"] = std::move(req);
    }
  });
}

}  // namespace kubepp::api::defaults
