// FieldsV1: how metadata.managedFields[].fieldsV1 writes a FieldSet.
//
// Each level is a JSON object whose keys are serialized path elements
// (path_element.h). A member is `"<pe>": {}`; a path with children is
// `"<pe>": {...}` holding them, plus `".": {}` first when the path is itself
// a member:
//
//   {"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{}}}
//
// Decoding takes untrusted input (managedFields arrive in request bodies):
// every value must be an object, keys must parse; keys of kinds this version
// does not know are skipped, as upstream does. Nesting is bounded by the JSON
// parser's depth limit.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "api/managedfields/field_set.h"
#include "base/status.h"

namespace kubepp::api::managedfields {

boost::json::object EncodeFieldsV1(const FieldSet& set);
// The JSON text of EncodeFieldsV1 (keys in the same order).
std::string EncodeFieldsV1Text(const FieldSet& set);

// BadRequest describing the first problem.
StatusOr<FieldSet> DecodeFieldsV1(const boost::json::value& fields);
StatusOr<FieldSet> DecodeFieldsV1Text(std::string_view json);

// Whether the set encoded as `fields` (written by EncodeFieldsV1) may share
// a path with `set`, found without decoding it: false only when no path of
// `set` is in it. Used to skip decoding entries a write cannot touch.
bool FieldsV1MayIntersect(const FieldSet& set, const boost::json::value& fields);

}  // namespace kubepp::api::managedfields
