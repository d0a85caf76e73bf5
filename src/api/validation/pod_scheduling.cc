// Scheduling fields of a pod spec: affinity, topology spread, node selectors, tolerations.
#include <algorithm>
#include <cctype>
#include <climits>
#include <map>
#include <set>

#include "api/names/names.h"
#include "api/quantity/quantity.h"
#include "api/validation/label_selector.h"
#include "api/validation/object_meta.h"
#include "api/validation/pod_parts.h"
#include "api/validation/pod_spec.h"

namespace kubepp::api::validation {
namespace {

using boost::json::array;
using boost::json::object;

ErrorList ValidateNodeSelectorTerm(const object* term, const FieldPath& path, bool check_values) {
  ErrorList errs;
  const array* exprs = Arr(term, "matchExpressions");
  for (size_t j = 0; j < Size(exprs); ++j) {
    const object* r = ObjAt(*exprs, j);
    FieldPath rp = path.Child("matchExpressions").Index(j);
    std::string op = Str(r, "operator");
    size_t n = Size(Arr(r, "values"));
    if (op == "In" || op == "NotIn") {
      if (n == 0)
        errs.push_back(
            Required(rp.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op == "Exists" || op == "DoesNotExist") {
      if (n > 0)
        errs.push_back(
            Forbidden(rp.Child("values"),
                      "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else if (op == "Gt" || op == "Lt") {
      if (n != 1)
        errs.push_back(Required(rp.Child("values"),
                                "must be specified single value when `operator` is 'Lt' or 'Gt'"));
    } else {
      errs.push_back(Invalid(rp.Child("operator"), op, "not a valid selector operator"));
    }
    Append(errs, ValidateQualifiedName(Str(r, "key"), rp.Child("key")));
    if (check_values) {
      auto values = Strings(r, "values");
      for (size_t k = 0; k < values.size(); ++k) {
        for (auto& m : IsValidLabelValue(values[k]))
          errs.push_back(Invalid(rp.Child("values").Index(k), values[k], m));
      }
    }
  }
  const array* fields = Arr(term, "matchFields");
  for (size_t j = 0; j < Size(fields); ++j) {
    const object* r = ObjAt(*fields, j);
    FieldPath rp = path.Child("matchFields").Index(j);
    std::string op = Str(r, "operator");
    if (op == "In" || op == "NotIn") {
      if (Size(Arr(r, "values")) != 1) {
        errs.push_back(Required(
            rp.Child("values"),
            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
      }
    } else {
      errs.push_back(Invalid(rp.Child("operator"), op, "not a valid selector operator"));
    }
    if (Str(r, "key") != "metadata.name") {
      errs.push_back(Invalid(rp.Child("key"), Str(r, "key"), "not a valid field selector key"));
    } else {
      auto values = Strings(r, "values");
      for (size_t k = 0; k < values.size(); ++k) {
        for (auto& m : IsDNS1123Subdomain(values[k]))
          errs.push_back(Invalid(rp.Child("values").Index(k), values[k], m));
      }
    }
  }
  return errs;
}

// matchLabelKeys / mismatchLabelKeys of a podAffinityTerm, after the
// apiserver merged them into labelSelector at create (upstream's
// validateMatchLabelKeysAndMismatchLabelKeys, error paths included).
ErrorList ValidateAffinityLabelKeys(const object* term, const FieldPath& path) {
  ErrorList errs;
  const object* selector = Obj(term, "labelSelector");
  std::vector<std::string> match = Strings(term, "matchLabelKeys");
  std::vector<std::string> mismatch = Strings(term, "mismatchLabelKeys");
  auto keys = [&](const std::vector<std::string>& list, const FieldPath& p) {
    if (list.empty()) return;
    if (selector == nullptr) {
      errs.push_back(Forbidden(p, "must not be specified when labelSelector is not set"));
      return;
    }
    for (size_t i = 0; i < list.size(); ++i) Append(errs, ValidateQualifiedName(list[i], p.Index(i)));
  };
  keys(match, path.Child("matchLabelKeys"));
  keys(mismatch, path.Child("mismatchLabelKeys"));
  if (selector != nullptr) {
    // A matchLabelKeys key the selector already had: the merged `In` repeats it.
    std::map<std::string, size_t> match_index;
    for (size_t i = 0; i < match.size(); ++i) match_index[match[i]] = i;
    std::set<std::string> seen;
    if (const object* ml = Obj(selector, "matchLabels")) {
      for (const auto& kv : *ml) seen.insert(std::string(kv.key()));
    }
    const array* exprs = Arr(selector, "matchExpressions");
    for (size_t i = 0; i < Size(exprs); ++i) {
      std::string key = Str(ObjAt(*exprs, i), "key");
      auto m = match_index.find(key);
      if (m != match_index.end() && seen.count(key)) {
        // Upstream indexes the term's own path here, not matchLabelKeys'.
        errs.push_back(Invalid(path.Index(m->second), key, "exists in both matchLabelKeys and labelSelector"));
      }
      seen.insert(key);
    }
  }
  for (size_t i = 0; i < match.size(); ++i) {
    if (std::find(mismatch.begin(), mismatch.end(), match[i]) != mismatch.end()) {
      errs.push_back(Invalid(path.Child("matchLabelKeys").Index(i), match[i],
                             "exists in both matchLabelKeys and mismatchLabelKeys"));
    }
  }
  return errs;
}

ErrorList ValidatePodAffinityTerm(const object* term, const FieldPath& path) {
  ErrorList errs = ValidateLabelSelector(Obj(term, "labelSelector"), path.Child("labelSelector"));
  Append(errs,
         ValidateLabelSelector(Obj(term, "namespaceSelector"), path.Child("namespaceSelector")));
  for (const auto& ns : Strings(term, "namespaces")) {
    for (auto& m : IsDNS1123Label(ns)) errs.push_back(Invalid(path.Child("namespace"), ns, m));
  }
  Append(errs, ValidateAffinityLabelKeys(term, path));
  std::string key = Str(term, "topologyKey");
  if (key.empty()) errs.push_back(Required(path.Child("topologyKey"), "can not be empty"));
  Append(errs, ValidateQualifiedName(key, path.Child("topologyKey")));
  return errs;
}

ErrorList ValidatePodAffinity(const object* a, const FieldPath& path) {
  ErrorList errs;
  const array* required = Arr(a, "requiredDuringSchedulingIgnoredDuringExecution");
  for (size_t i = 0; i < Size(required); ++i) {
    Append(errs, ValidatePodAffinityTerm(
                     ObjAt(*required, i),
                     path.Child("requiredDuringSchedulingIgnoredDuringExecution").Index(i)));
  }
  const array* preferred = Arr(a, "preferredDuringSchedulingIgnoredDuringExecution");
  for (size_t i = 0; i < Size(preferred); ++i) {
    const object* w = ObjAt(*preferred, i);
    FieldPath wp = path.Child("preferredDuringSchedulingIgnoredDuringExecution").Index(i);
    int64_t weight = IntOr(w, "weight", 0);
    if (weight <= 0 || weight > 100)
      errs.push_back(InvalidInt(wp.Child("weight"), weight, "must be in the range 1-100"));
    Append(errs, ValidatePodAffinityTerm(Obj(w, "podAffinityTerm"), wp.Child("podAffinityTerm")));
  }
  return errs;
}

}  // namespace

ErrorList ValidateAffinity(const object* affinity, const FieldPath& path) {
  ErrorList errs;
  if (const object* na = Obj(affinity, "nodeAffinity")) {
    FieldPath np = path.Child("nodeAffinity");
    if (const object* req = Obj(na, "requiredDuringSchedulingIgnoredDuringExecution")) {
      Append(errs,
             ValidateNodeSelector(req, np.Child("requiredDuringSchedulingIgnoredDuringExecution")));
    }
    const array* preferred = Arr(na, "preferredDuringSchedulingIgnoredDuringExecution");
    for (size_t i = 0; i < Size(preferred); ++i) {
      const object* t = ObjAt(*preferred, i);
      FieldPath tp = np.Child("preferredDuringSchedulingIgnoredDuringExecution").Index(i);
      int64_t weight = IntOr(t, "weight", 0);
      if (weight <= 0 || weight > 100)
        errs.push_back(InvalidInt(tp.Child("weight"), weight, "must be in the range 1-100"));
      Append(errs, ValidateNodeSelectorTerm(Obj(t, "preference"), tp.Child("preference"), false));
    }
  }
  if (const object* pa = Obj(affinity, "podAffinity"))
    Append(errs, ValidatePodAffinity(pa, path.Child("podAffinity")));
  if (const object* paa = Obj(affinity, "podAntiAffinity")) {
    Append(errs, ValidatePodAffinity(paa, path.Child("podAntiAffinity")));
  }
  return errs;
}

ErrorList ValidateTopologySpread(const array* constraints, const FieldPath& path) {
  ErrorList errs;
  std::set<std::string> pairs;
  for (size_t i = 0; i < Size(constraints); ++i) {
    const object* c = ObjAt(*constraints, i);
    FieldPath cp = path.Index(i);
    int64_t skew = IntOr(c, "maxSkew", 0);
    if (skew <= 0)
      errs.push_back(InvalidInt(cp.Child("maxSkew"), skew, "must be greater than zero"));
    std::string key = Str(c, "topologyKey");
    if (key.empty()) {
      errs.push_back(Required(cp.Child("topologyKey"), "can not be empty"));
    } else {
      Append(errs, ValidateQualifiedName(key, cp.Child("topologyKey")));
    }
    std::string action = Str(c, "whenUnsatisfiable");
    if (action != "DoNotSchedule" && action != "ScheduleAnyway") {
      errs.push_back(
          NotSupported(cp.Child("whenUnsatisfiable"), action, {"DoNotSchedule", "ScheduleAnyway"}));
    }
    std::string pair = "{" + key + ", " + action + "}";
    if (!pairs.insert(pair).second) errs.push_back(Duplicate(cp, pair));
    Append(errs, ValidateLabelSelector(Obj(c, "labelSelector"), cp.Child("labelSelector")));
  }
  return errs;
}

ErrorList ValidateNodeSelector(const object* selector, const FieldPath& path) {
  ErrorList errs;
  const array* terms = Arr(selector, "nodeSelectorTerms");
  FieldPath tp = path.Child("nodeSelectorTerms");
  if (Size(terms) == 0) return {Required(tp, "must have at least one node selector term")};
  for (size_t i = 0; i < terms->size(); ++i)
    Append(errs, ValidateNodeSelectorTerm(ObjAt(*terms, i), tp.Index(i), true));
  return errs;
}

ErrorList ValidateTolerations(const array* tolerations, const FieldPath& path) {
  ErrorList errs;
  for (size_t i = 0; i < Size(tolerations); ++i) {
    const object* t = ObjAt(*tolerations, i);
    FieldPath ip = path.Index(i);
    std::string key = Str(t, "key"), op = Str(t, "operator"), value = Str(t, "value"),
                effect = Str(t, "effect");
    if (!key.empty()) Append(errs, ValidateQualifiedName(key, ip.Child("key")));
    if (key.empty() && op != "Exists") {
      errs.push_back(Invalid(ip.Child("operator"), op,
                             "operator must be Exists when `key` is empty, which means \"match all "
                             "values and all keys\""));
    }
    if (Has(t, "tolerationSeconds") && effect != "NoExecute") {
      errs.push_back(Invalid(ip.Child("effect"), effect,
                             "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op == "Equal" || op.empty()) {
      auto msgs = IsValidLabelValue(value);
      if (!msgs.empty()) {
        std::string joined;
        for (size_t k = 0; k < msgs.size(); ++k) joined += (k ? ";" : "") + msgs[k];
        errs.push_back(Invalid(ip.Child("operator"), value, joined));
      }
    } else if (op == "Exists") {
      if (!value.empty()) {
        errs.push_back(Invalid(ip.Child("operator"), value,
                               "value must be empty when `operator` is 'Exists'"));
      }
    } else {
      errs.push_back(NotSupported(ip.Child("operator"), op, {"Equal", "Exists"}));
    }
    if (!effect.empty() && effect != "NoSchedule" && effect != "PreferNoSchedule" &&
        effect != "NoExecute") {
      errs.push_back(NotSupported(ip.Child("effect"), effect,
                                  {"NoSchedule", "PreferNoSchedule", "NoExecute"}));
    }
  }
  return errs;
}

}  // namespace kubepp::api::validation
