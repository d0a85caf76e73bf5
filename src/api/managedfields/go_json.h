// JSON text written — and read — the way Go's encoding/json handles decoded values
// (map[string]interface{}, []interface{}, string, int64, float64, bool, nil):
// object keys sorted, `<`, `>` and `&` escaped as \u003c, \u003e, \u0026,
// U+2028/U+2029 escaped, floats in Go's shortest form (1e+21, 1e-07).
//
// Server-side apply writes such text where upstream clients read it back as
// text: the keys of `k:`/`v:` path elements in FieldsV1 and the
// kubectl.kubernetes.io/last-applied-configuration annotation. Reading
// parses numbers as Go does — integers that fit as int64, everything else as
// the nearest float64 — so that those keys survive a round trip exactly.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace kubepp::api::managedfields {

void AppendGoJson(std::string& out, const boost::json::value& v);
std::string GoJson(const boost::json::value& v);
// A JSON string literal (with the quotes) as Go writes it.
void AppendGoJsonString(std::string& out, std::string_view s);

// One JSON value (surrounding whitespace allowed); nullopt when `text` is not
// exactly that, nests deeper than 64 levels, or holds a number no float64
// can hold. Repeated object keys: the last one wins.
std::optional<boost::json::value> ReadGoJson(std::string_view text);

}  // namespace kubepp::api::managedfields
