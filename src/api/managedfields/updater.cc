#include "api/managedfields/updater.h"

#include "api/managedfields/merge.h"
#include "api/managedfields/named_fields.h"
#include "api/managedfields/remove_items.h"
#include "api/managedfields/to_field_set.h"
#include "api/managedfields/value_order.h"

namespace kubepp::api::managedfields {
namespace {

void DropEmpty(Managers& managers) {
  for (auto it = managers.begin(); it != managers.end();) {
    it = !it->second.undecoded && it->second.set.Empty() ? managers.erase(it) : std::next(it);
  }
}

}  // namespace

Comparison Updater::Changes(const boost::json::object& live, const boost::json::object& next) const {
  Comparison compare = Compare(live, next, root_);
  filter_.ApplyInPlace(compare);
  return compare;
}

void Updater::Reassign(const Comparison& changes, Managers& managers, const ManagerId& self, bool force,
                       std::vector<Conflict>* conflicts_out) const {
  std::map<ManagerId, FieldSet> conflicts;
  if (!changes.modified.Empty() || !changes.added.Empty()) {
    for (const auto& [id, ms] : managers) {
      if (id == self || ms.undecoded) continue;  // undecoded entries hold none of the changes
      FieldSet taken = ms.set.Intersection(changes.modified);
      taken.UnionWith(ms.set.Intersection(changes.added));
      if (!taken.Empty()) conflicts.emplace(id, std::move(taken));
    }
  }
  if (!force && !conflicts.empty()) {
    *conflicts_out = ConflictsFrom(conflicts);
    return;
  }
  for (auto& [id, taken] : conflicts) managers[id].set.Subtract(taken);
  if (!changes.removed.Empty()) {
    for (auto& [id, ms] : managers) {
      if (!(id == self) && !ms.undecoded) ms.set.Subtract(changes.removed);
    }
  }
  DropEmpty(managers);
}

Managers Updater::Update(Comparison changes, const std::string& version, Managers managers,
                         const ManagerId& self) const {
  Reassign(changes, managers, self, /*force=*/true, nullptr);
  if (changes.Same()) return managers;
  ManagedSet& mine = managers[self];
  mine.Materialize();
  mine.set.Subtract(changes.removed);
  mine.set.UnionWith(std::move(changes.modified));
  mine.set.UnionWith(std::move(changes.added));
  filter_.ApplyInPlace(mine.set);
  mine.api_version = version;
  if (mine.set.Empty()) managers.erase(self);
  return managers;
}

boost::json::value Updater::Prune(const boost::json::value& merged, const Managers& managers,
                                  const std::optional<FieldSet>& last) const {
  if (!last || last->Empty()) return merged;
  FieldSet last_named = EnsureNamedFieldsAreMembers(*last, root_);
  boost::json::value pruned = RemoveItems(merged, last_named, root_);

  // Put back what anybody (the applier's new configuration included) owns.
  FieldSet owned;
  for (const auto& [id, ms] : managers) owned.UnionWith(ms.set);
  FieldSet merged_set = EnsureNamedFieldsAreMembers(ToFieldSet(merged, root_), root_);
  FieldSet pruned_set = EnsureNamedFieldsAreMembers(ToFieldSet(pruned, root_), root_);
  FieldSet owned_named = EnsureNamedFieldsAreMembers(owned, root_);
  pruned = RemoveItems(merged, merged_set.Difference(pruned_set.Union(owned_named)), root_);

  // Remove only what the applier owned before: fields nobody ever owned, or
  // that only updaters own, stay.
  pruned_set = EnsureNamedFieldsAreMembers(ToFieldSet(pruned, root_), root_);
  return RemoveItems(merged, merged_set.Difference(pruned_set).Intersection(last_named), root_);
}

Updater::Applied Updater::Apply(const boost::json::object& live, const boost::json::object& config,
                                const std::string& version, Managers managers, const ManagerId& applier,
                                bool force) const {
  // The live managedFields ride along untouched (no configuration sets them)
  // and keep their place in the object.
  const boost::json::value live_value = live;
  const boost::json::value config_value = config;
  boost::json::value merged = Merge(live_value, config_value, root_);
  for (auto& [id, ms] : managers) ms.Materialize();  // pruning weighs everyone's fields
  std::optional<FieldSet> last;
  if (auto it = managers.find(applier); it != managers.end()) last = it->second.set;
  ManagedSet& mine = managers[applier];
  mine.set = ToFieldSet(config_value, root_);
  filter_.ApplyInPlace(mine.set);
  mine.api_version = version;
  merged = Prune(merged, managers, last);
  Applied out;
  Reassign(Changes(live_value.get_object(), merged.get_object()), managers, applier, force, &out.conflicts);
  if (!out.conflicts.empty()) return out;
  out.changed = !ValuesEqual(live_value, merged);
  out.object = std::move(merged.as_object());
  out.managers = std::move(managers);
  return out;
}

}  // namespace kubepp::api::managedfields
