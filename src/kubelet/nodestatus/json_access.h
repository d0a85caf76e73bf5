// Small accessors for the parts of a Node (or Lease) JSON object the node
// status code reads and writes. Mutable accessors create what is missing.
// A returned reference stays valid until its parent object is changed again
// (Boost.JSON may move members on insert).
//
// Thread safety: functions on caller-owned values.
#pragma once

#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace kubepp::kubelet {

// nullptr when `o` is null or `key` is absent or not an object.
const boost::json::object* ObjectIn(const boost::json::object* o, std::string_view key);
const boost::json::array* ArrayIn(const boost::json::object* o, std::string_view key);
// "" when absent or not a string.
std::string_view StringIn(const boost::json::object* o, std::string_view key);

// The object (array) at `key`, made {} ([]) first when absent or another type.
boost::json::object& MutableObject(boost::json::object& o, std::string_view key);
boost::json::array& MutableArray(boost::json::object& o, std::string_view key);

}  // namespace kubepp::kubelet
