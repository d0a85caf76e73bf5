// Go-style rendering of JSON values, for error messages that must read
// exactly like upstream's.
//
// Upstream builds many patch errors with fmt's %v on decoded JSON
// (map[string]interface{}, []interface{}, int64, float64, ...), e.g.
//   map: map[image:nginx] does not contain declared merge key: name
// so a client that matches on the text sees the same words from kubepp.
// GoValue renders like %v: objects as "map[k:v ...]" with keys sorted,
// arrays as "[a b]", strings bare, null as "<nil>", floats like Go's %v.
// GoTypeName is reflect.TypeOf(v).String() for the same decoded value.
// GoEqual is Go's == on such values (and reflect.DeepEqual on containers):
// an integer never equals a float, so 1 and 1.0 differ as they do upstream.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace kubepp::api::patch_internal {

std::string GoValue(const boost::json::value& v);
std::string GoTypeName(const boost::json::value& v);
// fmt's %s of a value: strings bare; anything else "%!s(type=value)".
std::string GoPercentS(const boost::json::value& v);
bool GoEqual(const boost::json::value& a, const boost::json::value& b);
// The word Go's decoder uses for a JSON value's type in unmarshal errors: "string", "number",
// "bool", "array", "object", "null".
const char* JsonTypeWord(const boost::json::value& v);

}  // namespace kubepp::api::patch_internal
