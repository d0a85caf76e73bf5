// The core of server-side apply, after upstream's structured-merge-diff
// Updater: how a write moves field ownership between managers.
//
// Update (create, update, patch): fields the writer added or changed become
// its own and stop belonging to anyone else; removed fields belong to nobody.
//
// Apply: the configuration is merged into the live object; the applier owns
// exactly the configuration's fields. Fields the applier owned before and no
// longer applies are removed from the object, unless another manager owns
// them (pruning). A field the apply changes that another manager owns is a
// conflict — the apply fails with 409 unless forced, in which case the
// applier takes it over.
//
// kubepp serves each kind's fields under one set of paths in every version,
// so sets recorded at other API versions are compared as they are.
// The objects' metadata.managedFields take no part.
//
// Thread safety: immutable after construction; methods are const.
#pragma once

#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include "api/managedfields/compare.h"
#include "api/managedfields/conflicts.h"
#include "api/managedfields/field_filter.h"
#include "api/managedfields/managers.h"
#include "api/managedfields/type_schema.h"
#include "base/status.h"

namespace kubepp::api::managedfields {

class Updater {
 public:
  Updater(const Atom* root, FieldFilter filter) : root_(root), filter_(std::move(filter)) {}

  // What a write of `next` over `live` changes, among the fields this
  // updater's writes may own.
  Comparison Changes(const boost::json::object& live, const boost::json::object& next) const;

  // Managers after `self` made the `changes` (see Changes). `self`'s entry
  // gets what it changed, added to what it had; its time is left as it was.
  Managers Update(Comparison changes, const std::string& version, Managers managers,
                  const ManagerId& self) const;

  struct Applied {
    // When !force and other managers own fields the apply changes: those
    // conflicts, and nothing else is set.
    std::vector<Conflict> conflicts;
    boost::json::object object;  // the merged and pruned object
    bool changed = false;        // differs from the live object
    Managers managers;
  };
  // REQUIRES: `config` passed ValidateTyped(config, root, false).
  Applied Apply(const boost::json::object& live, const boost::json::object& config, const std::string& version,
                Managers managers, const ManagerId& applier, bool force) const;

 private:
  // Moves changed fields away from everyone but `self` and drops removed
  // ones; with !force and conflicts, returns them and leaves `managers` be.
  void Reassign(const Comparison& changes, Managers& managers, const ManagerId& self, bool force,
                std::vector<Conflict>* conflicts) const;
  boost::json::value Prune(const boost::json::value& merged, const Managers& managers,
                           const std::optional<FieldSet>& last) const;

  const Atom* root_;
  FieldFilter filter_;
};

}  // namespace kubepp::api::managedfields
