// Schema: what each Kubernetes protobuf message looks like on the wire and in
// JSON, so that one table drives both directions of the codec.
//
// The table is text (schema_*.cc), parsed once on first use. Notation:
//   @core v1                       starts a package: short name, apiVersion
//   !Pod metadata=1:meta.ObjectMeta? spec=2:PodSpec? ...
//                                  a message; '!' marks a top-level kind
//   ExtraValue @list items=1:s+    a message that is a bare JSON array in JSON
// A field is json=number:type followed by flags:
//   type  s string, y bytes (base64 in JSON), i int32, l int64, t bool,
//         d double, f float, {K,V} a map (repeated entry {key 1, value 2}),
//         Name or pkg.Name a message (same package when unqualified)
//   flags + repeated, * pointer in Go (zero values are meaningful),
//         ? omitempty in JSON, ^ inline (the message's fields are merged into
//         the parent JSON object)
// Messages with their own JSON form (Time, MicroTime, Duration, FieldsV1,
// IntOrString, Quantity, RawExtension) are built in, not in the table.
//
// Thread safety: the Schema is immutable once built; Get() is thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kubepp::api::protobuf {

struct Message;

// Messages whose JSON form is not an object of their fields.
enum class Special : uint8_t {
  kNone,
  kTime,          // meta Time {seconds 1, nanos 2}: RFC 3339 seconds text
  kMicroTime,     // meta MicroTime: RFC 3339 with 6 fraction digits
  kDuration,      // meta Duration {duration 1 (ns)}: Go duration text "1m30s"
  kFieldsV1,      // meta FieldsV1 {Raw 1}: embedded JSON
  kIntOrString,   // intstr {type 1, intVal 2, strVal 3}: number or string
  kQuantity,      // resource Quantity {string 1}: string
  kRawExtension,  // runtime RawExtension {raw 1}: embedded JSON
  kListWrapper,   // a Go slice type wrapped in {items 1}: JSON array
};

enum class WireKind : uint8_t {
  kString,
  kBytes,
  kInt32,
  kInt64,
  kBool,
  kDouble,
  kFloat,
  kMessage,
  kMap
};

struct ValueType {
  WireKind kind = WireKind::kString;
  const Message* message = nullptr;  // for kMessage
};

struct Field {
  int number = 0;
  std::string json;  // JSON name (the proto name for inline fields)
  ValueType type;
  ValueType map_key, map_value;  // for kMap
  bool repeated = false;
  bool pointer = false;
  bool omitempty = false;
  bool inline_ = false;
};

struct Message {
  std::string name;  // "core.PodSpec"
  Special special = Special::kNone;
  std::vector<Field> fields;            // declaration (Go struct) order
  std::vector<const Field*> by_number;  // ascending field numbers

  const Field* FindNumber(int number) const;
};

class Schema {
 public:
  // The schema of every served kind. Aborts on a malformed built-in table
  // (a broken invariant of this library, caught by its unit tests).
  static const Schema& Get();

  // Parses tables in the notation above. Returns nullptr and sets *error on a
  // malformed table. Exposed for tests.
  static std::unique_ptr<Schema> Parse(const std::vector<const char*>& texts, std::string* error);

  // The message of a top-level kind, or nullptr. Options kinds of meta/v1
  // (DeleteOptions, Status, WatchEvent, ...) are found under every apiVersion.
  const Message* FindKind(std::string_view api_version, std::string_view kind) const;
  // A message by qualified name ("core.Pod", "meta.Time").
  const Message* FindMessage(std::string_view name) const;

 private:
  Schema() = default;
  std::map<std::string, std::unique_ptr<Message>, std::less<>> messages_;
  std::map<std::string, const Message*, std::less<>> kinds_;       // "apiVersion/Kind"
  std::map<std::string, const Message*, std::less<>> meta_kinds_;  // "Kind"
};

}  // namespace kubepp::api::protobuf
