// The schema model behind the OpenAPI documents: one TypeDef per API type
// (io.k8s.api.apps.v1.Deployment, io.k8s.apimachinery.pkg.apis.meta.v1.Time, ...)
// with its fields, their types and the Kubernetes extensions upstream
// declares on them (patch strategy, list type, map type, enum values).
//
// The types are written in a small line-based text language (schema_text_*.cc)
// and parsed at first use:
//
//   type apps.DeploymentSpec | What a Deployment should look like.
//     replicas int32 | How many pods to run.
//     selector meta.LabelSelector !
//     strategy apps.DeploymentStrategy ps=retainKeys
//     containers []core.Container ! ps=merge pk=name lt=map lk=name
//   scalar intstr.IntOrString string int-or-string oneof=integer,string | A number or a string.
//
// A type line is `type NAME ATTR... [| description]`; its attributes are
// `gvk=GROUP/VERSION/KIND` (repeatable, GROUP empty for core) and
// `mt=atomic` (x-kubernetes-map-type). A field line is indented and reads
// `NAME TYPE ATTR... [| description]`: `!` required, `ps=` patch strategy,
// `pk=` patch merge key, `lt=` list type, `lk=a,b` list map keys, `mt=` map
// type, `enum=a,b` (`""` is the empty string). TYPE is string, int32, int64,
// bool, double, bytes, object, a type name, `[]TYPE` (array) or `{}TYPE`
// (map with string keys). Names start with a short package alias (`core.`,
// `apps.`, `meta.`, ...) that parsing expands to the full package name.
//
// Thread safety: SchemaRegistry::Get() is built once; it is immutable after.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kubepp::api::openapi {

struct Gvk {
  std::string group;
  std::string version;
  std::string kind;
  bool operator==(const Gvk&) const = default;
};

struct FieldDef {
  std::string name;
  // Expanded type expression: "string", "[]io.k8s.api.core.v1.Container", "{}string".
  std::string type;
  bool required = false;
  std::string patch_strategy;   // "merge", "retainKeys", "merge,retainKeys"
  std::string patch_merge_key;  // "name"
  std::string list_type;        // "map", "set", "atomic"
  std::vector<std::string> list_map_keys;
  std::string map_type;  // "atomic", "granular"
  std::vector<std::string> enum_values;
  std::string description;
};

struct TypeDef {
  std::string name;  // full name, "io.k8s.api.apps.v1.Deployment"
  // A scalar is a named primitive (Time, Quantity, IntOrString): it has a
  // JSON type and format and no fields.
  bool scalar = false;
  std::string scalar_type;    // "string", "object"
  std::string scalar_format;  // "date-time", "int-or-string"
  // OpenAPI 3 describes some scalars as a choice of JSON types instead
  // (IntOrString: integer or string); swagger 2.0 has no oneOf and keeps
  // scalar_type.
  std::vector<std::string> v3_one_of;
  std::vector<Gvk> gvks;
  std::string map_type;
  std::string description;
  std::vector<FieldDef> fields;
};

// Expands a short alias ("core") to its package ("io.k8s.api.core.v1");
// returns `alias` unchanged when unknown.
std::string ExpandAlias(std::string_view alias);

// Parses schema text; Invalid with the line number on a malformed line.
StatusOr<std::vector<TypeDef>> ParseSchemaText(std::string_view text);

// Names of the types a type expression refers to ("[]x.Y" -> "x.Y"); empty
// for primitives.
std::string_view RefName(std::string_view type_expr);

class SchemaRegistry {
 public:
  // Every type kubepp knows, parsed from the built-in schema text. Aborts
  // (a broken invariant of the binary) if that text does not parse.
  static const SchemaRegistry& Get();

  explicit SchemaRegistry(std::vector<TypeDef> types);

  // nullptr when unknown.
  const TypeDef* Find(std::string_view name) const;
  // The type that declares this group/version/kind; nullptr when none does.
  const TypeDef* FindKind(std::string_view group, std::string_view version,
                          std::string_view kind) const;
  const std::vector<TypeDef>& types() const { return types_; }

  // `roots` and every type they reach through fields, sorted by name;
  // unknown names are skipped.
  std::vector<const TypeDef*> Closure(const std::vector<std::string>& roots) const;

 private:
  std::vector<TypeDef> types_;
  std::map<std::string, size_t, std::less<>> by_name_;
};

}  // namespace kubepp::api::openapi
