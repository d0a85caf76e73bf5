// The order and equality of JSON values that server-side apply uses to sort
// set members (`v:` path elements) and list-map keys, and to decide whether a
// field changed.
//
// Types order as floats/integers (compared numerically with each other),
// then strings, booleans, lists, maps and null last; lists compare item by
// item, maps by their sorted keys and then values. Equality is the same
// order's "== 0", so 1 and 1.0 are equal (as in upstream's value package).
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/value.hpp>

namespace kubepp::api::managedfields {

// <0, 0, >0 as a sorts before, with or after b.
int CompareValues(const boost::json::value& a, const boost::json::value& b);
bool ValuesEqual(const boost::json::value& a, const boost::json::value& b);

}  // namespace kubepp::api::managedfields
