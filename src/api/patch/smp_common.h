// The shared vocabulary of the strategic merge patch code: directive names,
// Go's view of decoded JSON types, upstream's error texts, small helpers.
//
// Upstream's errors come in three kinds, and the apiserver answers each its
// own way: malformed directives are BadRequest, lists of lists are 422 with a
// fixed text, and everything else is passed through unclassified (500, empty
// reason), with messages built from Go's %v of the offending value.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::api::patch_internal {

inline constexpr std::string_view kDirectiveMarker = "$patch";
inline constexpr std::string_view kRetainKeys = "$retainKeys";
inline constexpr std::string_view kSetElementOrderPrefix = "$setElementOrder";
inline constexpr std::string_view kDeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
// Go type names as upstream's messages print them.
inline constexpr std::string_view kMapType = "map[string]interface {}";
inline constexpr std::string_view kSliceType = "[]interface {}";

bool StartsWith(std::string_view s, std::string_view prefix);
bool IsString(const boost::json::value& v, std::string_view s);
// The member `key` of an object; null for a missing member or a non-object.
const boost::json::value* Member(const boost::json::value& v, std::string_view key);
// A list item {"$patch": "delete", ...}.
bool IsDeleteItem(const boost::json::value& v);

// --- upstream's errors ---
Status Unclassified(std::string msg);
Status ErrBadPatchFormatForPrimitiveList();
Status ErrBadPatchFormatForRetainKeys();
Status ErrBadPatchFormatForSetElementOrderList();
Status ErrNoListOfLists();
Status ErrNoMergeKey(const boost::json::value& m, std::string_view key);
Status ErrBadArgType(std::string_view expected, const boost::json::value& actual);
Status ErrBadPatchType(const boost::json::value& t, const boost::json::value& m);

// Go's dynamic type of a decoded JSON value, as reflect.TypeOf tells them
// apart (upstream decodes integers as int64, others as float64).
enum class GoKind { kNil, kBool, kInt, kFloat, kString, kMap, kSlice };
GoKind KindOf(const boost::json::value& v);

// The kind shared by all items of both lists; upstream's sliceElementType,
// errors included (lists of lists, mixed kinds, no items at all).
StatusOr<GoKind> SliceElementType(const boost::json::array& a, const boost::json::array& b);

}  // namespace kubepp::api::patch_internal
