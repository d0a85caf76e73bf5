#include "scheduler/config/plugin_args_validation.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "api/names/names.h"
#include "api/validation/label_selector.h"
#include "api/validation/object_meta.h"

namespace kubepp::scheduler::config {
namespace {

using api::validation::Duplicate;
using api::validation::ErrorList;
using api::validation::FieldPath;
using api::validation::Forbidden;
using api::validation::GoStringSlice;
using api::validation::Invalid;
using api::validation::InvalidInt;
using api::validation::InvalidRaw;
using api::validation::NotSupported;
using api::validation::Required;
using boost::json::array;
using boost::json::object;
using boost::json::value;

const value* Field(const object* o, std::string_view key) {
  if (o == nullptr) return nullptr;
  const value* v = o->if_contains(key);
  return v == nullptr || v->is_null() ? nullptr : v;
}
const object* Obj(const object* o, std::string_view key) {
  const value* v = Field(o, key);
  return v ? v->if_object() : nullptr;
}
const array* Arr(const object* o, std::string_view key) {
  const value* v = Field(o, key);
  return v ? v->if_array() : nullptr;
}
std::string Str(const object* o, std::string_view key) {
  const value* v = Field(o, key);
  return v && v->is_string() ? std::string(v->get_string()) : "";
}
int64_t Int(const object* o, std::string_view key, int64_t def = 0) {
  const value* v = Field(o, key);
  return v && v->is_int64() ? v->get_int64() : def;
}
std::vector<std::string> Strings(const object* o, std::string_view key) {
  std::vector<std::string> out;
  if (const array* a = Arr(o, key)) {
    for (const auto& v : *a) {
      if (v.is_string()) out.emplace_back(v.get_string());
    }
  }
  return out;
}

// metav1validation.ValidateLabelName: a qualified name.
ErrorList LabelName(const std::string& name, const FieldPath& path) {
  return api::validation::ValidateQualifiedName(name, path);
}

ErrorList ValidateDefaultPreemption(const object& args, const FieldPath& path) {
  ErrorList errs;
  FieldPath pct_path = path.Child("minCandidateNodesPercentage");
  FieldPath abs_path = path.Child("minCandidateNodesAbsolute");
  int64_t pct = Int(&args, "minCandidateNodesPercentage");
  int64_t abs = Int(&args, "minCandidateNodesAbsolute");
  if (pct < 0 || pct > 100) errs.push_back(InvalidInt(pct_path, pct, "not in valid range [0, 100]"));
  if (abs < 0) errs.push_back(InvalidInt(abs_path, abs, "not in valid range [0, inf)"));
  if (pct == 0 && abs == 0) {
    errs.push_back(InvalidInt(pct_path, pct, "cannot be zero at the same time as minCandidateNodesAbsolute"));
    errs.push_back(InvalidInt(abs_path, abs, "cannot be zero at the same time as minCandidateNodesPercentage"));
  }
  return errs;
}

ErrorList ValidateInterPodAffinity(const object& args, const FieldPath& path) {
  int64_t w = Int(&args, "hardPodAffinityWeight");
  if (w < 0 || w > 100) return {InvalidInt(path.Child("hardPodAffinityWeight"), w, "not in valid range [0, 100]")};
  return {};
}

ErrorList ValidateResources(const array* resources, const FieldPath& path) {
  ErrorList errs;
  for (size_t i = 0; resources != nullptr && i < resources->size(); ++i) {
    const object* r = (*resources)[i].if_object();
    int64_t w = Int(r, "weight");
    if (w <= 0 || w > 100) {
      errs.push_back(InvalidInt(path.Index(i).Child("weight"), w,
                                "resource weight of " + Str(r, "name") + " not in valid range (0, 100]"));
    }
  }
  return errs;
}

ErrorList ValidateShape(const array* shape, const FieldPath& path) {
  ErrorList errs;
  if (shape == nullptr || shape->empty()) return {Required(path, "at least one point must be specified")};
  for (size_t i = 1; i < shape->size(); ++i) {
    int64_t prev = Int((*shape)[i - 1].if_object(), "utilization");
    int64_t cur = Int((*shape)[i].if_object(), "utilization");
    if (prev >= cur) {
      errs.push_back(InvalidInt(path.Index(i).Child("utilization"), cur, "values must be sorted in increasing order"));
      break;
    }
  }
  for (size_t i = 0; i < shape->size(); ++i) {
    const object* p = (*shape)[i].if_object();
    int64_t u = Int(p, "utilization");
    int64_t s = Int(p, "score");
    if (u < 0 || u > 100) errs.push_back(InvalidInt(path.Index(i).Child("utilization"), u, "not in valid range [0, 100]"));
    if (s < 0 || s > 10) errs.push_back(InvalidInt(path.Index(i).Child("score"), s, "not in valid range [0, 10]"));
  }
  return errs;
}

ErrorList ValidateNodeResourcesFit(const object& args, const FieldPath& path) {
  ErrorList errs;
  std::vector<std::string> ignored = Strings(&args, "ignoredResources");
  for (size_t i = 0; i < ignored.size(); ++i) {
    api::validation::Append(errs, LabelName(ignored[i], path.Child("ignoredResources").Index(i)));
  }
  std::vector<std::string> groups = Strings(&args, "ignoredResourceGroups");
  for (size_t i = 0; i < groups.size(); ++i) {
    FieldPath p = path.Child("ignoredResourceGroups").Index(i);
    if (groups[i].find('/') != std::string::npos) {
      errs.push_back(Invalid(p, groups[i], "resource group name can't contain '/'"));
    }
    api::validation::Append(errs, LabelName(groups[i], p));
  }
  if (const object* strategy = Obj(&args, "scoringStrategy")) {
    FieldPath sp = path.Child("scoringStrategy");
    std::string type = Str(strategy, "type");
    if (type != "LeastAllocated" && type != "MostAllocated" && type != "RequestedToCapacityRatio") {
      errs.push_back(NotSupported(sp.Child("type"), type, {"LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"}));
    }
    api::validation::Append(errs, ValidateResources(Arr(strategy, "resources"), sp.Child("resources")));
    if (const object* ratio = Obj(strategy, "requestedToCapacityRatio")) {
      api::validation::Append(errs, ValidateShape(Arr(ratio, "shape"), sp.Child("shape")));
    }
  }
  return errs;
}

ErrorList ValidateBalancedAllocation(const object& args, const FieldPath& path) {
  ErrorList errs;
  std::set<std::string> seen;
  const array* resources = Arr(&args, "resources");
  for (size_t i = 0; resources != nullptr && i < resources->size(); ++i) {
    const object* r = (*resources)[i].if_object();
    FieldPath p = path.Child("resources").Index(i);
    std::string name = Str(r, "name");
    if (!seen.insert(name).second) errs.push_back(Duplicate(p.Child("name"), name));
    int64_t w = Int(r, "weight");
    if (w != 1) errs.push_back(InvalidInt(p.Child("weight"), w, "must be 1"));
  }
  return errs;
}

ErrorList ValidatePodTopologySpread(const object& args, const FieldPath& path) {
  ErrorList errs;
  std::string defaulting = Str(&args, "defaultingType");
  const array* constraints = Arr(&args, "defaultConstraints");
  size_t n = constraints ? constraints->size() : 0;
  if (defaulting != "System" && defaulting != "List") {
    errs.push_back(NotSupported(path.Child("defaultingType"), defaulting, {"System", "List"}));
  } else if (defaulting == "System" && n > 0) {
    errs.push_back(Invalid(path.Child("defaultingType"), defaulting, "when .defaultConstraints are not empty"));
  }
  FieldPath cp = path.Child("defaultConstraints");
  for (size_t i = 0; i < n; ++i) {
    const object* c = (*constraints)[i].if_object();
    FieldPath p = cp.Index(i);
    int64_t skew = Int(c, "maxSkew");
    if (skew <= 0) errs.push_back(InvalidInt(p.Child("maxSkew"), skew, "not in valid range (0, inf)"));
    std::string key = Str(c, "topologyKey");
    if (key.empty()) {
      errs.push_back(Required(p.Child("topologyKey"), "can not be empty"));
    } else {
      api::validation::Append(errs, LabelName(key, p.Child("topologyKey")));
    }
    std::string when = Str(c, "whenUnsatisfiable");
    if (when.empty()) {
      errs.push_back(Required(p.Child("whenUnsatisfiable"), "can not be empty"));
    } else if (when != "DoNotSchedule" && when != "ScheduleAnyway") {
      errs.push_back(NotSupported(p.Child("whenUnsatisfiable"), when, {"DoNotSchedule", "ScheduleAnyway"}));
    }
    if (Field(c, "labelSelector") != nullptr) {
      errs.push_back(
          Forbidden(p.Child("labelSelector"), "constraint must not define a selector, as they deduced for each pod"));
    }
    for (size_t j = 0; j < i; ++j) {
      const object* other = (*constraints)[j].if_object();
      if (Str(other, "topologyKey") == key && Str(other, "whenUnsatisfiable") == when) {
        errs.push_back(Duplicate(p, "{" + key + ", " + when + "}"));
        break;
      }
    }
  }
  return errs;
}

// One requirement of a node selector term, as labels.NewRequirement checks it.
ErrorList ValidateRequirement(const object* r, const FieldPath& path) {
  ErrorList errs;
  std::string key = Str(r, "key");
  std::string op = Str(r, "operator");
  std::vector<std::string> values = Strings(r, "values");
  static const std::vector<std::string> kOps = {"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"};
  if (std::find(kOps.begin(), kOps.end(), op) == kOps.end()) {
    return {NotSupported(path.Child("operator"), op, kOps)};
  }
  std::vector<std::string> key_errs = api::IsQualifiedName(key);
  if (!key_errs.empty()) {
    std::string joined;
    for (const auto& m : key_errs) joined += (joined.empty() ? "" : "; ") + m;
    errs.push_back(Invalid(path.Child("key"), key, joined));
  }
  FieldPath vp = path.Child("values");
  if ((op == "In" || op == "NotIn") && values.empty()) {
    errs.push_back(InvalidRaw(vp, GoStringSlice(values), "for 'in', 'notin' operators, values set can't be empty"));
  }
  if ((op == "Exists" || op == "DoesNotExist") && !values.empty()) {
    errs.push_back(InvalidRaw(vp, GoStringSlice(values), "values set must be empty for exists and does not exist"));
  }
  if (op == "Gt" || op == "Lt") {
    if (values.size() != 1) {
      errs.push_back(InvalidRaw(vp, GoStringSlice(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
    }
    for (size_t i = 0; i < values.size(); ++i) {
      int64_t n = 0;
      auto [ptr, ec] = std::from_chars(values[i].data(), values[i].data() + values[i].size(), n);
      if (ec != std::errc() || ptr != values[i].data() + values[i].size()) {
        errs.push_back(Invalid(vp.Index(i), values[i], "for 'Gt', 'Lt' operators, the value must be an integer"));
      }
    }
  }
  for (size_t i = 0; i < values.size(); ++i) {
    std::vector<std::string> v_errs = api::IsValidLabelValue(values[i]);
    if (v_errs.empty()) continue;
    std::string joined;
    for (const auto& m : v_errs) joined += (joined.empty() ? "" : "; ") + m;
    errs.push_back(Invalid(vp.Index(i), values[i], joined));
  }
  return errs;
}

// matchFields of a node selector term: metadata.name with In/NotIn and one value.
ErrorList ValidateFieldRequirement(const object* r, const FieldPath& path) {
  std::string op = Str(r, "operator");
  std::vector<std::string> values = Strings(r, "values");
  if (values.size() != 1) return {InvalidRaw(path.Child("values"), GoStringSlice(values), "must have one element")};
  if (op != "In" && op != "NotIn") return {NotSupported(path.Child("operator"), op, {"In", "NotIn"})};
  return {};
}

ErrorList ValidateNodeSelectorTerm(const object* term, const FieldPath& path) {
  ErrorList errs;
  const array* exprs = Arr(term, "matchExpressions");
  for (size_t i = 0; exprs != nullptr && i < exprs->size(); ++i) {
    api::validation::Append(errs, ValidateRequirement((*exprs)[i].if_object(), path.Child("matchExpressions").Index(i)));
  }
  const array* fields = Arr(term, "matchFields");
  for (size_t i = 0; fields != nullptr && i < fields->size(); ++i) {
    api::validation::Append(errs, ValidateFieldRequirement((*fields)[i].if_object(), path.Child("matchFields").Index(i)));
  }
  return errs;
}

ErrorList ValidateNodeAffinity(const object& args, const FieldPath& path) {
  ErrorList errs;
  const object* added = Obj(&args, "addedAffinity");
  if (added == nullptr) return errs;
  FieldPath ap = path.Child("addedAffinity");
  if (const object* required = Obj(added, "requiredDuringSchedulingIgnoredDuringExecution")) {
    FieldPath rp = ap.Child("requiredDuringSchedulingIgnoredDuringExecution").Child("nodeSelectorTerms");
    const array* terms = Arr(required, "nodeSelectorTerms");
    for (size_t i = 0; terms != nullptr && i < terms->size(); ++i) {
      api::validation::Append(errs, ValidateNodeSelectorTerm((*terms)[i].if_object(), rp.Index(i)));
    }
  }
  const array* preferred = Arr(added, "preferredDuringSchedulingIgnoredDuringExecution");
  FieldPath pp = ap.Child("preferredDuringSchedulingIgnoredDuringExecution");
  for (size_t i = 0; preferred != nullptr && i < preferred->size(); ++i) {
    const object* w = (*preferred)[i].if_object();
    api::validation::Append(errs, ValidateNodeSelectorTerm(Obj(w, "preference"), pp.Index(i).Child("preference")));
  }
  return errs;
}

ErrorList ValidateVolumeBinding(const object& args, const FieldPath& path) {
  ErrorList errs;
  int64_t t = Int(&args, "bindTimeoutSeconds");
  if (t < 0) {
    errs.push_back(InvalidInt(path.Child("bindTimeoutSeconds"), t, "invalid BindTimeoutSeconds, should not be a negative value"));
  }
  return errs;
}

}  // namespace

ErrorList ValidatePluginArgs(std::string_view plugin, const object& args, const FieldPath& path) {
  if (plugin == "DefaultPreemption") return ValidateDefaultPreemption(args, path);
  if (plugin == "InterPodAffinity") return ValidateInterPodAffinity(args, path);
  if (plugin == "NodeResourcesFit") return ValidateNodeResourcesFit(args, path);
  if (plugin == "NodeResourcesBalancedAllocation") return ValidateBalancedAllocation(args, path);
  if (plugin == "PodTopologySpread") return ValidatePodTopologySpread(args, path);
  if (plugin == "NodeAffinity") return ValidateNodeAffinity(args, path);
  if (plugin == "VolumeBinding") return ValidateVolumeBinding(args, path);
  return {};
}

}  // namespace kubepp::scheduler::config
