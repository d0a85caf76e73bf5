// Access and policy kinds: RBAC roles and bindings (rbac/validation), PDBs
// (policy), PriorityClasses (scheduling), Leases (coordination) and HPAs
// (autoscaling).
#include <algorithm>

#include "api/validation/json_access.h"
#include "api/validation/kinds.h"
#include "api/validation/label_selector.h"
#include "api/validation/workload_common.h"
#include "base/go_quote.h"

namespace kubepp::api::validation {
namespace {

using boost::json::array;
using boost::json::object;

constexpr const char* kRbacGroup = "rbac.authorization.k8s.io";

ErrorList ValidatePolicyRules(const object& role, bool namespaced) {
  ErrorList errs;
  const array* rules = Arr(&role, "rules");
  for (size_t i = 0; i < Size(rules); ++i) {
    const object* r = ObjAt(*rules, i);
    FieldPath rp = FieldPath("rules").Index(i);
    if (Size(Arr(r, "verbs")) == 0)
      errs.push_back(Required(rp.Child("verbs"), "verbs must contain at least one value"));
    auto urls = Strings(r, "nonResourceURLs");
    if (!urls.empty()) {
      if (namespaced) {
        errs.push_back(InvalidRaw(rp.Child("nonResourceURLs"), GoStringSlice(urls),
                                  "namespaced rules cannot apply to non-resource URLs"));
      }
      if (Size(Arr(r, "apiGroups")) + Size(Arr(r, "resources")) + Size(Arr(r, "resourceNames")) >
          0) {
        errs.push_back(
            InvalidRaw(rp.Child("nonResourceURLs"), GoStringSlice(urls),
                       "rules cannot apply to both regular resources and non-resource URLs"));
      }
      continue;
    }
    if (Size(Arr(r, "apiGroups")) == 0) {
      errs.push_back(
          Required(rp.Child("apiGroups"), "resource rules must supply at least one api group"));
    }
    if (Size(Arr(r, "resources")) == 0) {
      errs.push_back(
          Required(rp.Child("resources"), "resource rules must supply at least one resource"));
    }
  }
  return errs;
}

ErrorList ValidateClusterRole(const object& role) {
  ErrorList errs = ValidatePolicyRules(role, false);
  if (const object* agg = Obj(&role, "aggregationRule")) {
    const array* selectors = Arr(agg, "clusterRoleSelectors");
    FieldPath ap = FieldPath("aggregationRule").Child("clusterRoleSelectors");
    if (Size(selectors) == 0) {
      errs.push_back(
          Required(ap, "at least one clusterRoleSelector required if aggregationRule is non-nil"));
    }
    for (size_t i = 0; i < Size(selectors); ++i)
      Append(errs, ValidateLabelSelector(ObjAt(*selectors, i), ap.Index(i)));
  }
  return errs;
}

ErrorList ValidateSubjects(const object& binding, bool namespaced) {
  ErrorList errs;
  const array* subjects = Arr(&binding, "subjects");
  for (size_t i = 0; i < Size(subjects); ++i) {
    const object* s = ObjAt(*subjects, i);
    FieldPath sp = FieldPath("subjects").Index(i);
    std::string name = Str(s, "name"), kind = Str(s, "kind"), group = Str(s, "apiGroup");
    if (name.empty()) errs.push_back(Required(sp.Child("name")));
    if (kind == "ServiceAccount") {
      if (!name.empty()) {
        for (auto& m : CheckName(NameRule::kDNSSubdomain, name, false))
          errs.push_back(Invalid(sp.Child("name"), name, m));
      }
      if (!group.empty()) errs.push_back(NotSupported(sp.Child("apiGroup"), group, {""}));
      if (!namespaced && Str(s, "namespace").empty())
        errs.push_back(Required(sp.Child("namespace")));
    } else if (kind == "User" || kind == "Group") {
      if (group != kRbacGroup)
        errs.push_back(NotSupported(sp.Child("apiGroup"), group, {kRbacGroup}));
    } else {
      errs.push_back(NotSupported(sp.Child("kind"), kind, {"ServiceAccount", "User", "Group"}));
    }
  }
  return errs;
}

ErrorList ValidateBinding(const object& binding, bool namespaced) {
  ErrorList errs;
  const object* ref = Obj(&binding, "roleRef");
  FieldPath rp("roleRef");
  std::string group = Str(ref, "apiGroup"), kind = Str(ref, "kind"), name = Str(ref, "name");
  if (group != kRbacGroup) errs.push_back(NotSupported(rp.Child("apiGroup"), group, {kRbacGroup}));
  if (namespaced) {
    if (kind != "Role" && kind != "ClusterRole")
      errs.push_back(NotSupported(rp.Child("kind"), kind, {"Role", "ClusterRole"}));
  } else if (kind != "ClusterRole") {
    errs.push_back(NotSupported(rp.Child("kind"), kind, {"ClusterRole"}));
  }
  if (name.empty()) {
    errs.push_back(Required(rp.Child("name")));
  } else {
    for (auto& m : CheckName(NameRule::kPathSegment, name, false))
      errs.push_back(Invalid(rp.Child("name"), name, m));
  }
  Append(errs, ValidateSubjects(binding, namespaced));
  return errs;
}

ErrorList RoleRefImmutable(const object& b, const object& old) {
  const object* ref = Obj(&b, "roleRef");
  const object* old_ref = Obj(&old, "roleRef");
  if (Str(ref, "apiGroup") == Str(old_ref, "apiGroup") &&
      Str(ref, "kind") == Str(old_ref, "kind") && Str(ref, "name") == Str(old_ref, "name")) {
    return {};
  }
  std::string text = "rbac.RoleRef{APIGroup:" + GoQuote(Str(ref, "apiGroup")) +
                     ", Kind:" + GoQuote(Str(ref, "kind")) + ", Name:" + GoQuote(Str(ref, "name")) +
                     "}";
  return {InvalidRaw(FieldPath("roleRef"), text, "cannot change roleRef")};
}

ErrorList ValidatePDB(const object& pdb) {
  ErrorList errs;
  const object* spec = SpecOf(pdb);
  FieldPath sp("spec");
  IntOrString min_available = IntOrStr(spec, "minAvailable");
  IntOrString max_unavailable = IntOrStr(spec, "maxUnavailable");
  if (min_available.present && max_unavailable.present) {
    errs.push_back(InvalidRaw(sp, GoValue(*Field(&pdb, "spec")),
                              "minAvailable and maxUnavailable cannot be both set"));
  }
  Append(errs, ValidatePositiveIntOrPercent(min_available, sp.Child("minAvailable")));
  Append(errs, ValidateNotMoreThan100Percent(min_available, sp.Child("minAvailable")));
  Append(errs, ValidatePositiveIntOrPercent(max_unavailable, sp.Child("maxUnavailable")));
  Append(errs, ValidateNotMoreThan100Percent(max_unavailable, sp.Child("maxUnavailable")));
  Append(errs, ValidateLabelSelector(Obj(spec, "selector"), sp.Child("selector")));
  if (Has(spec, "unhealthyPodEvictionPolicy")) {
    std::string p = Str(spec, "unhealthyPodEvictionPolicy");
    if (p != "AlwaysAllow" && p != "IfHealthyBudget") {
      errs.push_back(NotSupported(sp.Child("unhealthyPodEvictionPolicy"), p,
                                  {"AlwaysAllow", "IfHealthyBudget"}));
    }
  }
  return errs;
}

constexpr int64_t kHighestUserDefinablePriority = 1000000000;

ErrorList ValidatePriorityClass(const object& pc) {
  ErrorList errs;
  std::string name = Str(Obj(&pc, "metadata"), "name");
  int64_t value = IntOr(&pc, "value", 0);
  if (name.starts_with("system-")) {
    std::string err;
    int64_t want = name == "system-node-critical"      ? 2000001000
                   : name == "system-cluster-critical" ? 2000000000
                                                       : -1;
    if (want < 0) {
      err = name + " is not a known system priority class";
    } else if (value != want) {
      err = "value of " + name + " PriorityClass must be " + std::to_string(want);
    }
    if (!err.empty()) {
      errs.push_back(Forbidden(
          FieldPath("metadata").Child("name"),
          "priority class names with 'system-' prefix are reserved for system use only. error: " +
              err));
    }
  } else if (value > kHighestUserDefinablePriority) {
    errs.push_back(Forbidden(FieldPath("value"),
                             "maximum allowed value of a user defined priority is 1000000000"));
  }
  if (Has(&pc, "preemptionPolicy")) {
    std::string p = Str(&pc, "preemptionPolicy");
    if (p != "Never" && p != "PreemptLowerPriority") {
      errs.push_back(
          NotSupported(FieldPath("preemptionPolicy"), p, {"PreemptLowerPriority", "Never"}));
    }
  }
  return errs;
}

ErrorList ValidateLease(const object& lease) {
  ErrorList errs;
  const object* spec = SpecOf(lease);
  FieldPath sp("spec");
  if (auto d = Int(spec, "leaseDurationSeconds"); d && *d <= 0) {
    errs.push_back(InvalidInt(sp.Child("leaseDurationSeconds"), *d, "must be greater than 0"));
  }
  if (auto t = Int(spec, "leaseTransitions"); t && *t < 0) {
    errs.push_back(
        InvalidInt(sp.Child("leaseTransitions"), *t, "must be greater than or equal to 0"));
  }
  return errs;
}

ErrorList ValidatePathSegment(const std::string& value, const FieldPath& path) {
  ErrorList errs;
  if (value.empty()) return {Required(path)};
  for (auto& m : CheckName(NameRule::kPathSegment, value, false))
    errs.push_back(Invalid(path, value, m));
  return errs;
}

ErrorList ValidateHPA(const object& hpa) {
  ErrorList errs;
  const object* spec = SpecOf(hpa);
  FieldPath sp("spec");
  auto min = Int(spec, "minReplicas");
  int64_t max = IntOr(spec, "maxReplicas", 0);
  if (min && *min < 1)
    errs.push_back(InvalidInt(sp.Child("minReplicas"), *min, "must be greater than or equal to 1"));
  if (max < 1) errs.push_back(InvalidInt(sp.Child("maxReplicas"), max, "must be greater than 0"));
  if (min && max < *min)
    errs.push_back(
        InvalidInt(sp.Child("maxReplicas"), max, "must be greater than or equal to `minReplicas`"));
  const object* ref = Obj(spec, "scaleTargetRef");
  Append(errs, ValidatePathSegment(Str(ref, "kind"), sp.Child("scaleTargetRef", "kind")));
  Append(errs, ValidatePathSegment(Str(ref, "name"), sp.Child("scaleTargetRef", "name")));
  if (auto cpu = Int(spec, "targetCPUUtilizationPercentage"); cpu && *cpu < 1) {
    // autoscaling/v1 converts this field into a Resource metric before validating.
    errs.push_back(
        InvalidInt(sp.Child("metrics").Index(0).Child("resource", "target", "averageUtilization"),
                   *cpu, "must be greater than 0"));
  }
  const array* metrics = Arr(spec, "metrics");
  for (size_t i = 0; i < Size(metrics); ++i) {
    const object* m = ObjAt(*metrics, i);
    FieldPath mp = sp.Child("metrics").Index(i);
    std::string type = Str(m, "type");
    static const std::vector<std::string> kTypes = {"ContainerResource", "External", "Object",
                                                    "Pods", "Resource"};
    if (type.empty()) {
      errs.push_back(Required(mp.Child("type"), "must specify a metric source type"));
    } else if (std::find(kTypes.begin(), kTypes.end(), type) == kTypes.end()) {
      errs.push_back(NotSupported(mp.Child("type"), type, kTypes));
    } else if (type == "Resource") {
      const object* r = Obj(m, "resource");
      if (r == nullptr) {
        errs.push_back(Required(mp.Child("resource"),
                                "must populate information for the given metric source"));
        continue;
      }
      if (Str(r, "name").empty())
        errs.push_back(Required(mp.Child("resource", "name"), "must specify a resource name"));
      const object* target = Obj(r, "target");
      if (auto u = Int(target, "averageUtilization"); u && *u < 1) {
        errs.push_back(InvalidInt(mp.Child("resource", "target", "averageUtilization"), *u,
                                  "must be greater than 0"));
      }
    }
  }
  return errs;
}

}  // namespace

void RegisterPolicyKinds(KindTable& t) {
  const std::string rbac = "rbac.authorization.k8s.io/";
  for (const char* kind : {"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}) {
    t[rbac + kind].name_rule = NameRule::kPathSegment;
  }
  t[rbac + "Role"].validate = [](const object& o) { return ValidatePolicyRules(o, true); };
  t[rbac + "ClusterRole"].validate = ValidateClusterRole;
  t[rbac + "RoleBinding"].validate = [](const object& o) { return ValidateBinding(o, true); };
  t[rbac + "RoleBinding"].validate_update = RoleRefImmutable;
  t[rbac + "ClusterRoleBinding"].validate = [](const object& o) {
    return ValidateBinding(o, false);
  };
  t[rbac + "ClusterRoleBinding"].validate_update = RoleRefImmutable;

  t["policy/PodDisruptionBudget"].validate = ValidatePDB;
  t["scheduling.k8s.io/PriorityClass"].validate = ValidatePriorityClass;
  t["scheduling.k8s.io/PriorityClass"].validate_update = [](const object& o, const object& old) {
    ErrorList errs;
    if (IntOr(&o, "value", 0) != IntOr(&old, "value", 0)) {
      errs.push_back(Forbidden(FieldPath("value"), "may not be changed in an update."));
    }
    if (Str(&o, "preemptionPolicy") != Str(&old, "preemptionPolicy")) {
      errs.push_back(Invalid(FieldPath("preemptionPolicy"), Str(&o, "preemptionPolicy"),
                             std::string(kFieldImmutable)));
    }
    return errs;
  };
  t["coordination.k8s.io/Lease"].validate = ValidateLease;
  t["autoscaling/HorizontalPodAutoscaler"].validate = ValidateHPA;
}

}  // namespace kubepp::api::validation
