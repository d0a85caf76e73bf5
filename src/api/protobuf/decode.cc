// Wire bytes → JSON, driven by the schema. Every length and wire type is
// checked against the input; a mismatch is a BadRequest "proto: ..." error.
#include <bit>
#include <cstring>

#include "api/protobuf/codec.h"
#include "api/protobuf/well_known.h"
#include "api/protobuf/wire.h"

namespace kubepp::api::protobuf {
namespace {

namespace json = boost::json;

constexpr std::string_view kMagic("k8s\0", 4);

Status WrongWireType(std::string_view msg, int number) {
  return Status::BadRequest("proto: wrong wireType for field " + std::to_string(number) + " of " +
                            std::string(msg));
}

WireType ExpectedWireType(WireKind kind) {
  switch (kind) {
    case WireKind::kInt32:
    case WireKind::kInt64:
    case WireKind::kBool:
      return kVarint;
    case WireKind::kDouble:
      return kFixed64;
    case WireKind::kFloat:
      return kFixed32;
    default:
      return kLengthDelimited;
  }
}

// A scalar from a raw number (varint or fixed) of the given kind.
json::value ScalarFromNumber(WireKind kind, uint64_t v, bool* zero) {
  *zero = v == 0;
  switch (kind) {
    case WireKind::kInt32:
      return json::value(static_cast<int64_t>(static_cast<int32_t>(v)));
    case WireKind::kInt64:
      return json::value(static_cast<int64_t>(v));
    case WireKind::kBool:
      return json::value(v != 0);
    case WireKind::kDouble:
      return json::value(std::bit_cast<double>(v));
    case WireKind::kFloat:
      return json::value(static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(v))));
    default:
      return json::value();
  }
}

StatusOr<json::value> DecodeMessageValue(const Message& m, std::string_view data, int depth,
                                         bool* zero);

// One value of a field (scalar or message); *zero tells whether it is the
// zero value that omitempty drops.
StatusOr<json::value> DecodeValue(const ValueType& t, const WireField& wf, const Message& owner,
                                  int depth, bool* zero) {
  if (wf.type != ExpectedWireType(t.kind)) return WrongWireType(owner.name, wf.number);
  switch (t.kind) {
    case WireKind::kString:
      *zero = wf.bytes.empty();
      return json::value(json::string(wf.bytes));
    case WireKind::kBytes:
      *zero = wf.bytes.empty();
      return json::value(json::string(Base64Encode(wf.bytes)));
    case WireKind::kMessage:
      return DecodeMessageValue(*t.message, wf.bytes, depth + 1, zero);
    default:
      return ScalarFromNumber(t.kind, wf.varint, zero);
  }
}

// Reads the few scalar fields of a built-in message (Time, IntOrString, ...).
struct SmallFields {
  uint64_t num[4] = {0, 0, 0, 0};
  std::string_view str[4];
};

Status ReadSmall(const Message& m, std::string_view data, SmallFields* out) {
  WireReader r(data);
  while (!r.done()) {
    WireField wf;
    KUBEPP_RETURN_IF_ERROR(r.Next(&wf));
    if (wf.number > 3) continue;
    if (wf.type == kLengthDelimited) {
      out->str[wf.number] = wf.bytes;
    } else if (wf.type == kVarint) {
      out->num[wf.number] = wf.varint;
    } else {
      return WrongWireType(m.name, wf.number);
    }
  }
  return Status::Ok();
}

// Embedded JSON (RawExtension, FieldsV1); a RawExtension may also hold a
// nested protobuf envelope.
StatusOr<json::value> EmbeddedValue(const Message& m, std::string_view raw, int depth) {
  if (m.special == Special::kRawExtension && raw.substr(0, kMagic.size()) == kMagic) {
    return DecodeEnvelope(raw, nullptr, nullptr, depth + 1);
  }
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(raw.data(), raw.size()), ec);
  if (ec) return Status::BadRequest("proto: " + m.name + " does not hold JSON: " + ec.message());
  return v;
}

StatusOr<json::value> DecodeMessageValue(const Message& m, std::string_view data, int depth,
                                         bool* zero) {
  if (depth > kMaxDepth) return Status::BadRequest("proto: message nesting too deep");
  *zero = false;
  SmallFields f;
  switch (m.special) {
    case Special::kTime:
    case Special::kMicroTime: {
      KUBEPP_RETURN_IF_ERROR(ReadSmall(m, data, &f));
      auto seconds = static_cast<int64_t>(f.num[1]);
      auto nanos = static_cast<int32_t>(f.num[2]);
      if (nanos < 0 || nanos > 999999999)
        return Status::BadRequest("proto: nanos out of range in " + m.name);
      if (seconds < -62135596800 || seconds > 253402300799) {
        return Status::BadRequest("proto: seconds out of range in " + m.name);
      }
      // Zero as the JSON text shows it: Time keeps seconds, MicroTime micros.
      *zero = seconds == 0 && (m.special == Special::kTime || nanos / 1000 == 0);
      return json::value(
          json::string(FormatRfc3339(seconds, nanos, m.special == Special::kMicroTime ? 6 : 0)));
    }
    case Special::kDuration:
      KUBEPP_RETURN_IF_ERROR(ReadSmall(m, data, &f));
      *zero = f.num[1] == 0;
      return json::value(json::string(FormatGoDuration(static_cast<int64_t>(f.num[1]))));
    case Special::kIntOrString: {
      KUBEPP_RETURN_IF_ERROR(ReadSmall(m, data, &f));
      if (f.num[1] == 1) {
        *zero = f.str[3].empty();
        return json::value(json::string(f.str[3]));
      }
      *zero = static_cast<int32_t>(f.num[2]) == 0;
      return json::value(static_cast<int64_t>(static_cast<int32_t>(f.num[2])));
    }
    case Special::kQuantity:
      KUBEPP_RETURN_IF_ERROR(ReadSmall(m, data, &f));
      *zero = f.str[1].empty();
      return json::value(json::string(f.str[1].empty() ? std::string_view("0") : f.str[1]));
    case Special::kFieldsV1:
    case Special::kRawExtension:
      KUBEPP_RETURN_IF_ERROR(ReadSmall(m, data, &f));
      *zero = f.str[1].empty();
      if (*zero) return json::value();
      return EmbeddedValue(m, f.str[1], depth);
    case Special::kListWrapper: {
      json::object holder;
      KUBEPP_RETURN_IF_ERROR(DecodeMessage(m, data, holder, depth));
      json::value* items = holder.if_contains(m.fields.empty() ? "" : m.fields[0].json);
      *zero = items == nullptr;
      return items ? std::move(*items) : json::value(json::array());
    }
    case Special::kNone:
      break;
  }
  json::object obj;
  KUBEPP_RETURN_IF_ERROR(DecodeMessage(m, data, obj, depth));
  return json::value(std::move(obj));
}

// The JSON value of a map entry's value when the entry leaves it out.
json::value MissingMapValue(const ValueType& t) {
  if (t.kind == WireKind::kMessage) {
    if (t.message->special == Special::kQuantity) return json::string("0");
    if (t.message->special == Special::kListWrapper) return json::array();
    if (t.message->special == Special::kNone) return json::object();
    return json::value();
  }
  if (t.kind == WireKind::kString || t.kind == WireKind::kBytes) return json::string();
  if (t.kind == WireKind::kBool) return false;
  return 0;
}

Status DecodeMapEntry(const Message& owner, const Field& f, std::string_view data,
                      json::object& map, int depth) {
  WireReader r(data);
  std::string key;
  json::value value = MissingMapValue(f.map_value);
  while (!r.done()) {
    WireField wf;
    KUBEPP_RETURN_IF_ERROR(r.Next(&wf));
    bool zero = false;
    if (wf.number == 1) {
      auto k = DecodeValue(f.map_key, wf, owner, depth, &zero);
      if (!k.ok()) return k.status();
      if (k->is_string()) {
        key = k->as_string();
      } else {
        key = json::serialize(*k);
      }
    } else if (wf.number == 2) {
      auto v = DecodeValue(f.map_value, wf, owner, depth, &zero);
      if (!v.ok()) return v.status();
      value = std::move(*v);
      // encoding/json writes a zero Time as null.
      if (zero && f.map_value.kind == WireKind::kMessage &&
          (f.map_value.message->special == Special::kTime ||
           f.map_value.message->special == Special::kMicroTime)) {
        value = nullptr;
      }
    }
  }
  map[key] = std::move(value);
  return Status::Ok();
}

// Repeated scalars may arrive packed (one length-delimited run of values).
Status DecodePacked(const Message& owner, const Field& f, std::string_view data, json::array& arr) {
  WireType want = ExpectedWireType(f.type.kind);
  bool zero;
  if (want == kVarint) {
    WireReader r(data);
    while (!r.done()) {
      uint64_t v = 0;
      KUBEPP_RETURN_IF_ERROR(r.ReadVarint(&v));
      arr.push_back(ScalarFromNumber(f.type.kind, v, &zero));
    }
    return Status::Ok();
  }
  size_t width = want == kFixed64 ? 8 : 4;
  if (data.size() % width != 0) return WrongWireType(owner.name, f.number);
  for (size_t at = 0; at < data.size(); at += width) {
    uint64_t v = 0;
    for (size_t i = 0; i < width; ++i)
      v |= static_cast<uint64_t>(static_cast<uint8_t>(data[at + i])) << (8 * i);
    arr.push_back(ScalarFromNumber(f.type.kind, v, &zero));
  }
  return Status::Ok();
}

bool DropsZero(const Field& f) {
  if (f.pointer) return false;
  if (f.omitempty) return true;
  // encoding/json writes these as null; leaving them out reads the same.
  if (f.type.kind == WireKind::kMessage) {
    Special s = f.type.message->special;
    return s == Special::kTime || s == Special::kMicroTime || s == Special::kRawExtension ||
           s == Special::kFieldsV1;
  }
  return false;
}

}  // namespace

Status DecodeMessage(const Message& msg, std::string_view data, json::object& out, int depth) {
  if (depth > kMaxDepth) return Status::BadRequest("proto: message nesting too deep");
  WireReader r(data);
  while (!r.done()) {
    WireField wf;
    KUBEPP_RETURN_IF_ERROR(r.Next(&wf));
    const Field* f = msg.FindNumber(wf.number);
    if (f == nullptr) continue;  // unknown fields are skipped, as proto2 does
    if (f->inline_) {
      if (wf.type != kLengthDelimited) return WrongWireType(msg.name, wf.number);
      KUBEPP_RETURN_IF_ERROR(DecodeMessage(*f->type.message, wf.bytes, out, depth + 1));
      continue;
    }
    if (f->type.kind == WireKind::kMap) {
      if (wf.type != kLengthDelimited) return WrongWireType(msg.name, wf.number);
      json::value& slot = out[f->json];
      if (!slot.is_object()) slot = json::object();
      KUBEPP_RETURN_IF_ERROR(DecodeMapEntry(msg, *f, wf.bytes, slot.as_object(), depth + 1));
      continue;
    }
    if (f->repeated) {
      json::value& slot = out[f->json];
      if (!slot.is_array()) slot = json::array();
      if (wf.type == kLengthDelimited && ExpectedWireType(f->type.kind) != kLengthDelimited) {
        KUBEPP_RETURN_IF_ERROR(DecodePacked(msg, *f, wf.bytes, slot.as_array()));
        continue;
      }
      bool zero;
      auto v = DecodeValue(f->type, wf, msg, depth, &zero);
      if (!v.ok()) return v.status();
      slot.as_array().push_back(std::move(*v));
      continue;
    }
    bool zero = false;
    auto v = DecodeValue(f->type, wf, msg, depth, &zero);
    if (!v.ok()) return v.status();
    if ((zero && DropsZero(*f)) || v->is_null()) {  // null reads the same as absent
      out.erase(f->json);
      continue;
    }
    out[f->json] = std::move(*v);
  }
  return Status::Ok();
}

StatusOr<json::value> DecodeEnvelope(std::string_view body, std::string* api_version,
                                     std::string* kind, int depth) {
  if (depth > kMaxDepth) return Status::BadRequest("proto: message nesting too deep");
  if (body.size() < kMagic.size() || body.substr(0, kMagic.size()) != kMagic) {
    return Status::BadRequest(
        "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
  }
  std::string_view type_meta, raw, content_encoding;
  WireReader r(body.substr(kMagic.size()));
  while (!r.done()) {
    WireField wf;
    KUBEPP_RETURN_IF_ERROR(r.Next(&wf));
    if (wf.number > 4) continue;
    if (wf.type != kLengthDelimited) return WrongWireType("runtime.Unknown", wf.number);
    if (wf.number == 1) type_meta = wf.bytes;
    if (wf.number == 2) raw = wf.bytes;
    if (wf.number == 3) content_encoding = wf.bytes;
  }
  std::string_view av, k;
  WireReader tr(type_meta);
  while (!tr.done()) {
    WireField wf;
    KUBEPP_RETURN_IF_ERROR(tr.Next(&wf));
    if (wf.number > 2) continue;
    if (wf.type != kLengthDelimited) return WrongWireType("runtime.TypeMeta", wf.number);
    (wf.number == 1 ? av : k) = wf.bytes;
  }
  if (api_version) *api_version = std::string(av);
  if (kind) *kind = std::string(k);
  if (!content_encoding.empty()) {
    return Status::UnsupportedMediaType("protobuf content encoding \"" +
                                        std::string(content_encoding) + "\" is not supported");
  }
  if (k.empty()) return Status::BadRequest("Object 'Kind' is missing in protobuf object");
  const Message* m = Schema::Get().FindKind(av, k);
  if (m == nullptr) {
    return Status::UnsupportedMediaType("no kind \"" + std::string(k) +
                                        "\" is registered for version \"" + std::string(av) +
                                        "\" in the protobuf codec");
  }
  json::object fields;
  KUBEPP_RETURN_IF_ERROR(DecodeMessage(*m, raw, fields, depth + 1));
  json::object out;
  out.reserve(fields.size() + 2);
  out["apiVersion"] = json::string(av);
  out["kind"] = json::string(k);
  for (auto& kv : fields) out[kv.key()] = std::move(kv.value());
  return json::value(std::move(out));
}

}  // namespace kubepp::api::protobuf
