// Tolerant reads of API objects for printing. Printers see stored objects in
// their versioned JSON form, where omitempty fields are simply absent; these
// helpers return an empty value (or the given default) for a missing field or
// one of the wrong JSON type, and never throw, so a print function reads like
// the upstream one that walks Go structs with zero values.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace kubepp::api::printers {

// The member `key` as an object / array, or a shared empty one.
const boost::json::object& Obj(const boost::json::object& o, std::string_view key);
const boost::json::array& Arr(const boost::json::object& o, std::string_view key);
// The member `key` when it is present and not null, else nullptr.
const boost::json::value* Find(const boost::json::object& o, std::string_view key);

// A string member, or "" when absent or not a string.
std::string Str(const boost::json::object& o, std::string_view key);
// A string member, or nullopt when absent/null (a Go *string).
std::optional<std::string> OptStr(const boost::json::object& o, std::string_view key);
// An integer member (int64, uint64 or integral double), or nullopt (a Go *int32).
std::optional<long long> OptInt(const boost::json::object& o, std::string_view key);
long long Int(const boost::json::object& o, std::string_view key, long long def = 0);
std::optional<bool> OptBool(const boost::json::object& o, std::string_view key);
bool Bool(const boost::json::object& o, std::string_view key, bool def = false);

// An element of an array as an object, or a shared empty one.
const boost::json::object& AsObj(const boost::json::value& v);

// The text of an IntOrString (PDB minAvailable, ...): "3" or "50%".
std::string IntOrStringText(const boost::json::value& v);
// The text of a resource.Quantity as stored ("1Gi"); "0" when absent, as a
// zero Quantity prints.
std::string QuantityText(const boost::json::value* v);

// The name of an object: metadata.name.
std::string Name(const boost::json::object& obj);
// A metadata member, e.g. Meta(obj, "deletionTimestamp") != nullptr.
const boost::json::value* Meta(const boost::json::object& obj, std::string_view key);

// Removes leading and trailing whitespace (Go's strings.TrimSpace for ASCII).
std::string TrimSpace(std::string_view s);
// ASCII lower case.
std::string Lower(std::string_view s);

}  // namespace kubepp::api::printers
