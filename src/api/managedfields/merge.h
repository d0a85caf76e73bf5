// Merges an applied configuration into a live object, as server-side apply
// does before it prunes: the configuration wins on every leaf it sets
// (scalars, atomic lists and maps replace whole); granular maps and structs
// merge member by member; associative lists merge item by item by key or
// value, the configuration's items in its order with the live-only items
// kept near their live neighbours. A member the configuration sets to null
// is dropped.
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/value.hpp>

#include "api/managedfields/type_schema.h"

namespace kubepp::api::managedfields {

// REQUIRES: `config` passed ValidateTyped(config, atom, false).
boost::json::value Merge(const boost::json::value& live, const boost::json::value& config, const Atom* atom);

}  // namespace kubepp::api::managedfields
