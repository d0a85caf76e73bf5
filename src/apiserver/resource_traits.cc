#include "apiserver/resource_traits.h"

#include "apiserver/default_toleration_seconds.h"
#include "apiserver/pod_affinity_label_keys.h"

#include <algorithm>
#include <set>

#include "api/quantity/quantity.h"
#include "apiserver/object_meta.h"
#include "apiserver/registry.h"
#include "base/base64.h"

namespace kubepp::apiserver {

using boost::json::object;

bool TracksGeneration(const api::ResourceInfo& r) {
  static const std::set<std::string> kTracking = {
      "deployments", "replicasets", "statefulsets", "daemonsets", "replicationcontrollers",
      "jobs", "cronjobs", "poddisruptionbudgets", "ingresses", "networkpolicies",
      "endpointslices", "ingressclasses", "horizontalpodautoscalers"};
  return kTracking.count(r.resource) > 0;
}

bool HasStatusSubresource(const api::ResourceInfo& r) {
  return std::find(r.subresources.begin(), r.subresources.end(), "status") != r.subresources.end();
}

namespace {

// The QoS class of a pod as upstream computes it from requests and limits.
std::string QosClass(const object& pod) {
  auto spec_it = pod.find("spec");
  if (spec_it == pod.end() || !spec_it->value().is_object()) return "BestEffort";
  const auto& spec = spec_it->value().as_object();
  bool any = false, guaranteed = true;
  for (const char* list : {"initContainers", "containers"}) {
    auto it = spec.find(list);
    if (it == spec.end() || !it->value().is_array()) continue;
    for (const auto& c : it->value().as_array()) {
      if (!c.is_object()) continue;
      const object* requests = nullptr;
      const object* limits = nullptr;
      if (auto rit = c.as_object().find("resources"); rit != c.as_object().end() && rit->value().is_object()) {
        const auto& res = rit->value().as_object();
        if (auto q = res.find("requests"); q != res.end() && q->value().is_object()) requests = &q->value().as_object();
        if (auto q = res.find("limits"); q != res.end() && q->value().is_object()) limits = &q->value().as_object();
      }
      auto nonzero = [](const object* m, const char* name) {
        if (!m) return false;
        auto it = m->find(name);
        if (it == m->end() || !it->value().is_string()) return false;
        auto q = api::Quantity::Parse(it->value().as_string());
        return q.ok() && !q->IsZero();
      };
      for (const char* name : {"cpu", "memory"}) {
        bool req = nonzero(requests, name), lim = nonzero(limits, name);
        if (req || lim) any = true;
        if (!lim) guaranteed = false;
        if (req && lim) {
          auto a = api::Quantity::Parse(requests->at(name).as_string());
          auto b = api::Quantity::Parse(limits->at(name).as_string());
          if (a.ok() && b.ok() && a->Compare(*b) != 0) guaranteed = false;
        }
      }
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

}  // namespace

void PrepareStatusForCreate(const api::ResourceInfo& r, object& obj) {
  if (!HasStatusSubresource(r)) return;
  if (r.group.empty()) {
    if (r.resource == "pods") {
      object status;
      status["phase"] = "Pending";
      status["qosClass"] = QosClass(obj);
      obj["status"] = std::move(status);
      return;
    }
    if (r.resource == "nodes" || r.resource == "namespaces") return;  // clients may set status on create
    if (r.resource == "services") {
      object status;
      status["loadBalancer"] = object();
      obj["status"] = std::move(status);
      return;
    }
    if (r.resource == "persistentvolumes" || r.resource == "persistentvolumeclaims") {
      object status;
      status["phase"] = "Pending";
      obj["status"] = std::move(status);
      return;
    }
  }
  obj["status"] = object();
}

bool HasNamespaceFinalizers(const api::ResourceInfo& r, const object& obj) {
  if (r.resource != "namespaces" || !r.group.empty()) return false;
  auto it = obj.find("spec");
  if (it == obj.end() || !it->value().is_object()) return false;
  auto f = it->value().as_object().find("finalizers");
  return f != it->value().as_object().end() && f->value().is_array() && !f->value().as_array().empty();
}

namespace {

using FieldMap = std::map<std::string, std::string, std::less<>>;

std::string ScalarText(const boost::json::value* v) {
  if (!v) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_bool()) return v->as_bool() ? "true" : "false";
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  return "";
}

const boost::json::value* At(const object& obj, const std::vector<std::string>& path) {
  if (path.empty()) return nullptr;
  const boost::json::value* cur = nullptr;
  const object* o = &obj;
  for (auto key : path) {
    if (!o) return nullptr;
    auto it = o->find(key);
    if (it == o->end()) return nullptr;
    cur = &it->value();
    o = cur->is_object() ? &cur->as_object() : nullptr;
  }
  return cur;
}

// The extra selectable fields of each kind and the JSON path each reads.
struct FieldSpec {
  const char* field;
  std::vector<std::string> path;  // owned: an initializer_list here would dangle
};

const std::vector<FieldSpec>& FieldsOf(const api::ResourceInfo& r) {
  static const std::vector<FieldSpec> kNone;
  static const std::vector<FieldSpec> kPods = {
      {"spec.nodeName", {"spec", "nodeName"}},
      {"spec.restartPolicy", {"spec", "restartPolicy"}},
      {"spec.schedulerName", {"spec", "schedulerName"}},
      {"spec.serviceAccountName", {"spec", "serviceAccountName"}},
      {"spec.hostNetwork", {"spec", "hostNetwork"}},
      {"status.phase", {"status", "phase"}},
      {"status.podIP", {"status", "podIP"}},
      {"status.nominatedNodeName", {"status", "nominatedNodeName"}},
      // Accepted as upstream accepts it, and, as there, never given a value to match.
      {"status.podIPs", {}},
      // What clients of the first v1 API called spec.nodeName.
      {"spec.host", {"spec", "nodeName"}},
  };
  static const std::vector<FieldSpec> kServices = {
      {"spec.clusterIP", {"spec", "clusterIP"}},
      {"spec.type", {"spec", "type"}},
  };
  static const std::vector<FieldSpec> kEvents = {
      {"involvedObject.kind", {"involvedObject", "kind"}},
      {"involvedObject.namespace", {"involvedObject", "namespace"}},
      {"involvedObject.name", {"involvedObject", "name"}},
      {"involvedObject.uid", {"involvedObject", "uid"}},
      {"involvedObject.apiVersion", {"involvedObject", "apiVersion"}},
      {"involvedObject.resourceVersion", {"involvedObject", "resourceVersion"}},
      {"involvedObject.fieldPath", {"involvedObject", "fieldPath"}},
      {"reason", {"reason"}},
      {"reportingComponent", {"reportingComponent"}},
      {"source", {"source", "component"}},
      {"type", {"type"}},
  };
  // events.k8s.io/v1 names the same stored fields as the newer API calls them.
  static const std::vector<FieldSpec> kEventsV1 = {
      {"regarding.kind", {"involvedObject", "kind"}},
      {"regarding.namespace", {"involvedObject", "namespace"}},
      {"regarding.name", {"involvedObject", "name"}},
      {"regarding.uid", {"involvedObject", "uid"}},
      {"regarding.apiVersion", {"involvedObject", "apiVersion"}},
      {"regarding.resourceVersion", {"involvedObject", "resourceVersion"}},
      {"regarding.fieldPath", {"involvedObject", "fieldPath"}},
      {"reason", {"reason"}},
      {"reportingController", {"reportingComponent"}},
      {"source", {"source", "component"}},
      {"type", {"type"}},
  };
  static const std::vector<FieldSpec> kSecrets = {{"type", {"type"}}};
  static const std::vector<FieldSpec> kNodes = {{"spec.unschedulable", {"spec", "unschedulable"}}};
  static const std::vector<FieldSpec> kNamespaces = {{"status.phase", {"status", "phase"}}};
  static const std::vector<FieldSpec> kReplicas = {{"status.replicas", {"status", "replicas"}}};
  static const std::vector<FieldSpec> kJobs = {{"status.successful", {"status", "succeeded"}}};
  static const std::vector<FieldSpec> kPvs = {{"name", {"metadata", "name"}}};
  if (!r.group.empty() && r.group != "events.k8s.io" && r.group != "apps" && r.group != "batch") return kNone;
  if (r.resource == "pods") return kPods;
  if (r.resource == "events" && r.group.empty()) return kEvents;
  if (r.resource == "events" && r.group == "events.k8s.io") return kEventsV1;
  if (r.resource == "secrets") return kSecrets;
  if (r.resource == "services" && r.group.empty()) return kServices;
  if (r.resource == "nodes") return kNodes;
  if (r.resource == "namespaces") return kNamespaces;
  if (r.resource == "replicasets" || r.resource == "replicationcontrollers") return kReplicas;
  if (r.resource == "jobs") return kJobs;
  if (r.resource == "persistentvolumes") return kPvs;
  return kNone;
}

}  // namespace

FieldMap SelectableFields(const api::ResourceInfo& r, const object& obj) {
  FieldMap fields;
  fields["metadata.name"] = MetaString(obj, "name");
  fields["metadata.namespace"] = MetaString(obj, "namespace");  // "" where cluster-scoped
  for (const auto& spec : FieldsOf(r)) {
    const auto* v = At(obj, spec.path);
    std::string text = ScalarText(v);
    if (!v && std::string_view(spec.field) == "spec.hostNetwork") text = "false";
    if (!v && std::string_view(spec.field) == "spec.unschedulable") text = "false";
    fields[spec.field] = text;
  }
  return fields;
}

Status CheckFieldSelector(const api::ResourceInfo& r, const api::FieldSelector& selector) {
  for (const auto& req : selector.requirements()) {
    if (req.field == "metadata.name") continue;
    // Any kind's metadata fields, but where kinds list their own the namespace only if they have
    // one.
    if (req.field == "metadata.namespace" && (r.namespaced || FieldsOf(r).empty())) continue;
    bool known = false;
    for (const auto& spec : FieldsOf(r)) known = known || req.field == spec.field;
    if (known) continue;
    // Kinds with fields of their own word it as their conversion functions do upstream; the
    // rest as the generic one for object metadata.
    if (FieldsOf(r).empty()) {
      return Status::BadRequest("\"" + req.field +
                                "\" is not a known field selector: only \"metadata.name\", "
                                "\"metadata.namespace\"");
    }
    return Status::BadRequest("field label not supported: " + req.field);
  }
  return Status::Ok();
}

}  // namespace kubepp::apiserver

namespace kubepp::apiserver {

void NormalizeForWrite(const api::ResourceInfo& r, object& obj, bool create) {
  if (r.group.empty() && r.resource == "secrets") {
    auto it = obj.find("stringData");
    if (it != obj.end()) {
      if (it->value().is_object()) {
        object string_data = it->value().as_object();
        auto& data = obj["data"];
        if (!data.is_object()) data = object();
        for (const auto& kv : string_data) {
          if (kv.value().is_string()) data.as_object()[kv.key()] = base64::Encode(kv.value().as_string());
        }
      }
      obj.erase("stringData");
    }
    return;
  }
  if (create && r.group.empty() && r.resource == "pods") {
    AddDefaultTolerationSeconds(obj);
    MergeAffinityLabelKeys(obj);
    return;
  }
  if (create && r.group == "batch" && r.resource == "jobs") {
    auto spec_it = obj.find("spec");
    if (spec_it == obj.end() || !spec_it->value().is_object()) return;
    auto& spec = spec_it->value().as_object();
    auto manual = spec.find("manualSelector");
    if (manual != spec.end() && manual->value().is_bool() && manual->value().as_bool()) return;
    std::string uid = MetaString(obj, "uid");
    std::string name = MetaString(obj, "name");
    object match;
    match["batch.kubernetes.io/controller-uid"] = uid;
    object selector;
    selector["matchLabels"] = std::move(match);
    spec["selector"] = std::move(selector);
    auto& tmpl = spec["template"];
    if (!tmpl.is_object()) tmpl = object();
    auto& meta = tmpl.as_object()["metadata"];
    if (!meta.is_object()) meta = object();
    auto& labels = meta.as_object()["labels"];
    if (!labels.is_object()) labels = object();
    auto& l = labels.as_object();
    l["batch.kubernetes.io/controller-uid"] = uid;
    l["batch.kubernetes.io/job-name"] = name;
    l["controller-uid"] = uid;
    l["job-name"] = name;
  }
}

}  // namespace kubepp::apiserver
