// Priority admission, as upstream's Priority plugin: a pod's
// spec.priorityClassName (or the cluster's globalDefault PriorityClass)
// decides spec.priority and spec.preemptionPolicy; a class that does not
// exist, or a priority the pod states itself that differs from its class's,
// is refused with 403.
#include <string>

#include "api/codec/codec.h"
#include "apiserver/admission/admission.h"
#include "apiserver/object_meta.h"
#include "apiserver/registry.h"

namespace kubepp::apiserver::admission {

namespace {

using boost::json::object;

// Every PriorityClass, as stored now (a handful per cluster).
StatusOr<std::vector<DecodedReads::ObjectPtr>> ReadPriorityClasses(DecodedReads& reads) {
  const api::ResourceInfo* r = api::Catalog::Get().FindPreferred("scheduling.k8s.io", "priorityclasses");
  if (r == nullptr) return std::vector<DecodedReads::ObjectPtr>();
  return reads.Prefix(Registry::Prefix(*r, ""));
}

std::string StringField(const object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

std::string ApplyPriority(const std::vector<const object*>& classes, object& pod) {
  auto* spec = pod.if_contains("spec") ? pod["spec"].if_object() : nullptr;
  if (spec == nullptr) return "";
  std::string class_name = StringField(*spec, "priorityClassName");
  int64_t priority = 0;  // no class and no global default
  std::string policy = "PreemptLowerPriority";
  const object* chosen = nullptr;
  for (const object* pc : classes) {
    if (class_name.empty()) {
      const auto* global = pc->if_contains("globalDefault");
      if (global && global->is_bool() && global->get_bool()) chosen = pc;
    } else if (MetaString(*pc, "name") == class_name) {
      chosen = pc;
    }
  }
  if (!class_name.empty() && chosen == nullptr) return "no PriorityClass with name " + class_name + " was found";
  if (chosen != nullptr) {
    if (const auto* v = chosen->if_contains("value"); v && v->is_int64()) priority = v->get_int64();
    if (std::string p = StringField(*chosen, "preemptionPolicy"); !p.empty()) policy = p;
    if (class_name.empty()) (*spec)["priorityClassName"] = MetaString(*chosen, "name");
  }
  if (const auto* given = spec->if_contains("priority"); given && !given->is_null()) {
    if (!given->is_int64() || given->get_int64() != priority) {
      return "the integer value of priority (" + (given->is_int64() ? std::to_string(given->get_int64()) : "?") +
             ") must not be provided in pod spec; priority admission controller computed " +
             std::to_string(priority) + " from the given PriorityClass name";
    }
  }
  if (std::string given = StringField(*spec, "preemptionPolicy"); !given.empty() && given != policy) {
    return "the string value of PreemptionPolicy (" + given +
           ") must not be provided in pod spec; priority admission controller computed " + policy +
           " from the given PriorityClass name";
  }
  (*spec)["priority"] = priority;
  (*spec)["preemptionPolicy"] = policy;
  return "";
}

std::string ApplyPriority(const std::vector<object>& classes, object& pod) {
  std::vector<const object*> pointers;
  for (const object& pc : classes) pointers.push_back(&pc);
  return ApplyPriority(pointers, pod);
}

Status AdmitPodPriority(DecodedReads& reads, const api::ResourceInfo& r, object& pod) {
  auto classes = ReadPriorityClasses(reads);
  if (!classes.ok()) return classes.status();
  std::vector<const object*> pointers;
  for (const auto& pc : *classes) pointers.push_back(pc.get());
  std::string refusal = ApplyPriority(pointers, pod);
  if (refusal.empty()) return Status::Ok();
  return Status::Forbidden(QualifiedResource(r) + " \"" + MetaString(pod, "name") + "\" is forbidden: " + refusal);
}

}  // namespace kubepp::apiserver::admission
