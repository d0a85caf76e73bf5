// PathElement: one step of a field path as server-side apply names fields.
//
//   kField  a member of an object             .spec          "f:spec"
//   kKey    an item of a list-map, by its keys [name="web"]   "k:{\"name\":\"web\"}"
//   kValue  an item of a set, by its value     [="a"]         "v:\"a\""
//   kIndex  an item of a list by position      [2]            "i:2"
//
// The middle column is how conflicts print a path (Path String), the last
// how FieldsV1 serializes an element. Elements order as upstream's
// structured-merge-diff orders them (fields before keys before values before
// indexes; then by name, key list, value or number), which is the order of
// FieldsV1 objects and of conflict lists. DO NOT CHANGE the serialized forms:
// they are stored in every object's metadata.managedFields.
//
// Copies are cheap: key and value payloads are shared, immutable.
// Thread safety: immutable values; safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "base/status.h"

namespace kubepp::api::managedfields {

struct KeyField {
  std::string name;
  boost::json::value value;
};

class PathElement {
 public:
  // DO NOT CHANGE the order: it is the sort order of the kinds.
  enum class Kind : uint8_t { kField, kKey, kValue, kIndex };

  static PathElement Field(std::string_view name);
  // Sorts the fields by name.
  static PathElement Key(std::vector<KeyField> fields);
  static PathElement Value(boost::json::value v);
  static PathElement Index(int64_t i);

  Kind kind() const { return kind_; }
  // REQUIRES: kind() == kField.
  const std::string& field_name() const { return name_; }
  // REQUIRES: kind() == kKey.
  const std::vector<KeyField>& key() const;
  // REQUIRES: kind() == kValue.
  const boost::json::value& value() const;
  // REQUIRES: kind() == kIndex.
  int64_t index() const { return index_; }

  int Compare(const PathElement& o) const;
  bool operator==(const PathElement& o) const { return Compare(o) == 0; }
  bool operator<(const PathElement& o) const { return Compare(o) < 0; }

  // ".spec", "[name=\"web\"]", "[=\"a\"]", "[2]".
  std::string String() const;
  // "f:spec", "k:{...}", "v:...", "i:2".
  std::string Serialize() const;
  void AppendSerialized(std::string& out) const;

  // Parses a serialized element. nullopt for a well-formed prefix of a kind
  // this version does not know (upstream ignores those); BadRequest for
  // malformed text.
  static StatusOr<std::optional<PathElement>> Parse(std::string_view s);

 private:
  struct Payload {
    std::vector<KeyField> key;
    boost::json::value value;
  };

  Kind kind_ = Kind::kField;
  int64_t index_ = 0;
  std::string name_;
  std::shared_ptr<const Payload> payload_;
};

using Path = std::vector<PathElement>;

// ".spec.template.spec.containers[name=\"web\"].image".
std::string PathString(const Path& path);

// How upstream prints a value inside a path: strings quoted as Go's %q,
// numbers and booleans plainly, null as "null".
std::string ValueString(const boost::json::value& v);

}  // namespace kubepp::api::managedfields
