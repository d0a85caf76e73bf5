// The status conditions a namespace being deleted carries, maintained as
// upstream's namespace deleter does: each of the five types is always
// present — True with a failure reason when something is wrong or left,
// else False with its "ok" reason and message. lastTransitionTime changes
// only when the status flips.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "controllers/namespace/content_deleter.h"

namespace kubepp::controllers {

// The failures of one deletion pass; nullopt/empty members mean "fine".
struct DeletionOutcome {
  std::optional<std::string> discovery_error;
  ContentTotals totals;
};

// Writes the conditions into `ns` (a Namespace); true when they changed.
bool UpdateDeletionConditions(boost::json::object& ns, const DeletionOutcome& outcome, Clock::TimePoint now);

}  // namespace kubepp::controllers
