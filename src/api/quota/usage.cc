#include "api/quota/usage.h"

#include <algorithm>
#include <map>
#include <set>

#include "api/validation/json_access.h"

namespace kubepp::api::quota {

namespace {

using boost::json::object;
using validation::Arr;
using validation::Obj;
using validation::Str;

// The compute resources with a bare legacy name beside "requests.<name>".
constexpr std::string_view kLegacyCompute[] = {"cpu", "memory", "ephemeral-storage"};

bool IsLegacyCompute(std::string_view name) {
  return std::find(std::begin(kLegacyCompute), std::end(kLegacyCompute), name) != std::end(kLegacyCompute);
}

const boost::json::array* Containers(const object& pod, std::string_view field) {
  return Arr(Obj(&pod, "spec"), field);
}

ResourceList ContainerPart(const boost::json::value& c, std::string_view part) {
  if (!c.is_object()) return {};
  return ParseResourceList(Obj(Obj(&c.as_object(), "resources"), part));
}

// max(sum of containers, each init container) + overhead, as upstream's PodRequests.
ResourceList Effective(const object& pod, std::string_view part) {
  ResourceList sum;
  if (const auto* cs = Containers(pod, "containers")) {
    for (const auto& c : *cs) sum = Add(sum, ContainerPart(c, part));
  }
  if (const auto* inits = Containers(pod, "initContainers")) {
    for (const auto& c : *inits) {
      for (const auto& [name, q] : ContainerPart(c, part)) {
        auto it = sum.find(name);
        if (it == sum.end()) {
          sum.emplace(name, q);
        } else if (q.Compare(it->second) > 0) {
          it->second = q;
        }
      }
    }
  }
  if (const auto* overhead = Obj(Obj(&pod, "spec"), "overhead")) sum = Add(sum, ParseResourceList(overhead));
  return sum;
}

bool PodFinished(const object& pod) {
  std::string phase = Str(Obj(&pod, "status"), "phase");
  return phase == "Succeeded" || phase == "Failed";
}

bool IsBestEffort(const object& pod) {
  for (const char* field : {"containers", "initContainers"}) {
    if (const auto* cs = Containers(pod, field)) {
      for (const auto& c : *cs) {
        if (!ContainerPart(c, "requests").empty() || !ContainerPart(c, "limits").empty()) return false;
      }
    }
  }
  return true;
}

bool IsTerminating(const object& pod) {
  return validation::Has(Obj(&pod, "spec"), "activeDeadlineSeconds");
}

void PodUsage(const object& pod, ResourceList& out) {
  out["pods"] = Quantity::FromInt64(1, Quantity::Format::kDecimalSI);
  for (const auto& [name, q] : PodRequests(pod)) {
    out["requests." + name] = q;
    if (IsLegacyCompute(name)) out[name] = q;
  }
  for (const auto& [name, q] : PodLimits(pod)) out["limits." + name] = q;
}

void ServiceUsage(const object& svc, ResourceList& out) {
  out["services"] = Quantity::FromInt64(1, Quantity::Format::kDecimalSI);
  std::string type = Str(Obj(&svc, "spec"), "type");
  if (type == "LoadBalancer") out["services.loadbalancers"] = Quantity::FromInt64(1, Quantity::Format::kDecimalSI);
  if (type == "LoadBalancer" || type == "NodePort") {
    int64_t ports = 0;
    if (const auto* ps = Arr(Obj(&svc, "spec"), "ports")) ports = static_cast<int64_t>(ps->size());
    out["services.nodeports"] = Quantity::FromInt64(ports, Quantity::Format::kDecimalSI);
  }
}

void ClaimUsage(const object& pvc, ResourceList& out) {
  const auto one = Quantity::FromInt64(1, Quantity::Format::kDecimalSI);
  out["persistentvolumeclaims"] = one;
  const object* spec = Obj(&pvc, "spec");
  std::string sc = Str(spec, "storageClassName");
  if (!sc.empty()) out[sc + ".storageclass.storage.k8s.io/persistentvolumeclaims"] = one;
  ResourceList requests = ParseResourceList(Obj(Obj(spec, "resources"), "requests"));
  if (auto it = requests.find("storage"); it != requests.end()) {
    out["requests.storage"] = it->second;
    if (!sc.empty()) out[sc + ".storageclass.storage.k8s.io/requests.storage"] = it->second;
  }
}

}  // namespace

std::string CountName(std::string_view group, std::string_view resource) {
  std::string out = "count/" + std::string(resource);
  if (!group.empty()) out += "." + std::string(group);
  return out;
}

ResourceList PodRequests(const object& pod) { return Effective(pod, "requests"); }
ResourceList PodLimits(const object& pod) { return Effective(pod, "limits"); }

ResourceList UsageOf(std::string_view group, std::string_view resource, const object& obj) {
  ResourceList out;
  if (group.empty() && resource == "pods" && PodFinished(obj)) return out;
  out[CountName(group, resource)] = Quantity::FromInt64(1, Quantity::Format::kDecimalSI);
  if (!group.empty()) return out;
  if (resource == "pods") {
    PodUsage(obj, out);
  } else if (resource == "services") {
    ServiceUsage(obj, out);
  } else if (resource == "persistentvolumeclaims") {
    ClaimUsage(obj, out);
  } else if (resource == "configmaps" || resource == "secrets" || resource == "replicationcontrollers" ||
             resource == "resourcequotas") {
    out[std::string(resource)] = Quantity::FromInt64(1, Quantity::Format::kDecimalSI);
  }
  return out;
}

std::vector<std::string> MissingPodResources(const object& pod, const std::vector<std::string>& hard_names) {
  std::map<std::string, std::set<std::string>> missing;  // resource -> containers, both sorted
  for (const auto& name : hard_names) {
    std::string part, res;
    if (name.rfind("requests.", 0) == 0) {
      part = "requests";
      res = name.substr(9);
    } else if (name.rfind("limits.", 0) == 0) {
      part = "limits";
      res = name.substr(7);
    } else if (IsLegacyCompute(name)) {
      part = "requests";
      res = name;
    } else {
      continue;
    }
    if (!IsLegacyCompute(res)) continue;  // extended resources need not be set by everyone
    for (const char* field : {"containers", "initContainers"}) {
      if (const auto* cs = Containers(pod, field)) {
        for (const auto& c : *cs) {
          if (ContainerPart(c, part).contains(res)) continue;
          const auto* container_name = c.is_object() ? c.as_object().if_contains("name") : nullptr;
          missing[name].insert(container_name != nullptr && container_name->is_string()
                                   ? std::string(container_name->get_string())
                                   : std::string());
        }
      }
    }
  }
  std::vector<std::string> out;
  for (const auto& [name, containers] : missing) {
    std::string text = name + " for: ";
    bool first = true;
    for (const auto& c : containers) {
      text += (first ? "" : ",") + c;
      first = false;
    }
    out.push_back(std::move(text));
  }
  return out;
}

bool MatchesScopes(const object& quota, std::string_view group, std::string_view resource, const object& obj) {
  const auto* scopes = Arr(Obj(&quota, "spec"), "scopes");
  if (scopes == nullptr || scopes->empty()) return true;
  if (!group.empty() || resource != "pods") return false;
  for (const auto& s : *scopes) {
    if (!s.is_string()) continue;
    std::string_view scope = s.as_string();
    bool ok = true;
    if (scope == "Terminating") ok = IsTerminating(obj);
    if (scope == "NotTerminating") ok = !IsTerminating(obj);
    if (scope == "BestEffort") ok = IsBestEffort(obj);
    if (scope == "NotBestEffort") ok = !IsBestEffort(obj);
    if (!ok) return false;
  }
  return true;
}

}  // namespace kubepp::api::quota
