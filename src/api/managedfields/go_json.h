// JSON text written the way Go's encoding/json writes decoded values
// (map[string]interface{}, []interface{}, string, int64, float64, bool, nil):
// object keys sorted, `<`, `>` and `&` escaped as \u003c, \u003e, \u0026,
// U+2028/U+2029 escaped, floats in Go's shortest form (1e+21, 1e-07).
//
// Server-side apply writes such text where upstream clients read it back as
// text: the keys of `k:`/`v:` path elements in FieldsV1 and the
// kubectl.kubernetes.io/last-applied-configuration annotation.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace kubepp::api::managedfields {

void AppendGoJson(std::string& out, const boost::json::value& v);
std::string GoJson(const boost::json::value& v);
// A JSON string literal (with the quotes) as Go writes it.
void AppendGoJsonString(std::string& out, std::string_view s);

}  // namespace kubepp::api::managedfields
