// Read-only views into API objects for controllers: fields by path, with
// defaults instead of exceptions (objects come from the server and may lack
// any optional field), plus the metav1.Time text form.
//
// These are free functions over immutable JSON; safe from any thread.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "base/clock.h"

namespace kubepp::controllers::util {

using Path = std::initializer_list<std::string_view>;

// The value at `path` (object members), or nullptr when any step is missing.
const boost::json::value* At(const boost::json::object& obj, Path path);
const boost::json::object* ObjectAt(const boost::json::object& obj, Path path);
const boost::json::array* ArrayAt(const boost::json::object& obj, Path path);
// "" when absent or not a string.
std::string_view StringAt(const boost::json::object& obj, Path path);
int64_t IntAt(const boost::json::object& obj, Path path, int64_t fallback);
bool BoolAt(const boost::json::object& obj, Path path, bool fallback);

// metadata.labels / metadata.annotations (nullptr when absent).
const boost::json::object* LabelsOf(const boost::json::object& obj);
const boost::json::object* AnnotationsOf(const boost::json::object& obj);
bool HasDeletionTimestamp(const boost::json::object& obj);

// The member `key` of `obj` as an object, created (or replaced, if it is not
// an object) when needed: for building copies to write.
boost::json::object& MutableObject(boost::json::object& obj, std::string_view key);

// metav1.Time text: "2026-01-01T00:00:00Z" (whole seconds, UTC).
std::string FormatTime(Clock::TimePoint t);
// metav1.Time / MicroTime text; nullopt when absent or unparsable.
std::optional<Clock::TimePoint> ParseTime(std::string_view text);
std::optional<Clock::TimePoint> TimeAt(const boost::json::object& obj, Path path);

}  // namespace kubepp::controllers::util
