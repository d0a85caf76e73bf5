#include "apiserver/scale_subresource.h"

#include <map>
#include <tuple>

#include "api/labels/selector.h"
#include "apiserver/object_meta.h"

namespace kubepp::apiserver {

using boost::json::object;

namespace {

// An entry of managedFields is known by its manager, operation and
// subresource (its apiVersion differs between the parent and the Scale).
using EntryKey = std::tuple<std::string, std::string, std::string>;

EntryKey KeyOf(const object& entry) {
  return {StringAt(entry, {"manager"}), StringAt(entry, {"operation"}),
          StringAt(entry, {"subresource"})};
}

// The fieldsV1 member under f:spec, or nullptr.
const boost::json::object* SpecFields(const object& entry) {
  const auto* fields = entry.if_contains("fieldsV1");
  if (!fields || !fields->is_object()) return nullptr;
  const auto* spec = fields->get_object().if_contains("f:spec");
  return spec && spec->is_object() ? &spec->get_object() : nullptr;
}

bool OwnsReplicas(const object& entry) {
  const object* spec = SpecFields(entry);
  return spec && spec->contains("f:replicas");
}

// `entry` with only spec.replicas owned, at `api_version`.
object ReplicasEntry(const object& entry, std::string_view api_version) {
  object out;
  for (const char* key : {"manager", "operation"}) {
    if (const auto* v = entry.if_contains(key)) out[key] = *v;
  }
  out["apiVersion"] = api_version;
  if (const auto* v = entry.if_contains("time")) out["time"] = *v;
  out["fieldsType"] = "FieldsV1";
  out["fieldsV1"] = object{{"f:spec", object{{"f:replicas", object()}}}};
  if (const auto* v = entry.if_contains("subresource")) out["subresource"] = *v;
  return out;
}

const boost::json::array* EntriesOf(const object& obj) {
  const auto* meta = obj.if_contains("metadata");
  if (!meta || !meta->is_object()) return nullptr;
  const auto* entries = meta->get_object().if_contains("managedFields");
  return entries && entries->is_array() ? &entries->get_array() : nullptr;
}

// The parent's entries as the Scale sees them. They keep the parent's
// apiVersion, which a conflict names ("conflict with "m" using apps/v1").
boost::json::array ScaleEntries(const object& parent) {
  boost::json::array out;
  if (const auto* entries = EntriesOf(parent)) {
    for (const auto& e : *entries) {
      if (!e.is_object() || !OwnsReplicas(e.get_object())) continue;
      out.push_back(ReplicasEntry(e.get_object(), StringAt(e.get_object(), {"apiVersion"})));
    }
  }
  return out;
}

// The parent's entries after an apply to its Scale left `scale_entries`.
boost::json::array ParentEntries(const object& parent, std::string_view parent_api_version,
                                 const boost::json::array& scale_entries) {
  std::map<EntryKey, const object*> replica_owners;
  for (const auto& e : scale_entries) {
    if (e.is_object() && OwnsReplicas(e.get_object()))
      replica_owners.emplace(KeyOf(e.get_object()), &e.get_object());
  }
  boost::json::array out;
  if (const auto* entries = EntriesOf(parent)) {
    for (const auto& value : *entries) {
      if (!value.is_object() || !OwnsReplicas(value.get_object())) {
        out.push_back(value);
        continue;
      }
      const object& entry = value.get_object();
      if (replica_owners.erase(KeyOf(entry)) > 0) {
        out.push_back(entry);  // still owns them
        continue;
      }
      // Lost spec.replicas to the applier.
      object kept = entry;
      object& fields = kept["fieldsV1"].as_object();
      object& spec = fields["f:spec"].as_object();
      spec.erase("f:replicas");
      if (spec.empty()) fields.erase("f:spec");
      if (!fields.empty()) out.push_back(std::move(kept));
    }
  }
  for (const auto& e : scale_entries) {
    if (!e.is_object() || !replica_owners.contains(KeyOf(e.get_object()))) continue;
    out.push_back(ReplicasEntry(e.get_object(), parent_api_version));
  }
  return out;
}

}  // namespace

object ScaleOf(const object& obj) {
  object scale;
  scale["kind"] = "Scale";
  scale["apiVersion"] = "autoscaling/v1";
  object meta;
  for (const char* f : {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
    std::string v = MetaString(obj, f);
    if (!v.empty()) meta[f] = v;
  }
  scale["metadata"] = std::move(meta);
  int64_t spec_replicas = 0, status_replicas = 0;
  std::string selector;
  if (auto it = obj.find("spec"); it != obj.end() && it->value().is_object()) {
    const auto& spec = it->value().as_object();
    if (auto r = spec.find("replicas"); r != spec.end() && r->value().is_int64())
      spec_replicas = r->value().as_int64();
    if (auto s = spec.find("selector"); s != spec.end()) {
      if (s->value().is_object()) {
        auto sel = api::LabelSelector::FromObject(s->value().as_object());
        if (sel.ok()) selector = sel->String();
        // ReplicationControllers use a plain map selector.
        if (!sel.ok() || (selector.empty() && !s->value().as_object().contains("matchLabels") &&
                          !s->value().as_object().contains("matchExpressions"))) {
          std::string text;
          for (const auto& kv : s->value().as_object()) {
            if (!kv.value().is_string()) continue;
            if (!text.empty()) text += ",";
            text += std::string(kv.key()) + "=" + std::string(kv.value().as_string());
          }
          selector = text;
        }
      }
    }
  }
  if (auto it = obj.find("status"); it != obj.end() && it->value().is_object()) {
    const auto& status = it->value().as_object();
    if (auto r = status.find("replicas"); r != status.end() && r->value().is_int64())
      status_replicas = r->value().as_int64();
  }
  object spec;
  spec["replicas"] = spec_replicas;
  scale["spec"] = std::move(spec);
  object status;
  status["replicas"] = status_replicas;
  if (!selector.empty()) status["selector"] = selector;
  scale["status"] = std::move(status);
  return scale;
}

Status CheckScaleReplicas(int64_t replicas, const std::string& name) {
  if (replicas >= 0) return Status::Ok();
  std::string detail =
      "Invalid value: " + std::to_string(replicas) + ": must be greater than or equal to 0";
  return Status::Invalid("Scale.autoscaling \"" + name + "\" is invalid: spec.replicas: " + detail,
                         {{"FieldValueInvalid", detail, "spec.replicas"}});
}

StatusOr<object> ApplyThroughScale(const api::managedfields::FieldManager& scale_manager,
                                   const object& parent, std::string_view parent_api_version,
                                   const object& config, std::string_view manager, bool force) {
  object scale = ScaleOf(parent);
  scale["metadata"].as_object()["managedFields"] = ScaleEntries(parent);
  auto applied = scale_manager.Apply(&scale, config, manager, force);
  if (!applied.ok()) return applied.status();

  object next = parent;
  const auto* spec = applied->if_contains("spec");
  const auto* replicas =
      spec && spec->is_object() ? spec->get_object().if_contains("replicas") : nullptr;
  if (replicas && replicas->is_int64()) {
    if (Status st = CheckScaleReplicas(replicas->get_int64(), MetaString(parent, "name")); !st.ok())
      return st;
    next["spec"].as_object()["replicas"] = replicas->get_int64();
  }
  static const boost::json::array kNone;
  const boost::json::array* scale_entries = EntriesOf(*applied);
  MetaOf(next)["managedFields"] =
      ParentEntries(parent, parent_api_version, scale_entries ? *scale_entries : kNone);
  // Pinned only when the configuration names a resourceVersion.
  if (std::string pinned = MetaString(config, "resourceVersion"); !pinned.empty()) {
    SetMetaString(next, "resourceVersion", pinned);
  } else {
    EraseMeta(next, "resourceVersion");
  }
  return next;
}

}  // namespace kubepp::apiserver
