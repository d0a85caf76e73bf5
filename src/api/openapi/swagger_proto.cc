#include "api/openapi/swagger_proto.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string_view>
#include <utility>

namespace kubepp::api::openapi {
namespace {

namespace json = boost::json;

// Appends protobuf fields to a byte string. Only the two wire types this
// schema needs: varint (bool) and length-delimited (strings, messages).
class ProtoWriter {
 public:
  void Bool(int field, bool v) {
    if (!v) return;  // proto3 leaves defaults out
    Tag(field, 0);
    Varint(1);
  }
  void String(int field, std::string_view s) {
    if (s.empty()) return;
    Bytes(field, s);
  }
  // An embedded message is written even when empty: presence matters for
  // oneofs and for messages like an empty Schema.
  void Message(int field, const ProtoWriter& m) { Bytes(field, m.out_); }
  const std::string& bytes() const { return out_; }

 private:
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      out_ += static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    out_ += static_cast<char>(v);
  }
  void Tag(int field, int wire) { Varint((static_cast<uint64_t>(field) << 3) | wire); }
  void Bytes(int field, std::string_view s) {
    Tag(field, 2);
    Varint(s.size());
    out_.append(s);
  }
  std::string out_;
};

std::string_view Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string_view(v->as_string()) : std::string_view();
}
bool Bool(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_bool() && v->as_bool();
}
void Strings(ProtoWriter& w, int field, const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_array()) return;
  for (const auto& s : v->as_array()) {
    if (s.is_string()) w.String(field, s.as_string());
  }
}

// openapi.v2.Any {yaml = 2}.
ProtoWriter AnyYaml(const json::value& v) {
  ProtoWriter any;
  any.String(2, json::serialize(v));
  return any;
}

// repeated NamedAny vendor_extension: every "x-" key of `o`.
void VendorExtensions(ProtoWriter& w, int field, const json::object& o) {
  for (const auto& kv : o) {
    if (!kv.key().starts_with("x-")) continue;
    ProtoWriter named;
    named.String(1, kv.key());
    named.Message(2, AnyYaml(kv.value()));
    w.Message(field, named);
  }
}

ProtoWriter Schema(const json::object& s) {
  ProtoWriter w;
  w.String(1, Str(s, "$ref"));
  w.String(2, Str(s, "format"));
  w.String(4, Str(s, "description"));
  if (Bool(s, "uniqueItems")) w.Bool(16, true);
  Strings(w, 19, s, "required");
  if (const json::value* e = s.if_contains("enum"); e != nullptr && e->is_array()) {
    for (const auto& v : e->as_array()) w.Message(20, AnyYaml(v));
  }
  if (const json::value* ap = s.if_contains("additionalProperties");
      ap != nullptr && ap->is_object()) {
    ProtoWriter item;  // AdditionalPropertiesItem {schema = 1}
    item.Message(1, Schema(ap->as_object()));
    w.Message(21, item);
  }
  if (std::string_view type = Str(s, "type"); !type.empty()) {
    ProtoWriter t;  // TypeItem {repeated value = 1}
    t.String(1, type);
    w.Message(22, t);
  }
  if (const json::value* items = s.if_contains("items"); items != nullptr && items->is_object()) {
    ProtoWriter it;  // ItemsItem {repeated schema = 1}
    it.Message(1, Schema(items->as_object()));
    w.Message(23, it);
  }
  if (const json::value* all = s.if_contains("allOf"); all != nullptr && all->is_array()) {
    for (const auto& sub : all->as_array()) {
      if (sub.is_object()) w.Message(24, Schema(sub.as_object()));
    }
  }
  if (const json::value* props = s.if_contains("properties");
      props != nullptr && props->is_object()) {
    ProtoWriter p;  // Properties {repeated NamedSchema additional_properties = 1}
    for (const auto& kv : props->as_object()) {
      if (!kv.value().is_object()) continue;
      ProtoWriter named;
      named.String(1, kv.key());
      named.Message(2, Schema(kv.value().as_object()));
      p.Message(1, named);
    }
    w.Message(25, p);
  }
  VendorExtensions(w, 31, s);
  return w;
}

// ParametersItem {Parameter parameter = 1}.
ProtoWriter ParametersItem(const json::object& p) {
  ProtoWriter param;  // Parameter (oneof)
  std::string_view in = Str(p, "in");
  if (in == "body") {
    ProtoWriter body;  // BodyParameter
    body.String(1, Str(p, "description"));
    body.String(2, Str(p, "name"));
    body.String(3, in);
    body.Bool(4, Bool(p, "required"));
    if (const json::value* s = p.if_contains("schema"); s != nullptr && s->is_object()) {
      body.Message(5, Schema(s->as_object()));
    }
    param.Message(1, body);
  } else {
    // Query and path sub-schemas share their first fields and differ in the
    // numbers of type (6 and 5) and uniqueItems (20 and 19).
    const bool path = in == "path";
    ProtoWriter sub;
    sub.Bool(1, Bool(p, "required"));
    sub.String(2, in);
    sub.String(3, Str(p, "description"));
    sub.String(4, Str(p, "name"));
    sub.String(path ? 5 : 6, Str(p, "type"));
    sub.Bool(path ? 19 : 20, Bool(p, "uniqueItems"));
    ProtoWriter non_body;  // NonBodyParameter: query = 3, path = 4
    non_body.Message(path ? 4 : 3, sub);
    param.Message(2, non_body);
  }
  ProtoWriter item;
  item.Message(1, param);
  return item;
}

void Parameters(ProtoWriter& w, int field, const json::object& o) {
  const json::value* params = o.if_contains("parameters");
  if (params == nullptr || !params->is_array()) return;
  for (const auto& p : params->as_array()) {
    if (p.is_object()) w.Message(field, ParametersItem(p.as_object()));
  }
}

ProtoWriter Operation(const json::object& op) {
  ProtoWriter w;
  Strings(w, 1, op, "tags");
  w.String(3, Str(op, "description"));
  w.String(5, Str(op, "operationId"));
  Strings(w, 6, op, "produces");
  Strings(w, 7, op, "consumes");
  Parameters(w, 8, op);
  if (const json::value* rs = op.if_contains("responses"); rs != nullptr && rs->is_object()) {
    ProtoWriter responses;  // Responses {repeated NamedResponseValue response_code = 1}
    for (const auto& kv : rs->as_object()) {
      if (!kv.value().is_object()) continue;
      const json::object& r = kv.value().as_object();
      ProtoWriter response;  // Response
      response.String(1, Str(r, "description"));
      if (const json::value* s = r.if_contains("schema"); s != nullptr && s->is_object()) {
        ProtoWriter schema_item;  // SchemaItem {schema = 1}
        schema_item.Message(1, Schema(s->as_object()));
        response.Message(2, schema_item);
      }
      ProtoWriter value;  // ResponseValue {response = 1}
      value.Message(1, response);
      ProtoWriter named;
      named.String(1, kv.key());
      named.Message(2, value);
      responses.Message(1, named);
    }
    w.Message(9, responses);
  }
  Strings(w, 10, op, "schemes");
  VendorExtensions(w, 13, op);
  return w;
}

ProtoWriter PathItem(const json::object& item) {
  static constexpr std::pair<std::string_view, int> kMethods[] = {
      {"get", 2},     {"put", 3},  {"post", 4}, {"delete", 5},
      {"options", 6}, {"head", 7}, {"patch", 8}};
  ProtoWriter w;
  for (const auto& [method, field] : kMethods) {
    const json::value* op = item.if_contains(method);
    if (op != nullptr && op->is_object()) w.Message(field, Operation(op->as_object()));
  }
  Parameters(w, 9, item);
  VendorExtensions(w, 10, item);
  return w;
}

}  // namespace

std::string SwaggerToProto(const json::object& doc) {
  ProtoWriter w;
  w.String(1, Str(doc, "swagger"));
  if (const json::value* info = doc.if_contains("info"); info != nullptr && info->is_object()) {
    ProtoWriter i;
    i.String(1, Str(info->as_object(), "title"));
    i.String(2, Str(info->as_object(), "version"));
    w.Message(2, i);
  }
  if (const json::value* paths = doc.if_contains("paths"); paths != nullptr && paths->is_object()) {
    ProtoWriter p;  // Paths {repeated NamedPathItem path = 2}
    for (const auto& kv : paths->as_object()) {
      if (!kv.value().is_object()) continue;
      ProtoWriter named;
      named.String(1, kv.key());
      named.Message(2, PathItem(kv.value().as_object()));
      p.Message(2, named);
    }
    w.Message(8, p);
  }
  if (const json::value* defs = doc.if_contains("definitions");
      defs != nullptr && defs->is_object()) {
    ProtoWriter d;  // Definitions {repeated NamedSchema additional_properties = 1}
    for (const auto& kv : defs->as_object()) {
      if (!kv.value().is_object()) continue;
      ProtoWriter named;
      named.String(1, kv.key());
      named.Message(2, Schema(kv.value().as_object()));
      d.Message(1, named);
    }
    w.Message(9, d);
  }
  if (const json::value* sec = doc.if_contains("security"); sec != nullptr && sec->is_array()) {
    for (const auto& req : sec->as_array()) {
      if (!req.is_object()) continue;
      ProtoWriter r;  // SecurityRequirement {repeated NamedStringArray additional_properties = 1}
      for (const auto& kv : req.as_object()) {
        ProtoWriter values;  // StringArray {repeated value = 1}
        if (kv.value().is_array()) {
          for (const auto& s : kv.value().as_array()) {
            if (s.is_string()) values.String(1, s.as_string());
          }
        }
        ProtoWriter named;
        named.String(1, kv.key());
        named.Message(2, values);
        r.Message(1, named);
      }
      w.Message(12, r);
    }
  }
  if (const json::value* defs = doc.if_contains("securityDefinitions");
      defs != nullptr && defs->is_object()) {
    ProtoWriter
        d;  // SecurityDefinitions {repeated NamedSecurityDefinitionsItem additional_properties = 1}
    for (const auto& kv : defs->as_object()) {
      if (!kv.value().is_object() || Str(kv.value().as_object(), "type") != "apiKey") continue;
      const json::object& s = kv.value().as_object();
      ProtoWriter api_key;  // ApiKeySecurity
      api_key.String(1, Str(s, "type"));
      api_key.String(2, Str(s, "name"));
      api_key.String(3, Str(s, "in"));
      api_key.String(4, Str(s, "description"));
      ProtoWriter item;  // SecurityDefinitionsItem {api_key_security = 2}
      item.Message(2, api_key);
      ProtoWriter named;
      named.String(1, kv.key());
      named.Message(2, item);
      d.Message(1, named);
    }
    w.Message(13, d);
  }
  return w.bytes();
}

}  // namespace kubepp::api::openapi
