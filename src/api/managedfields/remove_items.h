// Removes the fields of a set from a value: a member removes the field or
// list item with everything in it; children descend. A granular object or
// associative list left empty by removals disappears from its parent.
// Atomic values under a removed path's children are removed whole (they have
// no parts to remove), as upstream does.
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/value.hpp>

#include "api/managedfields/field_set.h"
#include "api/managedfields/type_schema.h"

namespace kubepp::api::managedfields {

// REQUIRES: `root` is an object. Returns a copy without the set's fields.
boost::json::value RemoveItems(const boost::json::value& root, const FieldSet& remove, const Atom* atom);

}  // namespace kubepp::api::managedfields
