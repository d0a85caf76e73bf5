#include "api/openapi/schema_json.h"

#include <boost/json/array.hpp>
#include <string>

namespace kubepp::api::openapi {
namespace {

boost::json::array Strings(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

boost::json::object FieldSchema(const FieldDef& f, Dialect d) {
  boost::json::object s;
  std::string_view t = f.type;
  const bool plain_ref = !t.starts_with("[]") && !t.starts_with("{}") && !RefName(t).empty();
  if (plain_ref && !f.description.empty()) {
    s["description"] = f.description;
    if (d == Dialect::kOpenApi3) {
      s["allOf"] = boost::json::array{Ref(d, t)};
    } else {
      s["$ref"] = RefTo(d, t);
    }
  } else {
    if (!f.description.empty()) s["description"] = f.description;
    for (auto& kv : TypeExprSchema(t, d)) s[kv.key()] = kv.value();
  }
  if (!f.enum_values.empty()) s["enum"] = Strings(f.enum_values);
  if (!f.list_type.empty()) s["x-kubernetes-list-type"] = f.list_type;
  if (!f.list_map_keys.empty()) s["x-kubernetes-list-map-keys"] = Strings(f.list_map_keys);
  if (!f.map_type.empty()) s["x-kubernetes-map-type"] = f.map_type;
  if (!f.patch_merge_key.empty()) s["x-kubernetes-patch-merge-key"] = f.patch_merge_key;
  if (!f.patch_strategy.empty()) s["x-kubernetes-patch-strategy"] = f.patch_strategy;
  return s;
}

}  // namespace

std::string RefTo(Dialect d, std::string_view name) {
  std::string out = d == Dialect::kSwagger2 ? "#/definitions/" : "#/components/schemas/";
  out += name;
  return out;
}

boost::json::object Ref(Dialect d, std::string_view name) {
  return boost::json::object{{"$ref", RefTo(d, name)}};
}

boost::json::object TypeExprSchema(std::string_view t, Dialect d) {
  if (t.starts_with("[]")) {
    return boost::json::object{{"type", "array"}, {"items", TypeExprSchema(t.substr(2), d)}};
  }
  if (t.starts_with("{}")) {
    return boost::json::object{{"type", "object"},
                               {"additionalProperties", TypeExprSchema(t.substr(2), d)}};
  }
  if (t == "string") return {{"type", "string"}};
  if (t == "int32") return {{"type", "integer"}, {"format", "int32"}};
  if (t == "int64") return {{"type", "integer"}, {"format", "int64"}};
  if (t == "bool") return {{"type", "boolean"}};
  if (t == "double") return {{"type", "number"}, {"format", "double"}};
  if (t == "bytes") return {{"type", "string"}, {"format", "byte"}};
  if (t == "object") return {{"type", "object"}};
  return Ref(d, t);
}

boost::json::object TypeSchema(const TypeDef& type, Dialect d) {
  boost::json::object s;
  if (!type.description.empty()) s["description"] = type.description;
  if (type.scalar) {
    if (d == Dialect::kOpenApi3 && !type.v3_one_of.empty()) {
      boost::json::array one_of;
      for (const auto& t : type.v3_one_of) one_of.push_back(boost::json::object{{"type", t}});
      s["oneOf"] = std::move(one_of);
    } else {
      s["type"] = type.scalar_type;
    }
    if (!type.scalar_format.empty()) s["format"] = type.scalar_format;
    return s;
  }
  s["type"] = "object";
  boost::json::array required;
  boost::json::object properties;
  for (const auto& f : type.fields) {
    properties[f.name] = FieldSchema(f, d);
    if (f.required) required.emplace_back(f.name);
  }
  if (!properties.empty()) s["properties"] = std::move(properties);
  if (!required.empty()) s["required"] = std::move(required);
  if (!type.gvks.empty()) {
    boost::json::array gvks;
    for (const auto& g : type.gvks) {
      gvks.push_back(
          boost::json::object{{"group", g.group}, {"kind", g.kind}, {"version", g.version}});
    }
    s["x-kubernetes-group-version-kind"] = std::move(gvks);
  }
  if (!type.map_type.empty()) s["x-kubernetes-map-type"] = type.map_type;
  return s;
}

}  // namespace kubepp::api::openapi
