// Read-only accessors for the JSON of pods and nodes, used once per object
// when the scheduler parses it into its compact structs (pod_info.h,
// node_info.h). Absent keys and wrong types read as empty, never throw.
//
// Thread safety: pure functions on caller-owned values.
#pragma once

#include <cstdint>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace kubepp::scheduler::framework {

inline const boost::json::object* ObjectAt(const boost::json::object* o, std::string_view key) {
  if (o == nullptr) return nullptr;
  const boost::json::value* v = o->if_contains(key);
  return v == nullptr ? nullptr : v->if_object();
}

inline const boost::json::array* ArrayAt(const boost::json::object* o, std::string_view key) {
  if (o == nullptr) return nullptr;
  const boost::json::value* v = o->if_contains(key);
  return v == nullptr ? nullptr : v->if_array();
}

inline std::string_view StringAt(const boost::json::object* o, std::string_view key) {
  if (o == nullptr) return {};
  const boost::json::value* v = o->if_contains(key);
  if (v == nullptr) return {};
  const boost::json::string* s = v->if_string();
  return s == nullptr ? std::string_view() : std::string_view(*s);
}

inline bool BoolAt(const boost::json::object* o, std::string_view key) {
  if (o == nullptr) return false;
  const boost::json::value* v = o->if_contains(key);
  return v != nullptr && v->is_bool() && v->get_bool();
}

inline bool Has(const boost::json::object* o, std::string_view key) {
  if (o == nullptr) return false;
  const boost::json::value* v = o->if_contains(key);
  return v != nullptr && !v->is_null();
}

inline int64_t IntAt(const boost::json::object* o, std::string_view key, int64_t fallback = 0) {
  if (o == nullptr) return fallback;
  const boost::json::value* v = o->if_contains(key);
  if (v == nullptr) return fallback;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  if (v->is_double()) return static_cast<int64_t>(v->get_double());
  return fallback;
}

// Calls f(const object&) for each object element of the array at `key`.
template <typename F>
void ForEachObject(const boost::json::object* o, std::string_view key, F&& f) {
  const boost::json::array* a = ArrayAt(o, key);
  if (a == nullptr) return;
  for (const boost::json::value& v : *a) {
    if (const boost::json::object* e = v.if_object()) f(*e);
  }
}

}  // namespace kubepp::scheduler::framework
