#include "controllers/common/fields.h"

#include <chrono>

#include "api/protobuf/well_known.h"

namespace kubepp::controllers::common {

const boost::json::value* ValueAt(const boost::json::object& obj, std::initializer_list<std::string_view> path) {
  const boost::json::object* cur = &obj;
  const boost::json::value* v = nullptr;
  for (std::string_view key : path) {
    if (cur == nullptr) return nullptr;
    v = Field(cur, key);
    if (v == nullptr) return nullptr;
    cur = v->is_object() ? &v->get_object() : nullptr;
  }
  return v;
}

const boost::json::object* ObjAt(const boost::json::object& obj, std::initializer_list<std::string_view> path) {
  const boost::json::value* v = ValueAt(obj, path);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

std::string StrAt(const boost::json::object& obj, std::initializer_list<std::string_view> path) {
  const boost::json::value* v = ValueAt(obj, path);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<int64_t> IntAt(const boost::json::object& obj, std::initializer_list<std::string_view> path) {
  return api::validation::AsInt(ValueAt(obj, path));
}

boost::json::object& MutableObj(boost::json::object& obj, std::string_view key) {
  boost::json::value& v = obj[key];
  if (!v.is_object()) v = boost::json::object();
  return v.get_object();
}

api::Labels StringMap(const boost::json::object* map) {
  api::Labels out;
  if (map == nullptr) return out;
  for (const auto& kv : *map) {
    if (kv.value().is_string()) out.emplace(std::string(kv.key()), std::string(kv.value().get_string()));
  }
  return out;
}

boost::json::object ToJson(const api::Labels& map) {
  boost::json::object out;
  for (const auto& [k, v] : map) out[k] = v;
  return out;
}

api::Labels LabelsOf(const boost::json::object& obj) { return StringMap(ObjAt(obj, {"metadata", "labels"})); }
api::Labels AnnotationsOf(const boost::json::object& obj) {
  return StringMap(ObjAt(obj, {"metadata", "annotations"}));
}

bool IsBeingDeleted(const boost::json::object& obj) {
  const boost::json::value* v = ValueAt(obj, {"metadata", "deletionTimestamp"});
  return v != nullptr && !v->is_null();
}

std::string FormatTime(Clock::TimePoint t) {
  int64_t secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  return api::protobuf::FormatRfc3339(secs, 0, 0);
}

std::optional<Clock::TimePoint> ParseTime(const boost::json::value* v) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  int64_t secs = 0;
  int32_t nanos = 0;
  if (!api::protobuf::ParseRfc3339(v->get_string(), &secs, &nanos)) return std::nullopt;
  // Go's zero time, 0001-01-01T00:00:00Z, means "not set".
  if (secs == -62135596800) return std::nullopt;
  return Clock::TimePoint(std::chrono::duration_cast<Clock::TimePoint::duration>(
      std::chrono::seconds(secs) + std::chrono::nanoseconds(nanos)));
}

std::optional<Clock::TimePoint> TimeAt(const boost::json::object& obj, std::initializer_list<std::string_view> path) {
  return ParseTime(ValueAt(obj, path));
}

StatusOr<int64_t> ScaledValueFromIntOrPercent(const boost::json::value* v, int64_t total, bool round_up) {
  if (v == nullptr || v->is_null()) return int64_t{0};
  if (auto i = api::validation::AsInt(v)) return *i;
  if (!v->is_string()) return Status::BadRequest("invalid type: neither int nor percentage");
  std::string_view s = v->get_string();
  if (s.empty() || s.back() != '%') {
    return Status::BadRequest("invalid value for IntOrString: invalid type: string is not a percentage");
  }
  s.remove_suffix(1);
  int64_t percent = 0;
  if (s.empty()) return Status::BadRequest("invalid value \"%\": not a percentage");
  for (char c : s) {
    if (c < '0' || c > '9') return Status::BadRequest("invalid value \"" + std::string(s) + "%\": not a percentage");
    percent = percent * 10 + (c - '0');
    if (percent > 1000000) return Status::BadRequest("percentage out of range");
  }
  int64_t scaled = percent * total;
  if (round_up) return (scaled + 99) / 100;
  return scaled / 100;
}

}  // namespace kubepp::controllers::common

namespace kubepp::controllers::common {

bool BoolAt(const boost::json::object& obj, std::initializer_list<std::string_view> path) {
  const boost::json::value* v = ValueAt(obj, path);
  return v != nullptr && v->is_bool() && v->get_bool();
}

}  // namespace kubepp::controllers::common
