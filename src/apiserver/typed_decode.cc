#include "apiserver/typed_decode.h"

#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "api/openapi/schema_model.h"
#include "api/patch/go_format.h"
#include "api/quantity/quantity.h"

namespace kubepp::apiserver {
namespace {

using api::openapi::FieldDef;
using api::openapi::RefName;
using api::openapi::SchemaRegistry;
using api::openapi::TypeDef;
namespace patch_internal = api::patch_internal;
using boost::json::value;

constexpr std::string_view kQuantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
constexpr std::string_view kIntOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

// Go's name for a named type: its package's last element and its own ("v1.PodSpec").
std::string GoTypeName(std::string_view full) {
  size_t last = full.rfind('.');
  if (last == std::string_view::npos) return std::string(full);
  size_t before = full.rfind('.', last - 1);
  return std::string(before == std::string_view::npos ? full : full.substr(before + 1));
}

std::string GoType(std::string_view expr) {
  if (expr.starts_with("[]")) return "[]" + GoType(expr.substr(2));
  if (expr.starts_with("{}")) return "map[string]" + GoType(expr.substr(2));
  if (expr == "double") return "float64";
  if (expr == "bytes") return "[]uint8";
  if (expr == "object") return "interface {}";
  if (RefName(expr).empty()) return std::string(expr);  // string, bool, int32, int64
  return GoTypeName(expr);
}

// Whether `v` is an integer that fits in `bits` bits.
bool FitsInt(const value& v, int bits) {
  const int64_t lo =
      bits == 32 ? std::numeric_limits<int32_t>::min() : std::numeric_limits<int64_t>::min();
  const int64_t hi =
      bits == 32 ? std::numeric_limits<int32_t>::max() : std::numeric_limits<int64_t>::max();
  if (v.is_int64()) return v.get_int64() >= lo && v.get_int64() <= hi;
  if (v.is_uint64()) return v.get_uint64() <= static_cast<uint64_t>(hi);
  return false;  // a double: encoding/json parses integers from the literal, which has a '.' or 'e'
}

class Decoder {
 public:
  Decoder() : reg_(SchemaRegistry::Get()) {}

  Status Struct(const TypeDef& t, boost::json::object& obj) {
    if (t.scalar || t.fields.empty()) return Status::Ok();
    std::string_view saved = struct_;
    struct_ = t.name;
    for (auto& kv : obj) {
      const FieldDef* field = nullptr;
      for (const auto& f : t.fields) {
        if (f.name == kv.key()) {
          field = &f;
          break;
        }
      }
      if (field == nullptr) continue;  // unknown fields are fieldValidation's business
      path_.push_back(kv.key());
      Status s = Value(field->type, kv.value());
      path_.pop_back();
      if (!s.ok()) return s;
    }
    struct_ = saved;
    return Status::Ok();
  }

 private:
  Status Value(std::string_view expr, value& v) {
    if (v.is_null()) return Status::Ok();
    if (expr.starts_with("[]")) {
      if (expr == "[]") return Status::Ok();
      if (!v.is_array()) return WrongKind(v, expr);
      for (auto& item : v.as_array()) {
        if (Status s = Value(expr.substr(2), item); !s.ok()) return s;
      }
      return Status::Ok();
    }
    if (expr.starts_with("{}")) {
      if (!v.is_object()) return WrongKind(v, expr);
      for (auto& kv : v.as_object()) {
        if (Status s = Value(expr.substr(2), kv.value()); !s.ok()) return s;
      }
      return Status::Ok();
    }
    if (expr == "string") return v.is_string() ? Status::Ok() : WrongKind(v, expr);
    if (expr == "bytes") return v.is_string() ? Status::Ok() : WrongKind(v, expr);
    if (expr == "bool") return v.is_bool() ? Status::Ok() : WrongKind(v, expr);
    if (expr == "double") return v.is_number() ? Status::Ok() : WrongKind(v, expr);
    if (expr == "int32" || expr == "int64") return Integer(v, expr == "int32" ? 32 : 64, expr);
    if (expr == "object") return Status::Ok();
    if (expr == kQuantity) return Quantity(v);
    if (expr == kIntOrString) return v.is_string() ? Status::Ok() : Integer(v, 32, "int32");
    const TypeDef* t = reg_.Find(expr);
    if (t == nullptr) return Status::Ok();
    if (t->scalar) {
      // Times and durations unmarshal from a JSON string; RawExtension takes anything.
      if (t->scalar_type == "string" && !v.is_string()) return WrongKind(v, "string");
      return Status::Ok();
    }
    if (t->fields.empty()) return Status::Ok();
    if (!v.is_object()) return WrongKind(v, expr);
    return Struct(*t, v.as_object());
  }

  Status Integer(const value& v, int bits, std::string_view expr) {
    if (!v.is_number()) return WrongKind(v, expr);
    if (!FitsInt(v, bits)) return Mismatch("number " + patch_internal::GoValue(v), expr);
    return Status::Ok();
  }

  // Upstream's Quantity parses a JSON string or number, and refuses everything else with the
  // parse error of its text.
  Status Quantity(value& v) {
    std::string text = v.is_string()   ? std::string(v.get_string())
                       : v.is_number() ? patch_internal::GoValue(v)
                                       : "x";
    size_t begin = text.find_first_not_of(" \t\r\n");
    size_t end = text.find_last_not_of(" \t\r\n");
    text = begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
    auto q = api::Quantity::Parse(text);
    if (!q.ok()) return Status::BadRequest(q.status().message());
    v = q->String();
    return Status::Ok();
  }

  // A JSON value of another kind than `expr` takes, in the words Go's decoder uses for it.
  Status WrongKind(const value& v, std::string_view expr) const {
    return Mismatch(patch_internal::JsonTypeWord(v), expr);
  }

  Status Mismatch(const std::string& found, std::string_view expr) const {
    std::string field;
    for (std::string_view step : path_) field += (field.empty() ? "" : ".") + std::string(step);
    std::string_view struct_name = struct_.substr(struct_.rfind('.') + 1);
    return Status::BadRequest("json: cannot unmarshal " + found + " into Go struct field " +
                              std::string(struct_name) + "." + field + " of type " + GoType(expr));
  }

  const SchemaRegistry& reg_;
  std::string_view struct_;             // the innermost struct being decoded
  std::vector<std::string_view> path_;  // JSON keys from the root
};

}  // namespace

Status DecodeTyped(const api::ResourceInfo& r, boost::json::object& obj) {
  const TypeDef* t = SchemaRegistry::Get().FindKind(r.group, r.version, r.kind);
  if (t == nullptr) return Status::Ok();
  return Decoder().Struct(*t, obj);
}

Status DecodeError(const api::ResourceInfo& r, const Status& error) {
  return Status::BadRequest(r.kind + " in version \"" + r.version + "\" cannot be handled as a " +
                            r.kind + ": " + error.message());
}

}  // namespace kubepp::apiserver
