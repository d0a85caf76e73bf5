#include "kubelet/nodestatus/registration.h"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "api/patch/create_merge_patch.h"
#include "api/quantity/quantity.h"
#include "base/log.h"
#include "client/object.h"
#include "client/resource.h"
#include "kubelet/nodestatus/allocatable.h"
#include "kubelet/json_access.h"
#include "kubelet/nodestatus/node_labels.h"
#include "kubelet/nodestatus/node_status.h"

namespace kubepp::kubelet {
namespace json = boost::json;
namespace {

bool SameQuantity(const json::value* a, const json::value* b) {
  if (!a || !b || !a->is_string() || !b->is_string()) return a == b || (a && b && *a == *b);
  auto qa = api::Quantity::Parse(a->get_string());
  auto qb = api::Quantity::Parse(b->get_string());
  if (!qa.ok() || !qb.ok()) return *a == *b;
  return qa->Compare(*qb) == 0;
}

// upstream's updateDefaultResources: an existing Node without capacity or
// allocatable gets the initial node's.
bool DefaultResources(const json::object& initial, json::object& existing) {
  bool changed = false;
  json::object& status = MutableObject(existing, "status");
  const json::object* initial_status = ObjectIn(&initial, "status");
  for (std::string_view field : {"capacity", "allocatable"}) {
    if (ObjectIn(&status, field)) continue;
    if (const json::object* from = ObjectIn(initial_status, field)) {
      status[field] = *from;
      changed = true;
    } else {
      status[field] = json::object();
    }
  }
  return changed;
}

}  // namespace

bool ReconcileControllerManagedAttach(const json::object& initial, json::object& existing) {
  const json::object* wanted = ObjectIn(ObjectIn(&initial, "metadata"), "annotations");
  const json::value* want = wanted ? wanted->if_contains(kControllerManagedAttachAnnotation) : nullptr;
  json::object& metadata = MutableObject(existing, "metadata");
  const json::object* have_annotations = ObjectIn(&metadata, "annotations");
  std::string_view have = StringIn(have_annotations, kControllerManagedAttachAnnotation);
  std::string_view want_text = want && want->is_string() ? std::string_view(want->get_string()) : std::string_view();
  if (want_text == have) return false;
  if (!want) {
    MutableObject(metadata, "annotations").erase(kControllerManagedAttachAnnotation);
  } else {
    MutableObject(metadata, "annotations")[kControllerManagedAttachAnnotation] = want_text;
  }
  return true;
}

bool ReconcileDefaultLabels(const json::object& initial, json::object& existing) {
  const json::object* initial_labels = ObjectIn(ObjectIn(&initial, "metadata"), "labels");
  json::object& labels = MutableObject(MutableObject(existing, "metadata"), "labels");
  bool changed = false;
  for (const std::string& key : ReconciledDefaultLabels()) {
    const json::value* want = initial_labels ? initial_labels->if_contains(key) : nullptr;
    if (!want) continue;
    std::string want_text = want->is_string() ? std::string(want->get_string()) : std::string();
    if (std::string(StringIn(&labels, key)) != want_text) {
      labels[key] = want_text;
      changed = true;
    }
    // Labels are never set to an empty value.
    if (StringIn(&labels, key).empty()) labels.erase(key);
  }
  return changed;
}

bool ReconcileExtendedResources(const json::object& initial, json::object& existing) {
  bool changed = DefaultResources(initial, existing);
  // No device plugin has registered with this kubelet yet: extended resources
  // read 0 until they do, so pods do not land on devices that may be gone.
  json::object& status = MutableObject(existing, "status");
  std::vector<std::string> extended;
  for (const auto& member : MutableObject(status, "capacity")) {
    if (IsExtendedResourceName(member.key())) extended.emplace_back(member.key());
  }
  for (const auto& name : extended) {
    MutableObject(status, "capacity")[name] = "0";
    MutableObject(status, "allocatable")[name] = "0";
    changed = true;
  }
  return changed;
}

bool ReconcileHugePages(const json::object& initial, json::object& existing) {
  bool changed = DefaultResources(initial, existing);
  const json::object* initial_status = ObjectIn(&initial, "status");
  const json::object* initial_capacity = ObjectIn(initial_status, "capacity");
  const json::object* initial_allocatable = ObjectIn(initial_status, "allocatable");
  json::object& status = MutableObject(existing, "status");
  std::vector<std::string> supported;
  if (initial_capacity) {
    for (const auto& member : *initial_capacity) {
      if (!IsHugePageResourceName(member.key())) continue;
      std::string name(member.key());
      supported.push_back(name);
      const json::value* want_allocatable = initial_allocatable ? initial_allocatable->if_contains(name) : nullptr;
      json::object& capacity = MutableObject(status, "capacity");
      const json::value* have = capacity.if_contains(name);
      bool known = have != nullptr;
      if (!known || !SameQuantity(have, &member.value())) {
        capacity[name] = member.value();
        changed = true;
      }
      json::object& allocatable = MutableObject(status, "allocatable");
      const json::value* have_allocatable = allocatable.if_contains(name);
      if (!known || !SameQuantity(have_allocatable, want_allocatable)) {
        allocatable[name] = want_allocatable ? *want_allocatable : json::value("0");
        changed = true;
      }
    }
  }
  std::vector<std::string> gone;
  for (const auto& member : MutableObject(status, "capacity")) {
    if (IsHugePageResourceName(member.key()) &&
        std::find(supported.begin(), supported.end(), std::string(member.key())) == supported.end()) {
      gone.emplace_back(member.key());
    }
  }
  for (const auto& name : gone) {
    KLOG(INFO) << "Removing huge page resource which is no longer supported: " << name;
    MutableObject(status, "capacity").erase(name);
    MutableObject(status, "allocatable").erase(name);
    changed = true;
  }
  return changed;
}

Status TryRegisterNode(client::ApiClient& client, const json::object& initial_node) {
  const client::Resource nodes = client::Resource::Of("", "nodes");
  std::string name(client::NameOf(initial_node));
  auto created = client.Create(nodes, "", initial_node);
  if (created.ok()) return Status::Ok();
  if (!created.status().IsAlreadyExists()) {
    KLOG(ERROR) << "Unable to register node with API server: node=" << name << " err=" << created.status().ToString();
    return created.status();
  }
  auto got = client.Get(nodes, "", name);
  if (!got.ok()) {
    KLOG(ERROR) << "Unable to register node with API server, error getting existing node: node=" << name
                << " err=" << got.status().ToString();
    return got.status();
  }
  KLOG(INFO) << "Node was previously registered: node=" << name;
  const json::object& original = **got;
  json::object existing = original;
  bool changed = ReconcileControllerManagedAttach(initial_node, existing);
  changed = ReconcileDefaultLabels(initial_node, existing) || changed;
  changed = ReconcileExtendedResources(initial_node, existing) || changed;
  changed = ReconcileHugePages(initial_node, existing) || changed;
  if (!changed) return Status::Ok();

  auto section = [](const json::object& o, std::string_view key) -> const json::object& {
    static const json::object kEmpty;
    const json::object* s = ObjectIn(&o, key);
    return s ? *s : kEmpty;
  };
  json::object metadata_patch = api::CreateMergePatch(section(original, "metadata"), section(existing, "metadata"));
  if (!metadata_patch.empty()) {
    auto patched = client.Patch(nodes, "", name, client::PatchType::kMerge,
                                json::serialize(json::object{{"metadata", std::move(metadata_patch)}}));
    if (!patched.ok()) {
      KLOG(ERROR) << "Unable to reconcile node with API server, error updating node: " << patched.status().ToString();
      return patched.status();
    }
  }
  json::object status_patch = api::CreateMergePatch(section(original, "status"), section(existing, "status"));
  if (!status_patch.empty()) {
    auto patched = client.Patch(nodes, "", name, client::PatchType::kMerge,
                                json::serialize(json::object{{"status", std::move(status_patch)}}), "status");
    if (!patched.ok()) {
      KLOG(ERROR) << "Unable to reconcile node with API server, error updating node: " << patched.status().ToString();
      return patched.status();
    }
  }
  return Status::Ok();
}

}  // namespace kubepp::kubelet
