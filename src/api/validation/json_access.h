// Read-only accessors over the Boost.JSON DOM of an object, tolerant of
// absent fields and of values of the wrong JSON type (both read as absent),
// so validators can be written as plain field walks.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubepp::api::validation {

inline const boost::json::value* Field(const boost::json::object* o, std::string_view key) {
  if (o == nullptr) return nullptr;
  auto it = o->find(key);
  return it == o->end() ? nullptr : &it->value();
}
inline const boost::json::object* Obj(const boost::json::object* o, std::string_view key) {
  const boost::json::value* v = Field(o, key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}
inline const boost::json::array* Arr(const boost::json::object* o, std::string_view key) {
  const boost::json::value* v = Field(o, key);
  return v && v->is_array() ? &v->get_array() : nullptr;
}
inline bool Has(const boost::json::object* o, std::string_view key) {
  const boost::json::value* v = Field(o, key);
  return v != nullptr && !v->is_null();
}
inline std::string Str(const boost::json::object* o, std::string_view key) {
  const boost::json::value* v = Field(o, key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
inline std::optional<int64_t> AsInt(const boost::json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  if (v->is_double()) {
    double d = v->get_double();
    if (d == static_cast<double>(static_cast<int64_t>(d))) return static_cast<int64_t>(d);
  }
  return std::nullopt;
}
inline std::optional<int64_t> Int(const boost::json::object* o, std::string_view key) {
  return AsInt(Field(o, key));
}
inline int64_t IntOr(const boost::json::object* o, std::string_view key, int64_t def) {
  return Int(o, key).value_or(def);
}
inline std::optional<bool> Bool(const boost::json::object* o, std::string_view key) {
  const boost::json::value* v = Field(o, key);
  if (v && v->is_bool()) return v->get_bool();
  return std::nullopt;
}
// Each element of an array of objects; non-objects read as empty objects.
inline const boost::json::object* ObjAt(const boost::json::array& a, size_t i) {
  static const boost::json::object kEmpty;
  return a[i].is_object() ? &a[i].get_object() : &kEmpty;
}
inline std::vector<std::string> Strings(const boost::json::object* o, std::string_view key) {
  std::vector<std::string> out;
  if (const boost::json::array* a = Arr(o, key)) {
    for (const auto& v : *a)
      out.push_back(v.is_string() ? std::string(v.get_string()) : std::string());
  }
  return out;
}
inline size_t Size(const boost::json::array* a) { return a ? a->size() : 0; }
inline size_t Size(const boost::json::object* o) { return o ? o->size() : 0; }

// An IntOrString field (intstr.IntOrString): absent, an integer, or a string.
struct IntOrString {
  bool present = false;
  bool is_string = false;
  int64_t int_value = 0;
  std::string str_value;
  // How upstream prints it: the integer, or the string unquoted (it is a Stringer).
  std::string Text() const { return is_string ? str_value : std::to_string(int_value); }
};
inline IntOrString IntOrStr(const boost::json::object* o, std::string_view key) {
  IntOrString r;
  const boost::json::value* v = Field(o, key);
  if (v == nullptr || v->is_null()) return r;
  if (v->is_string()) {
    r.present = true;
    r.is_string = true;
    r.str_value = std::string(v->get_string());
  } else if (auto i = AsInt(v)) {
    r.present = true;
    r.int_value = *i;
  }
  return r;
}

}  // namespace kubepp::api::validation
