// Defaults of the smaller groups: networking.k8s.io, rbac, storage.k8s.io,
// scheduling.k8s.io, autoscaling (v1 and v2) and discovery.k8s.io
// (upstream pkg/apis/<group>/<version>/defaults.go).
#include "api/defaults/json_fields.h"
#include "api/defaults/kinds.h"

namespace kubepp::api::defaults {
namespace {

namespace json = boost::json;

constexpr std::string_view kRbacGroup = "rbac.authorization.k8s.io";

void DefaultSubject(json::object& subject) {
  if (!IsEmptyString(subject, "apiGroup")) return;
  std::string_view kind = StringAt(subject, "kind");
  // ServiceAccounts are core objects; their apiGroup stays "" (omitted).
  if (kind == "User" || kind == "Group") subject["apiGroup"] = kRbacGroup;
}

json::object Policy(std::string_view type, int64_t value) {
  return json::object{{"type", type}, {"value", value}, {"periodSeconds", 15}};
}

// Upstream's HPA v2 scaling rules when a behavior is given: every nil part
// of the given rules takes the default's part.
void FillScalingRules(json::object& behavior, std::string_view direction) {
  const bool up = direction == "scaleUp";
  json::object* rules = EnsureObject(behavior, direction);
  if (rules == nullptr) return;
  if (up) SetIfNil(*rules, "stabilizationWindowSeconds", 0);
  // Scale-down's window comes from the controller's flag; no default here.
  SetIfNil(*rules, "selectPolicy", "Max");
  if (IsNil(*rules, "policies")) {
    json::array policies;
    if (up) {
      policies.emplace_back(Policy("Pods", 4));
      policies.emplace_back(Policy("Percent", 100));
    } else {
      policies.emplace_back(Policy("Percent", 100));
    }
    (*rules)["policies"] = std::move(policies);
  }
}

}  // namespace

void DefaultNetworkPolicy(json::object& obj) {
  json::object* spec = EnsureObject(obj, "spec");
  if (spec == nullptr) return;
  for (std::string_view dir : {"ingress", "egress"}) {
    ForEachObject(*spec, dir, [](json::object& rule) {
      ForEachObject(rule, "ports", [](json::object& p) { SetIfNil(p, "protocol", "TCP"); });
    });
  }
  if (IsEmptyCollection(*spec, "policyTypes")) {
    // No policyTypes means at least Ingress, plus Egress when egress rules exist.
    json::array types;
    types.emplace_back("Ingress");
    if (!IsEmptyCollection(*spec, "egress")) types.emplace_back("Egress");
    (*spec)["policyTypes"] = std::move(types);
  }
}

void DefaultIngressClass(json::object& obj) {
  if (json::object* params = Path(obj, {"spec", "parameters"}))
    SetIfNil(*params, "scope", "Cluster");
}

void DefaultRoleBinding(json::object& obj) {
  if (json::object* ref = EnsureObject(obj, "roleRef"))
    SetIfEmptyString(*ref, "apiGroup", kRbacGroup);
  ForEachObject(obj, "subjects", [](json::object& s) { DefaultSubject(s); });
}

void DefaultStorageClass(json::object& obj) {
  SetIfNil(obj, "reclaimPolicy", "Delete");
  SetIfNil(obj, "volumeBindingMode", "Immediate");
}

void DefaultPriorityClass(json::object& obj) {
  SetIfNil(obj, "preemptionPolicy", "PreemptLowerPriority");
}

void DefaultHorizontalPodAutoscalerV1(json::object& obj) {
  if (json::object* spec = EnsureObject(obj, "spec")) SetIfNil(*spec, "minReplicas", 1);
}

void DefaultHorizontalPodAutoscalerV2(json::object& obj) {
  json::object* spec = EnsureObject(obj, "spec");
  if (spec == nullptr) return;
  SetIfNil(*spec, "minReplicas", 1);
  if (IsEmptyCollection(*spec, "metrics")) {
    // No metrics means the historic default: 80% average CPU utilization.
    json::object target{{"type", "Utilization"}, {"averageUtilization", 80}};
    json::object resource{{"name", "cpu"}, {"target", std::move(target)}};
    json::array metrics;
    metrics.emplace_back(json::object{{"type", "Resource"}, {"resource", std::move(resource)}});
    (*spec)["metrics"] = std::move(metrics);
  }
  if (json::object* behavior = ObjectAt(*spec, "behavior")) {
    FillScalingRules(*behavior, "scaleUp");
    FillScalingRules(*behavior, "scaleDown");
  }
}

void DefaultEndpointSlice(json::object& obj) {
  ForEachObject(obj, "ports", [](json::object& p) {
    SetIfNil(p, "name", "");
    SetIfNil(p, "protocol", "TCP");
  });
}

}  // namespace kubepp::api::defaults
