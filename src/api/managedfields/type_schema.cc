#include "api/managedfields/type_schema.h"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <mutex>

#include <boost/json/object.hpp>

#include "api/openapi/schema_model.h"

namespace kubepp::api::managedfields {
namespace {

using openapi::FieldDef;
using openapi::SchemaRegistry;
using openapi::TypeDef;

// Struct fields that Go declares as values, not pointers, in every built-in
// kind that has them, so that a new object already holds them (empty).
bool IsValueStructField(std::string_view name) {
  static constexpr std::string_view kNames[] = {"metadata", "spec",           "status",     "template",
                                                "strategy", "updateStrategy", "jobTemplate"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// Keys whose absence upstream's schema fills with a default when identifying
// list-map items: ports are keyed by (port, protocol) with protocol "TCP".
boost::json::value KeyDefault(std::string_view item_type, std::string_view key) {
  if (key == "protocol" &&
      (item_type == "io.k8s.api.core.v1.ContainerPort" || item_type == "io.k8s.api.core.v1.ServicePort")) {
    return "TCP";
  }
  return nullptr;
}

class Builder {
 public:
  explicit Builder(const SchemaRegistry& registry) : registry_(registry) {
    untyped_.kind = Atom::Kind::kUntyped;
    untyped_map_.kind = Atom::Kind::kMap;
    untyped_map_.element = &untyped_;
    untyped_list_.kind = Atom::Kind::kList;
    untyped_list_.element = &untyped_;
    any_scalar_.kind = Atom::Kind::kScalar;
    any_scalar_.scalar = Atom::Scalar::kAny;
  }

  const Atom* Untyped() const { return &untyped_; }
  const Atom* UntypedMap() const { return &untyped_map_; }
  const Atom* UntypedList() const { return &untyped_list_; }
  const Atom* AnyScalar() const { return &any_scalar_; }

  const Atom* Named(std::string_view name) {
    if (auto it = named_.find(name); it != named_.end()) return it->second;
    const TypeDef* def = registry_.Find(name);
    if (!def) return &untyped_;
    Atom* atom = New();
    named_.emplace(std::string(name), atom);  // before the fields: types may refer to themselves
    if (def->scalar) {
      atom->kind = Atom::Kind::kScalar;
      if (def->scalar_type == "object") {
        atom->kind = Atom::Kind::kUntyped;
      } else if (def->scalar_format == "int-or-string" || !def->v3_one_of.empty()) {
        atom->scalar = Atom::Scalar::kAny;
      } else {
        atom->scalar = ScalarOf(def->scalar_type);
      }
      return atom;
    }
    if (def->fields.empty()) {
      atom->kind = Atom::Kind::kUntyped;
      return atom;
    }
    atom->kind = Atom::Kind::kStruct;
    atom->atomic = def->map_type == "atomic";
    for (const FieldDef& f : def->fields) {
      AtomField field;
      field.name = f.name;
      field.type = ForField(f);
      field.in_zero_value =
          field.type->kind == Atom::Kind::kStruct && !field.type->atomic && (f.required || IsValueStructField(f.name));
      field.null_in_zero_value =
          f.required && (field.type->kind == Atom::Kind::kList || field.type->kind == Atom::Kind::kMap);
      atom->fields.push_back(std::move(field));
    }
    std::sort(atom->fields.begin(), atom->fields.end(),
              [](const AtomField& a, const AtomField& b) { return a.name < b.name; });
    return atom;
  }

 private:
  static Atom::Scalar ScalarOf(std::string_view t) {
    if (t == "string" || t == "bytes") return Atom::Scalar::kString;
    if (t == "int32" || t == "int64" || t == "double" || t == "integer" || t == "number") return Atom::Scalar::kNumeric;
    if (t == "bool" || t == "boolean") return Atom::Scalar::kBoolean;
    return Atom::Scalar::kAny;
  }

  Atom* New() {
    arena_.emplace_back();
    return &arena_.back();
  }

  // The atom of a type expression without field attributes.
  const Atom* Expr(std::string_view t) {
    if (t.starts_with("[]")) {
      Atom* list = New();
      list->kind = Atom::Kind::kList;
      list->element = Expr(t.substr(2));
      return list;
    }
    if (t.starts_with("{}")) {
      Atom* map = New();
      map->kind = Atom::Kind::kMap;
      map->element = Expr(t.substr(2));
      return map;
    }
    if (t == "object") return &untyped_;
    if (openapi::RefName(t).empty()) {
      Atom* scalar = New();
      scalar->kind = Atom::Kind::kScalar;
      scalar->scalar = ScalarOf(t);
      return scalar;
    }
    return Named(t);
  }

  const Atom* ForField(const FieldDef& f) {
    std::string_view t = f.type;
    if (t.starts_with("[]")) {
      Atom* list = New();
      list->kind = Atom::Kind::kList;
      list->element = Expr(t.substr(2));
      if (f.list_type == "map") {
        list->list_type = Atom::ListType::kMap;
        list->keys = f.list_map_keys;
      } else if (f.list_type == "set") {
        list->list_type = Atom::ListType::kSet;
      } else if (f.list_type.empty() && f.patch_strategy == "merge") {
        if (f.patch_merge_key.empty()) {
          list->list_type = Atom::ListType::kSet;
        } else {
          list->list_type = Atom::ListType::kMap;
          list->keys = {f.patch_merge_key};
        }
      }
      std::string item_type(openapi::RefName(t.substr(2)));
      for (const auto& k : list->keys) list->key_defaults.push_back(KeyDefault(item_type, k));
      return list;
    }
    if (t.starts_with("{}")) {
      Atom* map = New();
      map->kind = Atom::Kind::kMap;
      map->element = Expr(t.substr(2));
      map->atomic = f.map_type == "atomic";
      return map;
    }
    const Atom* base = Expr(t);
    if (f.map_type == "atomic" && base->kind == Atom::Kind::kStruct && !base->atomic) {
      Atom* copy = New();
      *copy = *base;
      copy->atomic = true;
      return copy;
    }
    return base;
  }

  const SchemaRegistry& registry_;
  std::deque<Atom> arena_;  // stable addresses
  std::map<std::string, const Atom*, std::less<>> named_;
  Atom untyped_, untyped_map_, untyped_list_, any_scalar_;
};

struct Schema {
  std::mutex mu;
  Builder builder{SchemaRegistry::Get()};
  std::map<std::string, const Atom*, std::less<>> roots;  // by "group/version/kind"; guarded by mu
};

Schema& TheSchema() {
  static Schema* schema = new Schema();
  return *schema;
}

// `depth` bounds self-referencing types.
void FillZero(const Atom* atom, boost::json::object& out, int depth) {
  if (depth > 16) return;
  for (const auto& f : atom->fields) {
    if (f.null_in_zero_value) out.emplace(f.name, nullptr);
    if (!f.in_zero_value) continue;
    boost::json::object nested;
    FillZero(f.type, nested, depth + 1);
    out.emplace(f.name, std::move(nested));
  }
}

}  // namespace

const AtomField* Atom::FindField(std::string_view name) const {
  auto it = std::lower_bound(fields.begin(), fields.end(), name,
                             [](const AtomField& f, std::string_view n) { return f.name < n; });
  return it != fields.end() && it->name == name ? &*it : nullptr;
}

const Atom* RootAtom(std::string_view group, std::string_view version, std::string_view kind) {
  Schema& s = TheSchema();
  std::string key = std::string(group) + "/" + std::string(version) + "/" + std::string(kind);
  std::lock_guard lock(s.mu);
  if (auto it = s.roots.find(key); it != s.roots.end()) return it->second;
  const TypeDef* def = SchemaRegistry::Get().FindKind(group, version, kind);
  const Atom* atom = def ? s.builder.Named(def->name) : nullptr;
  s.roots.emplace(std::move(key), atom);
  return atom;
}

const Atom* UntypedAtom() { return TheSchema().builder.Untyped(); }

const Atom* ResolveAtom(const Atom* a, const boost::json::value& v) {
  if (a->kind != Atom::Kind::kUntyped) return a;
  const Builder& b = TheSchema().builder;
  if (v.is_object()) return b.UntypedMap();
  if (v.is_array()) return b.UntypedList();
  return b.AnyScalar();
}

boost::json::object ZeroObject(const Atom* root, std::string_view api_version, std::string_view kind) {
  boost::json::object out;
  out["apiVersion"] = api_version;
  out["kind"] = kind;
  if (root && root->kind == Atom::Kind::kStruct) FillZero(root, out, 0);
  if (!out.contains("metadata")) out["metadata"] = boost::json::object();
  return out;
}

}  // namespace kubepp::api::managedfields
