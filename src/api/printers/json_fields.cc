#include "api/printers/json_fields.h"

#include <cmath>

namespace kubepp::api::printers {
namespace {

const boost::json::object kEmptyObject;
const boost::json::array kEmptyArray;

}  // namespace

const boost::json::value* Find(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

const boost::json::object& Obj(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = Find(o, key);
  return v && v->is_object() ? v->get_object() : kEmptyObject;
}

const boost::json::array& Arr(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = Find(o, key);
  return v && v->is_array() ? v->get_array() : kEmptyArray;
}

const boost::json::object& AsObj(const boost::json::value& v) {
  return v.is_object() ? v.get_object() : kEmptyObject;
}

std::optional<std::string> OptStr(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = Find(o, key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

std::string Str(const boost::json::object& o, std::string_view key) {
  return OptStr(o, key).value_or("");
}

std::optional<long long> OptInt(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = Find(o, key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<long long>(v->get_uint64());
  if (v->is_double() && std::isfinite(v->get_double())) {
    return static_cast<long long>(v->get_double());
  }
  return std::nullopt;
}

long long Int(const boost::json::object& o, std::string_view key, long long def) {
  return OptInt(o, key).value_or(def);
}

std::optional<bool> OptBool(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = Find(o, key);
  if (!v || !v->is_bool()) return std::nullopt;
  return v->get_bool();
}

bool Bool(const boost::json::object& o, std::string_view key, bool def) {
  return OptBool(o, key).value_or(def);
}

std::string IntOrStringText(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (v.is_double()) return std::to_string(static_cast<long long>(v.get_double()));
  return "";
}

std::string QuantityText(const boost::json::value* v) {
  if (!v) return "0";
  if (v->is_string()) return std::string(v->get_string());
  // Quantities are strings on the wire; a bare number is accepted on input.
  return IntOrStringText(*v);
}

std::string Name(const boost::json::object& obj) { return Str(Obj(obj, "metadata"), "name"); }

const boost::json::value* Meta(const boost::json::object& obj, std::string_view key) {
  return Find(Obj(obj, "metadata"), key);
}

std::string TrimSpace(std::string_view s) {
  constexpr std::string_view kSpace = " \t\n\v\f\r";
  const size_t b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return "";
  const size_t e = s.find_last_not_of(kSpace);
  return std::string(s.substr(b, e - b + 1));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace kubepp::api::printers
