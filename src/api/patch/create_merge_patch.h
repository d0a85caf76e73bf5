// CreateMergePatch: the RFC 7386 JSON merge patch that turns `original` into
// `modified` — what a client sends when it read an object, changed its copy
// and wants to write only the difference (the kubelet's node status writes,
// as upstream's two-way patch does for them).
//
// Objects are compared member by member: a member only in `original` becomes
// null, a changed member is sent whole (or as a nested patch when both sides
// are objects); arrays and scalars that differ are sent whole. Equal inputs
// give an empty object. A merge patch cannot set a member to null, so a null
// in `modified` where `original` had a value deletes that member when applied.
//
// Thread safety: a pure function.
#pragma once

#include <boost/json/object.hpp>

namespace kubepp::api {

boost::json::object CreateMergePatch(const boost::json::object& original, const boost::json::object& modified);

}  // namespace kubepp::api
