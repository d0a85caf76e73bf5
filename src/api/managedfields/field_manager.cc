#include "api/managedfields/field_manager.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "api/managedfields/conflicts.h"
#include "api/managedfields/fields_v1.h"
#include "api/managedfields/last_applied.h"
#include "api/managedfields/managers.h"
#include "api/managedfields/updater.h"
#include "api/managedfields/validate.h"
#include "api/managedfields/value_order.h"

namespace kubepp::api::managedfields {
namespace {

// Upstream caps the Update entries at this many.
constexpr size_t kMaxUpdateManagers = 10;
constexpr std::string_view kAncientChanges = "ancient-changes";
constexpr std::string_view kBeforeFirstApply = "before-first-apply";

// The entry a write's changes are collected in before they join the writer's
// own entry (decoded Update entries always have an apiVersion, so no real
// manager is this one).
const ManagerId& CurrentOperation() {
  static const ManagerId id = ManagerId::Update("current-operation", "", "");
  return id;
}

// What no entry owns: type and identity metadata the server keeps.
const FieldSet& StripSet() {
  static const FieldSet set = [] {
    FieldSet s;
    s.InsertMember(PathElement::Field("apiVersion"));
    s.InsertMember(PathElement::Field("kind"));
    s.InsertMember(PathElement::Field("metadata"));
    for (std::string_view f : kUntrackedMetadata) {
      s.Insert({PathElement::Field("metadata"), PathElement::Field(f)});
    }
    return s;
  }();
  return set;
}

void StripEntry(Managers& managers, const ManagerId& id) {
  auto it = managers.find(id);
  if (it == managers.end()) return;
  it->second.Materialize();
  it->second.set.Subtract(StripSet());
  if (it->second.set.Empty()) managers.erase(it);
}

const boost::json::value* ManagedFieldsOf(const boost::json::object& obj) {
  const auto* meta = obj.if_contains("metadata");
  if (!meta || !meta->is_object()) return nullptr;
  return meta->get_object().if_contains("managedFields");
}

void SetManagedFields(boost::json::object& obj, const Managers& managers) {
  auto encoded = EncodeManagers(managers);
  auto& meta = obj["metadata"];
  if (!meta.is_object()) meta = boost::json::object();
  // In place: moving the key would change the stored bytes of objects whose
  // write changed nothing else.
  if (encoded) {
    meta.get_object()["managedFields"] = std::move(*encoded);
  } else {
    meta.get_object().stable_erase("managedFields");
  }
}

Managers DecodeOrEmpty(const boost::json::value* entries,
                       const std::function<bool(const boost::json::value&)>& needed = nullptr) {
  auto m = DecodeManagers(entries, needed);
  return m.ok() ? std::move(*m) : Managers();
}

std::string MetaString(const boost::json::object& obj, std::string_view field) {
  const auto* meta = obj.if_contains("metadata");
  if (!meta || !meta->is_object()) return "";
  const auto* v = meta->get_object().if_contains(field);
  return v && v->is_string() ? std::string(v->get_string()) : "";
}

std::string StringMember(const boost::json::object& obj, std::string_view key) {
  const auto* v = obj.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : "";
}

// Go's GroupVersionKind String(): "apps/v1, Kind=Deployment", "/v1, Kind=Pod".
std::string GvkString(std::string_view api_version, std::string_view kind) {
  std::string group, version(api_version);
  if (auto slash = api_version.find('/'); slash != std::string_view::npos) {
    group = std::string(api_version.substr(0, slash));
    version = std::string(api_version.substr(slash + 1));
  }
  return group + "/" + version + ", Kind=" + std::string(kind);
}

// Folds the oldest Update entries into one "ancient-changes" entry per API
// version until at most kMaxUpdateManagers are left.
void CapUpdateManagers(Managers& managers) {
  std::vector<ManagerId> updaters;
  for (const auto& [id, ms] : managers) {
    if (!id.apply) updaters.push_back(id);
  }
  if (updaters.size() <= kMaxUpdateManagers) return;
  for (auto& [id, ms] : managers) ms.Materialize();
  std::sort(updaters.begin(), updaters.end(), [&managers](const ManagerId& a, const ManagerId& b) {
    int64_t ta = managers[a].time.value_or(0), tb = managers[b].time.value_or(0);
    if (ta != tb) return ta < tb;
    return a.Identifier() < b.Identifier();
  });
  std::map<std::string, ManagerId> first_of_version;
  size_t length = updaters.size();
  for (size_t i = 0; i < updaters.size() && length > kMaxUpdateManagers; ++i) {
    const ManagerId& id = updaters[i];
    ManagedSet entry = managers[id];
    ManagerId bucket = ManagerId::Update(std::string(kAncientChanges), entry.api_version);
    auto first = first_of_version.find(entry.api_version);
    if (first == first_of_version.end()) {
      first_of_version.emplace(entry.api_version, id);
      continue;
    }
    if (!managers.contains(bucket)) {
      ManagedSet moved = std::move(managers[first->second]);
      managers.erase(first->second);
      managers[bucket] = std::move(moved);
    }
    ManagedSet& b = managers[bucket];
    b.set.UnionWith(entry.set);
    b.api_version = entry.api_version;
    b.time = entry.time;
    managers.erase(id);
    --length;
  }
}

}  // namespace

std::unique_ptr<FieldManager> FieldManager::Create(std::string_view group, std::string_view version,
                                                   std::string_view kind, std::string_view subresource,
                                                   bool has_status_subresource, Now now) {
  const Atom* root = RootAtom(group, version, kind);
  if (!root || root->kind != Atom::Kind::kStruct) return nullptr;
  FieldFilter filter;
  if (subresource == "status") {
    filter = FieldFilter::OnlyUnder("status");
  } else if (subresource.empty() && has_status_subresource) {
    filter = FieldFilter::Excluding("status");
  }
  if (!now) {
    now = [] {
      return static_cast<int64_t>(
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
              .count());
    };
  }
  std::string api_version = group.empty() ? std::string(version) : std::string(group) + "/" + std::string(version);
  return std::unique_ptr<FieldManager>(new FieldManager(root, std::move(api_version), std::string(kind),
                                                        std::string(subresource), std::move(filter), std::move(now)));
}

FieldManager::FieldManager(const Atom* root, std::string api_version, std::string kind, std::string subresource,
                           FieldFilter filter, Now now)
    : root_(root),
      api_version_(std::move(api_version)),
      kind_(std::move(kind)),
      subresource_(std::move(subresource)),
      filter_(std::move(filter)),
      now_(std::move(now)) {}

namespace {

// The Update bookkeeping shared by writes and by the first apply to an
// untracked object: `manager`'s entry gains the `changes` it made.
Managers UpdateManagers(const Updater& updater, Comparison changes, const std::string& api_version,
                        const std::string& subresource, Managers managers, std::string_view manager, int64_t now) {
  managers = updater.Update(std::move(changes), api_version, std::move(managers), CurrentOperation());
  StripEntry(managers, CurrentOperation());
  if (auto it = managers.find(CurrentOperation()); it != managers.end()) {
    ManagedSet changed = std::move(it->second);
    managers.erase(it);
    ManagerId id = ManagerId::Update(manager.empty() ? "unknown" : std::string(manager), api_version, subresource);
    ManagedSet& mine = managers[id];
    mine.Materialize();
    mine.set.UnionWith(std::move(changed.set));
    mine.api_version = changed.api_version;
    mine.time = now;
  }
  CapUpdateManagers(managers);
  return managers;
}

}  // namespace

void FieldManager::Update(const boost::json::object* live, boost::json::object& next, std::string_view manager) const {
  const boost::json::value* live_entries = live ? ManagedFieldsOf(*live) : nullptr;
  const boost::json::value* next_entries = ManagedFieldsOf(next);
  const int64_t now = now_();
  // A create that sends no managedFields gets what any create of its shape got.
  std::optional<std::string> shape;
  if (!live && !next_entries) shape = CreateMemo::Shape(next, manager);
  if (shape) {
    if (auto remembered = creates_.Find(*shape, now)) {
      auto& meta = next["metadata"];
      if (!meta.is_object()) meta = boost::json::object();
      meta.get_object()["managedFields"] = std::move(*remembered);
      return;
    }
  }
  const Updater updater(root_, filter_);
  const boost::json::object zero = live ? boost::json::object() : ZeroObject(root_, api_version_, kind_);
  Comparison changes = updater.Changes(live ? *live : zero, next);

  // Whose entries the write starts from: the stored ones unless the request
  // sent valid ones of its own (writes through subresources never do).
  const bool reset = subresource_.empty() && IsResetManagedFields(next_entries);
  std::optional<Managers> sent;
  if (subresource_.empty() && !reset && next_entries && !(live_entries && ValuesEqual(*next_entries, *live_entries))) {
    auto decoded = DecodeManagers(next_entries);
    if (decoded.ok() && !decoded->empty()) sent = std::move(*decoded);
  }
  if (!reset && !sent && live && changes.Same()) {
    // Nothing changed and the stored entries stand: keep them as they are
    // (an untracked object stays untracked).
    if (next_entries && live_entries && ValuesEqual(*next_entries, *live_entries)) return;
    auto& meta = next["metadata"];
    if (!meta.is_object()) meta = boost::json::object();
    if (live_entries) {
      meta.get_object()["managedFields"] = *live_entries;
    } else {
      meta.get_object().stable_erase("managedFields");
    }
    return;
  }
  // Stored entries the changes cannot touch stay undecoded (they were
  // written by this encoder, so their keys can be looked up as written).
  auto touched = [&changes](const boost::json::value& fields) {
    return FieldsV1MayIntersect(changes.added, fields) || FieldsV1MayIntersect(changes.modified, fields) ||
           FieldsV1MayIntersect(changes.removed, fields);
  };
  Managers managers = reset ? Managers() : sent ? std::move(*sent) : DecodeOrEmpty(live_entries, touched);

  // An existing object nobody tracks stays untracked until its first apply.
  if (managers.empty() && live && !MetaString(*live, "uid").empty()) {
    if (auto* meta = next.if_contains("metadata"); meta && meta->is_object()) {
      meta->get_object().stable_erase("managedFields");
    }
    return;
  }
  managers = UpdateManagers(updater, std::move(changes), api_version_, subresource_,
                            std::move(managers), manager, now);
  SetManagedFields(next, managers);
  if (shape) {
    if (const auto* stored = ManagedFieldsOf(next))
      creates_.Remember(std::move(*shape), *stored, now);
  }
}

StatusOr<boost::json::object> FieldManager::Apply(const boost::json::object* live, const boost::json::object& config,
                                                  std::string_view manager, bool force) const {
  std::string config_version = StringMember(config, "apiVersion");
  std::string config_kind = StringMember(config, "kind");
  if (config_version != api_version_ || config_kind != kind_) {
    return Status::BadRequest("invalid object type: " + GvkString(config_version, config_kind));
  }
  if (const auto* sent = ManagedFieldsOf(config); sent && !sent->is_null()) {
    return Status::BadRequest("metadata.managedFields must be nil");
  }
  if (auto errors = ValidateTyped(config, root_, /*allow_duplicates=*/false); !errors.empty()) {
    return Status(Reason::kUnknown, "failed to create typed patch object (" + MetaString(config, "namespace") + "/" +
                                        MetaString(config, "name") + "; " + GvkString(config_version, config_kind) +
                                        "): " + TypeErrorsString(errors));
  }
  boost::json::object base;
  if (live) {
    base = *live;
  } else {
    base["apiVersion"] = api_version_;
    base["kind"] = kind_;
    base["metadata"] = boost::json::object();
  }
  Managers managers;
  if (const auto* entries = ManagedFieldsOf(base)) {
    auto decoded = DecodeManagers(entries);
    if (!decoded.ok()) return Status(Reason::kUnknown, "failed to decode managed fields: " + decoded.status().message());
    managers = std::move(*decoded);
  }

  const Updater updater(root_, filter_);
  const ManagerId applier = ManagerId::Apply(std::string(manager), subresource_);
  const int64_t now = now_();
  // The existing fields of an untracked object belong to "before-first-apply".
  if (managers.empty()) {
    managers = UpdateManagers(updater, updater.Changes(ZeroObject(root_, api_version_, kind_), base), api_version_,
                              subresource_, std::move(managers), kBeforeFirstApply, now);
  }
  Updater::Applied applied = updater.Apply(base, config, api_version_, managers, applier, force);
  if (!applied.conflicts.empty() && manager == "kubectl") {
    // Fields kubectl's client-side apply set to these very values move
    // without conflicts.
    if (auto allowed = LastAppliedFields(base, root_, api_version_)) {
      std::vector<Conflict> remaining;
      for (auto& c : applied.conflicts) {
        if (!allowed->Has(c.path)) remaining.push_back(std::move(c));
      }
      if (remaining.empty()) {
        applied = updater.Apply(base, config, api_version_, managers, applier, /*force=*/true);
      } else {
        applied.conflicts = std::move(remaining);
      }
    }
  }
  if (!applied.conflicts.empty()) return ConflictStatus(applied.conflicts);

  StripEntry(applied.managers, applier);
  if (applied.changed) {
    if (auto it = applied.managers.find(applier); it != applied.managers.end()) it->second.time = now;
  }
  boost::json::object result = std::move(applied.object);
  if (MetaString(config, "resourceVersion").empty()) {
    if (auto* meta = result.if_contains("metadata"); meta && meta->is_object()) {
      meta->get_object().stable_erase("resourceVersion");
    }
  }
  SetManagedFields(result, applied.managers);
  if (manager == "kubectl") UpdateLastApplied(result, config);
  return result;
}

}  // namespace kubepp::api::managedfields
