// Small helpers for defaulting a Boost.JSON object the way Go's defaulters
// see a decoded struct: an absent key and a JSON null are both "nil", a
// string field is "empty" when absent, null or "", and a number field is
// "zero" when absent, null or 0.
//
// A field of the wrong JSON type is left alone: defaulting never fails,
// validation reports the bad type afterwards.
// Beware: boost::json::object::operator[] may rehash the object even when
// the key exists, moving every member; read existing keys with find()/at()
// and never hold a pointer to a member across an insertion into its parent.
//
// Thread safety: pure functions on caller-owned values.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <initializer_list>
#include <string_view>

namespace kubepp::api::defaults {

// Absent or null: a Go pointer, map or slice field that decoded to nil.
bool IsNil(const boost::json::object& o, std::string_view key);
// Nil or "": a Go string field left at its zero value.
bool IsEmptyString(const boost::json::object& o, std::string_view key);
// Nil or the number 0: a Go integer field left at its zero value.
bool IsZeroNumber(const boost::json::object& o, std::string_view key);
// Nil, or an empty array/object: what Go's len(x) == 0 sees.
bool IsEmptyCollection(const boost::json::object& o, std::string_view key);

// The string at `key`, or "" when absent or not a string.
std::string_view StringAt(const boost::json::object& o, std::string_view key);

void SetIfNil(boost::json::object& o, std::string_view key, boost::json::value v);
void SetIfEmptyString(boost::json::object& o, std::string_view key, std::string_view v);
void SetIfZero(boost::json::object& o, std::string_view key, boost::json::value v);

// The object at `key`, or nullptr when absent, null or not an object.
boost::json::object* ObjectAt(boost::json::object& o, std::string_view key);
// As ObjectAt, but an absent or null key becomes {} first (a Go struct
// field that is not a pointer always exists). nullptr only for a wrong type.
boost::json::object* EnsureObject(boost::json::object& o, std::string_view key);
// The array at `key`, or nullptr when absent, null or not an array.
boost::json::array* ArrayAt(boost::json::object& o, std::string_view key);

// Calls f(object&) for every element of the array at `key` that is an object.
template <typename F>
void ForEachObject(boost::json::object& o, std::string_view key, F&& f) {
  boost::json::array* a = ArrayAt(o, key);
  if (a == nullptr) return;
  for (boost::json::value& v : *a) {
    if (v.is_object()) f(v.as_object());
  }
}

// Follows a path of object keys; nullptr when any step is missing.
boost::json::object* Path(boost::json::object& o, std::initializer_list<std::string_view> keys);

}  // namespace kubepp::api::defaults
