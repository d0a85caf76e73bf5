#include "apiserver/pod_affinity_label_keys.h"

#include <string_view>

namespace kubepp::apiserver {
namespace {

using boost::json::array;
using boost::json::object;

object* ObjectField(object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v ? v->if_object() : nullptr;
}

array* ArrayField(object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v ? v->if_array() : nullptr;
}

// Appends `key <op> (value)` for each key in term[`keys_field`] the pod has a label for.
void AddRequirements(const object& term, std::string_view keys_field, std::string_view op, const object& labels,
                     object& selector) {
  const auto* keys = term.if_contains(keys_field);
  if (keys == nullptr || !keys->is_array()) return;
  for (const auto& k : keys->get_array()) {
    if (!k.is_string()) continue;
    const auto* value = labels.if_contains(k.get_string());
    if (value == nullptr || !value->is_string()) continue;
    auto& exprs = selector["matchExpressions"];
    if (!exprs.is_array()) exprs = array();
    exprs.get_array().push_back(object{{"key", k.get_string()}, {"operator", op}, {"values", array{*value}}});
  }
}

void MergeTerm(object& term, const object& labels) {
  object* selector = ObjectField(term, "labelSelector");
  if (selector == nullptr) return;  // a nil selector selects nothing: keys cannot change that
  AddRequirements(term, "matchLabelKeys", "In", labels, *selector);
  AddRequirements(term, "mismatchLabelKeys", "NotIn", labels, *selector);
}

void MergeAffinity(object* affinity, const object& labels) {
  if (affinity == nullptr) return;
  if (array* required = ArrayField(*affinity, "requiredDuringSchedulingIgnoredDuringExecution")) {
    for (auto& t : *required) {
      if (auto* term = t.if_object()) MergeTerm(*term, labels);
    }
  }
  if (array* preferred = ArrayField(*affinity, "preferredDuringSchedulingIgnoredDuringExecution")) {
    for (auto& w : *preferred) {
      auto* weighted = w.if_object();
      object* term = weighted ? ObjectField(*weighted, "podAffinityTerm") : nullptr;
      if (term != nullptr) MergeTerm(*term, labels);
    }
  }
}

}  // namespace

void MergeAffinityLabelKeys(object& pod) {
  object* spec = ObjectField(pod, "spec");
  object* affinity = spec ? ObjectField(*spec, "affinity") : nullptr;
  if (affinity == nullptr) return;
  static const object kNoLabels;
  object* meta = ObjectField(pod, "metadata");
  const object* labels = meta ? ObjectField(*meta, "labels") : nullptr;
  if (labels == nullptr) labels = &kNoLabels;
  MergeAffinity(ObjectField(*affinity, "podAffinity"), *labels);
  MergeAffinity(ObjectField(*affinity, "podAntiAffinity"), *labels);
}

}  // namespace kubepp::apiserver
