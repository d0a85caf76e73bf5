// What changed between two versions of an object, as three field sets:
// fields added, removed, and modified (scalars or atomic values that differ).
//
// Leaves (scalars, atomic lists and maps, and lists or maps empty on both
// sides) land in exactly one set. A granular map, struct or list item that
// appears or disappears is added or removed itself as well as everything in
// it; one present on both sides is not "modified" — only what changed inside.
// A list item whose key repeats on one side is compared as a whole.
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "api/managedfields/field_set.h"
#include "api/managedfields/type_schema.h"

namespace kubepp::api::managedfields {

struct Comparison {
  FieldSet added;
  FieldSet removed;
  FieldSet modified;
  bool Same() const { return added.Empty() && removed.Empty() && modified.Empty(); }
};

// Compares two root objects. metadata.managedFields is ignored on both sides.
Comparison Compare(const boost::json::value& old_value, const boost::json::value& new_value, const Atom* root);
Comparison Compare(const boost::json::object& old_value, const boost::json::object& new_value, const Atom* root);

}  // namespace kubepp::api::managedfields
