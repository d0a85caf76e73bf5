// The set of fields a value sets — what an applied configuration claims.
//
// Every scalar, every atomic list or map, and every list item is a member;
// a granular map's entries are members too, while a struct's fields are
// members only when they are null or an empty object (their contents speak
// for them otherwise). Repeated list-map keys (possible in live objects) are
// members without descending into them. The root itself is never a member.
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/value.hpp>

#include "api/managedfields/field_set.h"
#include "api/managedfields/type_schema.h"

namespace kubepp::api::managedfields {

// `v` should have passed ValidateTyped; items that cannot be named are skipped.
FieldSet ToFieldSet(const boost::json::value& v, const Atom* atom);

}  // namespace kubepp::api::managedfields
