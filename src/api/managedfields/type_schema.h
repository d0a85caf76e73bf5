// The typed view of objects that server-side apply works on, derived once
// from kubepp's OpenAPI schema model (api/openapi/schema_model.h), the way
// upstream derives structured-merge-diff's schema from its OpenAPI:
//
//   struct  an object with declared fields (unknown fields are errors);
//           granular (merged field by field) unless x-kubernetes-map-type: atomic
//   map     an object with string keys, all values of one type; granular unless atomic
//   list    x-kubernetes-list-type: atomic (the default; replaced whole),
//           set (scalar items, merged by value) or map (object items, merged
//           by x-kubernetes-list-map-keys); lists without a list type but
//           with patchStrategy merge are maps by their patchMergeKey (or sets)
//   scalar  string, numeric, boolean, or untyped (IntOrString, Quantity)
//   untyped anything (RawExtension, fields typed `object`): objects are
//           granular maps of untyped values, lists atomic
//
// Atoms are built once per process and never change; pointers stay valid for
// the life of the process. Thread safety: immutable after first use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace kubepp::api::managedfields {

struct Atom;

struct AtomField {
  std::string name;
  const Atom* type = nullptr;
  // Present (as an empty object) in the kind's zero value, as Go's non-pointer
  // struct fields are: metadata, spec, status, a workload's template, ...
  bool in_zero_value = false;
  // Present as null in the zero value, as Go writes a required list or map
  // that is not set (a pod spec's containers).
  bool null_in_zero_value = false;
};

struct Atom {
  enum class Kind : uint8_t { kScalar, kStruct, kMap, kList, kUntyped };
  enum class Scalar : uint8_t { kString, kNumeric, kBoolean, kAny };
  enum class ListType : uint8_t { kAtomic, kSet, kMap };

  Kind kind = Kind::kUntyped;
  Scalar scalar = Scalar::kAny;          // kScalar
  bool atomic = false;                   // kStruct, kMap
  std::vector<AtomField> fields;         // kStruct, sorted by name
  const Atom* element = nullptr;         // kMap values, kList items
  ListType list_type = ListType::kAtomic;  // kList
  std::vector<std::string> keys;         // kList of kMap type: the item keys
  // Per key, the default upstream's schema gives it (null when none): a port
  // without protocol is keyed as protocol "TCP".
  std::vector<boost::json::value> key_defaults;

  // REQUIRES: kind == kStruct. nullptr when `name` is not declared.
  const AtomField* FindField(std::string_view name) const;
  // Whether an object value uses this atom as granular (map or struct).
  bool IsGranularObject() const { return (kind == Kind::kStruct || kind == Kind::kMap) && !atomic; }
};

// The atom of a kind's root object; nullptr when kubepp has no schema for it.
const Atom* RootAtom(std::string_view group, std::string_view version, std::string_view kind);
// The atom of values of unknown shape.
const Atom* UntypedAtom();

// The atom that describes `v`: for kUntyped, the untyped map, untyped atomic
// list or any-scalar atom matching v's JSON type; `a` itself otherwise.
const Atom* ResolveAtom(const Atom* a, const boost::json::value& v);

// The kind's zero value as Go would encode a new, empty object of it:
// apiVersion and kind, an empty object for every struct field that is part
// of the zero value and null for every required list or map (recursively).
boost::json::object ZeroObject(const Atom* root, std::string_view api_version, std::string_view kind);

}  // namespace kubepp::api::managedfields
