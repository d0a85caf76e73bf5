// RFC 7386 JSON merge patch (application/merge-patch+json).
//
// A patch object merges into the target member by member: null removes the
// member, an object merges recursively (into {} when the target member is
// not an object), anything else replaces it. Nulls inside values that are
// newly placed are dropped, as the RFC's algorithm does. Arrays replace
// whole; like upstream's library, null members of objects inside a new list
// are dropped too (null list items stay), except when the list replaces an
// object.
//
// Upstream (evanphx/json-patch v4 MergePatch) answers a patch that is null
// or a scalar with ErrBadJSONPatch, which the handler turns into BadRequest
// "Invalid JSON Patch"; a patch that is an array becomes the result itself
// (the apiserver then fails to decode it as the object).

#include <utility>

#include "api/patch/object_edit.h"
#include "api/patch/patch.h"

namespace kubepp::api {
namespace {

using boost::json::object;
using boost::json::value;

// Drops null members of objects, at any depth (null list items stay).
void PruneNulls(value& v) {
  if (v.is_object()) {
    patch_internal::EraseMembersIf(v.get_object(), [](std::string_view, value& m) {
      if (m.is_null()) return true;
      PruneNulls(m);
      return false;
    });
  } else if (v.is_array()) {
    for (auto& e : v.get_array()) PruneNulls(e);
  }
}

value Merge(value target, const value& patch) {
  if (!patch.is_object()) {
    value out = patch;
    // The library prunes a list's objects unless it replaces an object.
    if (!target.is_object()) PruneNulls(out);
    return out;
  }
  if (!target.is_object()) target = object();
  object& t = target.get_object();
  for (const auto& kv : patch.get_object()) {
    if (kv.value().is_null()) {
      patch_internal::EraseMember(t, kv.key());
      continue;
    }
    auto it = t.find(kv.key());
    if (it == t.end()) {
      t[kv.key()] = Merge(value(nullptr), kv.value());
    } else {
      it->value() = Merge(std::move(it->value()), kv.value());
    }
  }
  return target;
}

}  // namespace

StatusOr<value> ApplyMergePatch(const value& doc, const value& patch) {
  if (patch.is_array()) {
    value out = patch;
    PruneNulls(out);
    return out;
  }
  if (!patch.is_object()) return Status::BadRequest("Invalid JSON Patch");
  return Merge(doc, patch);
}

}  // namespace kubepp::api
