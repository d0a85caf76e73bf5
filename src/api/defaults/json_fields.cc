#include "api/defaults/json_fields.h"

namespace kubepp::api::defaults {

namespace json = boost::json;

bool IsNil(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() || it->value().is_null();
}

bool IsEmptyString(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return true;
  return it->value().is_string() && it->value().get_string().empty();
}

bool IsZeroNumber(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return true;
  const json::value& v = it->value();
  if (v.is_int64()) return v.get_int64() == 0;
  if (v.is_uint64()) return v.get_uint64() == 0;
  if (v.is_double()) return v.get_double() == 0.0;
  return false;
}

bool IsEmptyCollection(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return true;
  const json::value& v = it->value();
  if (v.is_array()) return v.get_array().empty();
  if (v.is_object()) return v.get_object().empty();
  return false;
}

std::string_view StringAt(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return {};
  const json::string& s = it->value().get_string();
  return std::string_view(s.data(), s.size());
}

void SetIfNil(json::object& o, std::string_view key, json::value v) {
  if (IsNil(o, key)) o[key] = std::move(v);
}

void SetIfEmptyString(json::object& o, std::string_view key, std::string_view v) {
  if (IsEmptyString(o, key)) o[key] = v;
}

void SetIfZero(json::object& o, std::string_view key, json::value v) {
  if (IsZeroNumber(o, key)) o[key] = std::move(v);
}

json::object* ObjectAt(json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_object()) return nullptr;
  return &it->value().get_object();
}

json::object* EnsureObject(json::object& o, std::string_view key) {
  if (IsNil(o, key)) o[key] = json::object();
  return ObjectAt(o, key);
}

json::array* ArrayAt(json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_array()) return nullptr;
  return &it->value().get_array();
}

json::object* Path(json::object& o, std::initializer_list<std::string_view> keys) {
  json::object* cur = &o;
  for (std::string_view k : keys) {
    cur = ObjectAt(*cur, k);
    if (cur == nullptr) return nullptr;
  }
  return cur;
}

}  // namespace kubepp::api::defaults
