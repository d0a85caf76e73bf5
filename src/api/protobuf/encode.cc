// JSON → wire bytes, driven by the schema. Fields go out in ascending field
// number and map entries in key order, as gogo-protobuf writes them, so equal
// objects encode to equal bytes.
#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <vector>

#include "api/protobuf/codec.h"
#include "api/protobuf/protobuf.h"
#include "api/protobuf/well_known.h"
#include "api/protobuf/wire.h"

namespace kubepp::api::protobuf {
namespace {

namespace json = boost::json;

Status TypeError(std::string_view field, std::string_view want) {
  return Status::BadRequest("proto: cannot encode field \"" + std::string(field) + "\": expected " +
                            std::string(want));
}

bool AsInt64(const json::value& v, int64_t* out) {
  if (v.is_int64()) {
    *out = v.get_int64();
    return true;
  }
  if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
    *out = static_cast<int64_t>(v.get_uint64());
    return true;
  }
  if (v.is_double()) {
    double d = v.get_double();
    if (std::trunc(d) != d || d < -9.2e18 || d > 9.2e18) return false;
    *out = static_cast<int64_t>(d);
    return true;
  }
  return false;
}

Status EncodeMessageValue(const Message& m, const json::value& v, std::string_view field,
                          std::string& out, int depth);

// Writes one value of `t` as field `number`.
Status EncodeValue(const ValueType& t, const json::value& v, int number, std::string_view field,
                   WireWriter& w, int depth) {
  switch (t.kind) {
    case WireKind::kString:
      if (!v.is_string()) return TypeError(field, "a string");
      w.BytesField(number, v.get_string());
      return Status::Ok();
    case WireKind::kBytes: {
      if (!v.is_string()) return TypeError(field, "a base64 string");
      std::string bytes;
      if (!Base64Decode(v.get_string(), &bytes)) return TypeError(field, "valid base64");
      w.BytesField(number, bytes);
      return Status::Ok();
    }
    case WireKind::kInt32:
    case WireKind::kInt64: {
      int64_t i = 0;
      if (!AsInt64(v, &i)) return TypeError(field, "an integer");
      if (t.kind == WireKind::kInt32 &&
          (i < std::numeric_limits<int32_t>::min() || i > std::numeric_limits<int32_t>::max())) {
        return TypeError(field, "a 32-bit integer");
      }
      w.VarintField(number,
                    static_cast<uint64_t>(i));  // negative int32 sign-extends, as protobuf does
      return Status::Ok();
    }
    case WireKind::kBool:
      if (!v.is_bool()) return TypeError(field, "a boolean");
      w.VarintField(number, v.get_bool() ? 1 : 0);
      return Status::Ok();
    case WireKind::kDouble:
    case WireKind::kFloat: {
      if (!v.is_number()) return TypeError(field, "a number");
      double d = v.to_number<double>();
      if (t.kind == WireKind::kDouble) {
        w.Fixed64Field(number, std::bit_cast<uint64_t>(d));
      } else {
        w.Fixed32Field(number, std::bit_cast<uint32_t>(static_cast<float>(d)));
      }
      return Status::Ok();
    }
    case WireKind::kMessage: {
      std::string sub;
      KUBEPP_RETURN_IF_ERROR(EncodeMessageValue(*t.message, v, field, sub, depth + 1));
      w.BytesField(number, sub);
      return Status::Ok();
    }
    case WireKind::kMap:
      break;
  }
  return Status::Internal("proto: map where a value was expected");
}

// Raw bytes of an embedded object: a nested envelope when it is a kind we
// know (watch events carry protobuf objects), JSON otherwise.
std::string EmbeddedBytes(const Message& m, const json::value& v, int depth) {
  if (m.special == Special::kRawExtension && v.is_object()) {
    const json::value* av = v.as_object().if_contains("apiVersion");
    const json::value* k = v.as_object().if_contains("kind");
    if (av && k && av->is_string() && k->is_string() &&
        HasProtobufSchema(av->get_string(), k->get_string()) && depth < kMaxDepth) {
      auto bytes = EncodeKubernetesProtobuf(v.as_object());
      if (bytes.ok()) return std::move(*bytes);
    }
  }
  return json::serialize(v);
}

Status EncodeMessageValue(const Message& m, const json::value& v, std::string_view field,
                          std::string& out, int depth) {
  if (depth > kMaxDepth) return Status::BadRequest("proto: object nesting too deep");
  WireWriter w;
  switch (m.special) {
    case Special::kTime:
    case Special::kMicroTime: {
      int64_t seconds = 0;
      int32_t nanos = 0;
      if (!v.is_string() || !ParseRfc3339(v.get_string(), &seconds, &nanos)) {
        return TypeError(field, "an RFC 3339 time");
      }
      w.VarintField(1, static_cast<uint64_t>(seconds));
      w.VarintField(2, static_cast<uint64_t>(static_cast<int64_t>(nanos)));
      break;
    }
    case Special::kDuration: {
      int64_t nanos = 0;
      if (!v.is_string() || !ParseGoDuration(v.get_string(), &nanos))
        return TypeError(field, "a duration");
      w.VarintField(1, static_cast<uint64_t>(nanos));
      break;
    }
    case Special::kIntOrString: {
      int64_t i = 0;
      if (v.is_string()) {
        w.VarintField(1, 1);
        w.VarintField(2, 0);
        w.BytesField(3, v.get_string());
      } else if (AsInt64(v, &i) && i >= std::numeric_limits<int32_t>::min() &&
                 i <= std::numeric_limits<int32_t>::max()) {
        w.VarintField(1, 0);
        w.VarintField(2, static_cast<uint64_t>(i));
        w.BytesField(3, "");
      } else {
        return TypeError(field, "an integer or a string");
      }
      break;
    }
    case Special::kQuantity:
      if (v.is_string()) {
        w.BytesField(1, v.get_string());
      } else if (v.is_number()) {
        w.BytesField(1, json::serialize(v));
      } else {
        return TypeError(field, "a quantity");
      }
      break;
    case Special::kFieldsV1:
    case Special::kRawExtension:
      w.BytesField(1, EmbeddedBytes(m, v, depth));
      break;
    case Special::kListWrapper: {
      if (m.fields.empty() || !v.is_array()) return TypeError(field, "an array");
      for (const json::value& item : v.get_array()) {
        KUBEPP_RETURN_IF_ERROR(EncodeValue(m.fields[0].type, item, 1, field, w, depth));
      }
      break;
    }
    case Special::kNone:
      if (!v.is_object()) return TypeError(field, "an object");
      return EncodeMessage(m, v.get_object(), out, depth);
  }
  out += w.out();
  return Status::Ok();
}

Status EncodeMap(const Field& f, const json::value& v, WireWriter& w, int depth) {
  if (!v.is_object()) return TypeError(f.json, "an object");
  std::vector<const json::key_value_pair*> entries;
  for (const auto& kv : v.get_object()) entries.push_back(&kv);
  std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
  for (const auto* kv : entries) {
    WireWriter entry;
    entry.BytesField(1, kv->key());
    if (!kv->value().is_null()) {
      KUBEPP_RETURN_IF_ERROR(EncodeValue(f.map_value, kv->value(), 2, f.json, entry, depth));
    } else if (f.map_value.kind == WireKind::kMessage) {
      entry.BytesField(2, "");  // a null Time: gogo writes the empty message
    }
    w.BytesField(f.number, entry.out());
  }
  return Status::Ok();
}

}  // namespace

Status EncodeMessage(const Message& msg, const json::object& in, std::string& out, int depth) {
  if (depth > kMaxDepth) return Status::BadRequest("proto: object nesting too deep");
  WireWriter w;
  for (const Field* f : msg.by_number) {
    if (f->inline_) {
      std::string sub;
      KUBEPP_RETURN_IF_ERROR(EncodeMessage(*f->type.message, in, sub, depth + 1));
      w.BytesField(f->number, sub);
      continue;
    }
    const json::value* v = in.if_contains(f->json);
    if (v == nullptr || v->is_null()) continue;
    if (f->type.kind == WireKind::kMap) {
      KUBEPP_RETURN_IF_ERROR(EncodeMap(*f, *v, w, depth + 1));
    } else if (f->repeated) {
      if (!v->is_array()) return TypeError(f->json, "an array");
      for (const json::value& item : v->get_array()) {
        if (item.is_null()) {
          // An empty RawExtension in a list decodes as null; keep its place.
          if (f->type.kind == WireKind::kMessage) w.BytesField(f->number, "");
          continue;
        }
        KUBEPP_RETURN_IF_ERROR(EncodeValue(f->type, item, f->number, f->json, w, depth));
      }
    } else {
      KUBEPP_RETURN_IF_ERROR(EncodeValue(f->type, *v, f->number, f->json, w, depth));
    }
  }
  out += w.out();
  return Status::Ok();
}

}  // namespace kubepp::api::protobuf
