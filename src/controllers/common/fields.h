// Field access for controllers: tolerant readers over an object's JSON (an
// absent field or one of the wrong JSON type reads as absent), plus the
// conversions controllers need again and again — labels as a map, metav1.Time
// to and from the Clock's time points, and int-or-percent scaling.
//
// Thread safety: pure functions over values the caller owns.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "api/labels/selector.h"
#include "api/validation/json_access.h"
#include "base/clock.h"
#include "base/status.h"

namespace kubepp::controllers::common {

using api::validation::Arr;
using api::validation::Bool;
using api::validation::Field;
using api::validation::Int;
using api::validation::IntOr;
using api::validation::Obj;
using api::validation::Str;

// The object at a path of keys ("spec", "template", "metadata"); nullptr when any step is absent.
const boost::json::object* ObjAt(const boost::json::object& obj, std::initializer_list<std::string_view> path);
// The value at a path; nullptr when absent.
const boost::json::value* ValueAt(const boost::json::object& obj, std::initializer_list<std::string_view> path);
std::string StrAt(const boost::json::object& obj, std::initializer_list<std::string_view> path);
std::optional<int64_t> IntAt(const boost::json::object& obj, std::initializer_list<std::string_view> path);
// A boolean at a path; false when absent.
bool BoolAt(const boost::json::object& obj, std::initializer_list<std::string_view> path);

// The object under `key`, created (or replaced when not an object) for editing a copy.
boost::json::object& MutableObj(boost::json::object& obj, std::string_view key);

// metadata.labels / metadata.annotations of any object (empty when absent).
api::Labels LabelsOf(const boost::json::object& obj);
api::Labels AnnotationsOf(const boost::json::object& obj);
// A string map ({"a": "b"}) as Labels; non-string values are skipped.
api::Labels StringMap(const boost::json::object* map);
boost::json::object ToJson(const api::Labels& map);

// metadata.deletionTimestamp is set.
bool IsBeingDeleted(const boost::json::object& obj);

// metav1.Time: RFC 3339 in UTC with whole seconds, as the apiserver writes it.
std::string FormatTime(Clock::TimePoint t);
// nullopt for absent, null, zero or malformed times.
std::optional<Clock::TimePoint> ParseTime(const boost::json::value* v);
std::optional<Clock::TimePoint> TimeAt(const boost::json::object& obj, std::initializer_list<std::string_view> path);

// intstr.GetScaledValueFromIntOrPercent: an integer as is, "N%" as N% of
// `total` rounded up or down. BadRequest for other strings.
StatusOr<int64_t> ScaledValueFromIntOrPercent(const boost::json::value* v, int64_t total, bool round_up);

}  // namespace kubepp::controllers::common
