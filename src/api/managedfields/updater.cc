#include "api/managedfields/updater.h"

#include "api/managedfields/merge.h"
#include "api/managedfields/named_fields.h"
#include "api/managedfields/remove_items.h"
#include "api/managedfields/to_field_set.h"
#include "api/managedfields/value_order.h"

namespace kubepp::api::managedfields {
Comparison Updater::Reassign(const boost::json::object& live, const boost::json::object& next, Managers& managers,
                             const ManagerId& self, bool force, std::vector<Conflict>* conflicts_out) const {
  Comparison compare = filter_.Apply(Compare(live, next, root_));
  FieldSet changed = compare.modified.Union(compare.added);
  std::map<ManagerId, FieldSet> conflicts;
  if (!changed.Empty()) {
    for (const auto& [id, ms] : managers) {
      if (id == self) continue;
      FieldSet taken = ms.set.Intersection(changed);
      if (!taken.Empty()) conflicts.emplace(id, std::move(taken));
    }
  }
  if (!force && !conflicts.empty()) {
    *conflicts_out = ConflictsFrom(conflicts);
    return compare;
  }
  for (auto& [id, taken] : conflicts) managers[id].set = managers[id].set.Difference(taken);
  if (!compare.removed.Empty()) {
    for (auto& [id, ms] : managers) {
      if (!(id == self)) ms.set = ms.set.Difference(compare.removed);
    }
  }
  for (auto it = managers.begin(); it != managers.end();) {
    it = it->second.set.Empty() ? managers.erase(it) : std::next(it);
  }
  return compare;
}

Managers Updater::Update(const boost::json::object& live, const boost::json::object& next, const std::string& version,
                         Managers managers, const ManagerId& self) const {
  Comparison compare = Reassign(live, next, managers, self, /*force=*/true, nullptr);
  if (compare.Same()) return managers;
  ManagedSet& mine = managers[self];
  mine.set = filter_.Apply(mine.set.Difference(compare.removed).Union(compare.modified).Union(compare.added));
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
  for (const auto& [id, ms] : managers) owned = owned.Union(ms.set);
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
  std::optional<FieldSet> last;
  if (auto it = managers.find(applier); it != managers.end()) last = it->second.set;
  ManagedSet& mine = managers[applier];
  mine.set = filter_.Apply(ToFieldSet(config_value, root_));
  mine.api_version = version;
  merged = Prune(merged, managers, last);
  Applied out;
  Reassign(live_value.get_object(), merged.get_object(), managers, applier, force, &out.conflicts);
  if (!out.conflicts.empty()) return out;
  out.changed = !ValuesEqual(live_value, merged);
  out.object = std::move(merged.as_object());
  out.managers = std::move(managers);
  return out;
}

}  // namespace kubepp::api::managedfields
