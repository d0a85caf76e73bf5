// Apply conflicts: fields an apply would change that other managers own.
//
// The error is upstream's 409: one conflict reads
//   Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas
// several are grouped by manager (sorted), one "- path" line each:
//   Apply failed with 2 conflicts: conflicts with "a" using v1:
//   - .data.x
//   conflicts with "b" using v1:
//   - .data.y
// and every conflict is a cause {reason FieldManagerConflict, message
// "conflict with <manager>", field <path>}.
//
// Thread safety: value types and pure functions.
#pragma once

#include <vector>

#include "api/managedfields/managers.h"
#include "base/status.h"

namespace kubepp::api::managedfields {

struct Conflict {
  ManagerId manager;
  Path path;
};

// The conflicts of `sets` (manager -> owned fields that would change), in
// manager order and then path order.
std::vector<Conflict> ConflictsFrom(const std::map<ManagerId, FieldSet>& sets);
Status ConflictStatus(const std::vector<Conflict>& conflicts);
// Whether a Status came from ConflictStatus (it carries no object details).
bool IsApplyConflict(const Status& status);

}  // namespace kubepp::api::managedfields
