#include "controllers/util/object_fields.h"

#include "api/protobuf/well_known.h"

namespace kubepp::controllers::util {

const boost::json::value* At(const boost::json::object& obj, Path path) {
  const boost::json::object* cur = &obj;
  const boost::json::value* v = nullptr;
  for (std::string_view step : path) {
    if (!cur) return nullptr;
    v = cur->if_contains(step);
    if (!v) return nullptr;
    cur = v->if_object();
  }
  return v;
}

const boost::json::object* ObjectAt(const boost::json::object& obj, Path path) {
  const auto* v = At(obj, path);
  return v ? v->if_object() : nullptr;
}

const boost::json::array* ArrayAt(const boost::json::object& obj, Path path) {
  const auto* v = At(obj, path);
  return v ? v->if_array() : nullptr;
}

std::string_view StringAt(const boost::json::object& obj, Path path) {
  const auto* v = At(obj, path);
  if (!v || !v->is_string()) return {};
  return v->get_string();
}

int64_t IntAt(const boost::json::object& obj, Path path, int64_t fallback) {
  const auto* v = At(obj, path);
  if (!v) return fallback;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  if (v->is_double()) return static_cast<int64_t>(v->get_double());
  return fallback;
}

bool BoolAt(const boost::json::object& obj, Path path, bool fallback) {
  const auto* v = At(obj, path);
  if (!v || !v->is_bool()) return fallback;
  return v->get_bool();
}

const boost::json::object* LabelsOf(const boost::json::object& obj) { return ObjectAt(obj, {"metadata", "labels"}); }

const boost::json::object* AnnotationsOf(const boost::json::object& obj) {
  return ObjectAt(obj, {"metadata", "annotations"});
}

bool HasDeletionTimestamp(const boost::json::object& obj) {
  return !StringAt(obj, {"metadata", "deletionTimestamp"}).empty();
}

boost::json::object& MutableObject(boost::json::object& obj, std::string_view key) {
  auto& v = obj[key];
  if (!v.is_object()) v = boost::json::object();
  return v.as_object();
}

std::string FormatTime(Clock::TimePoint t) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  return api::protobuf::FormatRfc3339(secs, 0, 0);
}

std::optional<Clock::TimePoint> ParseTime(std::string_view text) {
  int64_t secs = 0;
  int32_t nanos = 0;
  if (text.empty() || !api::protobuf::ParseRfc3339(text, &secs, &nanos)) return std::nullopt;
  return Clock::TimePoint(std::chrono::duration_cast<Clock::TimePoint::duration>(std::chrono::seconds(secs) +
                                                                                  std::chrono::nanoseconds(nanos)));
}

std::optional<Clock::TimePoint> TimeAt(const boost::json::object& obj, Path path) {
  return ParseTime(StringAt(obj, path));
}

}  // namespace kubepp::controllers::util
