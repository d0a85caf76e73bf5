#include "api/openapi/unknown_fields.h"

#include <boost/json/object.hpp>

#include "api/openapi/schema_model.h"

namespace kubepp::api {
namespace {

using openapi::RefName;
using openapi::SchemaRegistry;
using openapi::TypeDef;

void Walk(const SchemaRegistry& reg, std::string_view type_expr, const boost::json::value& v,
          const std::string& path, std::vector<std::string>& out);

std::string Join(const std::string& path, std::string_view field) {
  return path.empty() ? std::string(field) : path + "." + std::string(field);
}

void WalkType(const SchemaRegistry& reg, const TypeDef& t, const boost::json::value& v,
              const std::string& path, std::vector<std::string>& out) {
  // Scalars, and objects declared without fields, take anything.
  if (t.scalar || t.fields.empty() || !v.is_object()) return;
  for (const auto& kv : v.as_object()) {
    const openapi::FieldDef* field = nullptr;
    for (const auto& f : t.fields) {
      if (f.name == kv.key()) {
        field = &f;
        break;
      }
    }
    std::string child = Join(path, kv.key());
    if (field == nullptr) {
      out.push_back(std::move(child));
      continue;
    }
    Walk(reg, field->type, kv.value(), child, out);
  }
}

void Walk(const SchemaRegistry& reg, std::string_view type_expr, const boost::json::value& v,
          const std::string& path, std::vector<std::string>& out) {
  if (type_expr.starts_with("[]")) {
    if (!v.is_array()) return;  // a type mismatch is validation's business, not ours
    const auto& a = v.as_array();
    for (size_t i = 0; i < a.size(); ++i) {
      Walk(reg, type_expr.substr(2), a[i], path + "[" + std::to_string(i) + "]", out);
    }
    return;
  }
  if (type_expr.starts_with("{}")) {
    if (!v.is_object()) return;
    for (const auto& kv : v.as_object()) {
      Walk(reg, type_expr.substr(2), kv.value(), Join(path, kv.key()), out);
    }
    return;
  }
  if (RefName(type_expr).empty()) return;  // a primitive
  if (const TypeDef* t = reg.Find(type_expr)) WalkType(reg, *t, v, path, out);
}

}  // namespace

std::vector<std::string> UnknownFields(std::string_view group, std::string_view version,
                                       std::string_view kind, const boost::json::value& obj) {
  std::vector<std::string> out;
  const SchemaRegistry& reg = SchemaRegistry::Get();
  const TypeDef* t = reg.FindKind(group, version, kind);
  if (t != nullptr) WalkType(reg, *t, obj, "", out);
  return out;
}

}  // namespace kubepp::api
