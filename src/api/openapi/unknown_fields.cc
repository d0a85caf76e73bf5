#include "api/openapi/unknown_fields.h"

#include <boost/json/object.hpp>

#include "api/openapi/schema_model.h"

namespace kubepp::api {
namespace {

using openapi::RefName;
using openapi::SchemaRegistry;
using openapi::TypeDef;

// Where the walk is: field names point into the object being walked. The
// path is spelled out only for an unknown field, so a clean object (the
// usual case, on every write) costs no string building.
struct PathStep {
  std::string_view field;  // empty for an array element
  size_t index = 0;
};

class Walker {
 public:
  explicit Walker(std::vector<std::string>& out) : reg_(SchemaRegistry::Get()), out_(out) {}

  void Object(const TypeDef& t, const boost::json::object& obj) {
    // Objects declared without fields take anything.
    if (t.scalar || t.fields.empty()) return;
    for (const auto& kv : obj) {
      const openapi::FieldDef* field = nullptr;
      for (const auto& f : t.fields) {
        if (f.name == kv.key()) {
          field = &f;
          break;
        }
      }
      path_.push_back({kv.key(), 0});
      if (field == nullptr) {
        out_.push_back(Spelled());
      } else {
        Value(field->type, kv.value());
      }
      path_.pop_back();
    }
  }

 private:
  void Value(std::string_view type_expr, const boost::json::value& v) {
    if (type_expr.starts_with("[]")) {
      if (!v.is_array()) return;  // a type mismatch is validation's business, not ours
      const auto& a = v.as_array();
      for (size_t i = 0; i < a.size(); ++i) {
        path_.push_back({{}, i});
        Value(type_expr.substr(2), a[i]);
        path_.pop_back();
      }
      return;
    }
    if (type_expr.starts_with("{}")) {
      if (!v.is_object()) return;
      for (const auto& kv : v.as_object()) {
        path_.push_back({kv.key(), 0});
        Value(type_expr.substr(2), kv.value());
        path_.pop_back();
      }
      return;
    }
    if (RefName(type_expr).empty()) return;  // a primitive
    const TypeDef* t = reg_.Find(type_expr);
    if (t != nullptr && v.is_object()) Object(*t, v.as_object());
  }

  // As upstream's strict decoder spells it: spec.containers[0].imagePullPolicyy
  std::string Spelled() const {
    std::string s;
    for (const PathStep& step : path_) {
      if (step.field.empty()) {
        s += "[" + std::to_string(step.index) + "]";
        continue;
      }
      if (!s.empty()) s.push_back('.');
      s.append(step.field);
    }
    return s;
  }

  const SchemaRegistry& reg_;
  std::vector<std::string>& out_;
  std::vector<PathStep> path_;
};

}  // namespace

std::vector<std::string> UnknownFields(std::string_view group, std::string_view version,
                                       std::string_view kind, const boost::json::object& obj) {
  std::vector<std::string> out;
  const TypeDef* t = SchemaRegistry::Get().FindKind(group, version, kind);
  if (t != nullptr) Walker(out).Object(*t, obj);
  return out;
}

std::vector<std::string> UnknownFields(std::string_view group, std::string_view version,
                                       std::string_view kind, const boost::json::value& obj) {
  if (!obj.is_object()) return {};
  return UnknownFields(group, version, kind, obj.as_object());
}

}  // namespace kubepp::api
