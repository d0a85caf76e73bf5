#include "api/patch/smp_common.h"

#include <optional>
#include <utility>

#include "api/patch/go_format.h"
#include "api/patch/json_patch.h"

namespace kubepp::api::patch_internal {

using boost::json::array;
using boost::json::value;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// --- upstream's errors ---

Status Unclassified(std::string msg) { return Status(Reason::kUnknown, std::move(msg)); }
Status ErrBadPatchFormatForPrimitiveList() {
  return Status::BadRequest("invalid patch format of primitive list");
}
Status ErrBadPatchFormatForRetainKeys() {
  return Status::BadRequest("invalid patch format of retainKeys");
}
Status ErrBadPatchFormatForSetElementOrderList() {
  return Status::BadRequest("invalid patch format of setElementOrder list");
}
Status ErrNoListOfLists() { return Status::Invalid(kJsonPatchRejectedMessage); }
Status ErrNoMergeKey(const value& m, std::string_view key) {
  return Unclassified("map: " + GoValue(m) +
                      " does not contain declared merge key: " + std::string(key));
}
Status ErrBadArgType(std::string_view expected, const value& actual) {
  return Unclassified("expected a " + std::string(expected) + ", but received a " +
                      (actual.is_null() ? std::string("%!s(<nil>)") : GoTypeName(actual)));
}
Status ErrBadPatchType(const value& t, const value& m) {
  return Unclassified("unknown patch type: " + GoPercentS(t) + " in map: " + GoValue(m));
}

GoKind KindOf(const value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return GoKind::kNil;
    case boost::json::kind::bool_:
      return GoKind::kBool;
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
      return GoKind::kInt;
    case boost::json::kind::double_:
      return GoKind::kFloat;
    case boost::json::kind::string:
      return GoKind::kString;
    case boost::json::kind::array:
      return GoKind::kSlice;
    case boost::json::kind::object:
      return GoKind::kMap;
  }
  return GoKind::kNil;
}

bool IsString(const value& v, std::string_view s) { return v.is_string() && v.get_string() == s; }

// The element kind shared by all items of the lists; errors like upstream's
// sliceElementType.
StatusOr<GoKind> SliceElementType(const array& a, const array& b) {
  std::optional<GoKind> prev;
  for (const array* s : {&a, &b}) {
    for (const auto& v : *s) {
      GoKind cur = KindOf(v);
      if (!prev) {
        prev = cur;
        if (cur == GoKind::kSlice) return ErrNoListOfLists();
      } else if (*prev != cur) {
        array both{value(a), value(b)};
        return Unclassified("list element types are not identical: " +
                            GoValue(value(std::move(both))));
      }
    }
  }
  if (!prev) return Unclassified("no elements in any of the given slices");
  return *prev;
}

const value* Member(const value& v, std::string_view key) {
  if (!v.is_object()) return nullptr;
  return v.get_object().if_contains(key);
}

bool IsDeleteItem(const value& v) {
  const value* d = Member(v, kDirectiveMarker);
  return d != nullptr && IsString(*d, "delete");
}

}  // namespace kubepp::api::patch_internal
