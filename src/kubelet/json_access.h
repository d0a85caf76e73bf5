// Small accessors for the parts of API objects (Nodes, Leases, Pods) the
// kubelet reads and writes. Mutable accessors create what is missing.
// A returned reference stays valid until its parent object is changed again
// (Boost.JSON may move members on insert).
//
// Thread safety: functions on caller-owned values.
#pragma once

#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace kubepp::kubelet {

// nullptr when `o` is null or `key` is absent or not an object (array);
// "" when absent or not a string. The Mutable* accessors make the object
// (array) at `key`, {} ([]), when it is absent or of another type.
inline const boost::json::object* ObjectIn(const boost::json::object* o, std::string_view key) {
  if (!o) return nullptr;
  const boost::json::value* v = o->if_contains(key);
  return v ? v->if_object() : nullptr;
}

inline const boost::json::array* ArrayIn(const boost::json::object* o, std::string_view key) {
  if (!o) return nullptr;
  const boost::json::value* v = o->if_contains(key);
  return v ? v->if_array() : nullptr;
}

inline std::string_view StringIn(const boost::json::object* o, std::string_view key) {
  if (!o) return {};
  const boost::json::value* v = o->if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

inline boost::json::object& MutableObject(boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it != o.end() && it->value().is_object()) return it->value().get_object();
  return o.insert_or_assign(key, boost::json::object()).first->value().get_object();
}

inline boost::json::array& MutableArray(boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it != o.end() && it->value().is_array()) return it->value().get_array();
  return o.insert_or_assign(key, boost::json::array()).first->value().get_array();
}

}  // namespace kubepp::kubelet
