#include "etcdapi/wire_encoding.h"

#include <utility>

#include "api/protobuf/wire.h"

namespace kubepp::etcdapi {
namespace {

using api::protobuf::kLengthDelimited;
using api::protobuf::kVarint;
using api::protobuf::VarintSize;
using api::protobuf::WireWriter;

// Field numbers of mvccpb.KeyValue, mvccpb.Event and etcdserverpb.RangeResponse.
enum KeyValueField : int { kKey = 1, kCreateRevision = 2, kModRevision = 3, kVersion = 4, kValue = 5, kLease = 6 };
enum EventField : int { kType = 1, kKv = 2, kPrevKv = 3 };
enum RangeResponseField : int { kHeader = 1, kKvs = 2, kMore = 3, kCount = 4 };

// Every field number here is below 16, so each tag is one byte.
constexpr size_t kTagSize = 1;

// int64 fields are varints of the two's complement; 0 is left out.
size_t Int64FieldSize(int64_t v) { return v == 0 ? 0 : kTagSize + VarintSize(static_cast<uint64_t>(v)); }
void Int64Field(WireWriter& w, int field, int64_t v) {
  if (v != 0) w.VarintField(field, static_cast<uint64_t>(v));
}

// A length-delimited field of `length` bytes.
size_t BytesFieldSize(size_t length) { return kTagSize + VarintSize(length) + length; }
// Bytes fields are left out when empty.
void NonEmptyBytesField(WireWriter& w, int field, std::string_view bytes) {
  if (!bytes.empty()) w.BytesField(field, bytes);
}
// The tag and length of a message field whose body the caller writes next.
void MessageHead(WireWriter& w, int field, size_t length) {
  w.Tag(field, kLengthDelimited);
  w.Varint(length);
}

size_t KeyValueSize(const store::KeyValue& kv) {
  size_t n = 0;
  if (!kv.key.empty()) n += BytesFieldSize(kv.key.size());
  n += Int64FieldSize(kv.create_revision);
  n += Int64FieldSize(kv.mod_revision);
  n += Int64FieldSize(kv.version);
  if (!kv.value.empty()) n += BytesFieldSize(kv.value.size());
  n += Int64FieldSize(kv.lease);
  return n;
}

void KeyValueBody(WireWriter& w, const store::KeyValue& kv) {
  NonEmptyBytesField(w, kKey, kv.key);
  Int64Field(w, kCreateRevision, kv.create_revision);
  Int64Field(w, kModRevision, kv.mod_revision);
  Int64Field(w, kVersion, kv.version);
  NonEmptyBytesField(w, kValue, kv.value.str());
  Int64Field(w, kLease, kv.lease);
}

}  // namespace

void AppendEventEntry(int field_number, const store::Event& event, WireWriter& w) {
  const bool is_delete = event.type == store::Event::Type::kDelete;
  const size_t kv_size = KeyValueSize(event.kv);
  size_t size = (is_delete ? 2 : 0) + BytesFieldSize(kv_size);
  size_t prev_size = 0;
  if (event.has_prev) {
    prev_size = KeyValueSize(event.prev_kv);
    size += BytesFieldSize(prev_size);
  }
  MessageHead(w, field_number, size);
  if (is_delete) w.VarintField(kType, 1);  // PUT is 0, the default, and left out
  MessageHead(w, kKv, kv_size);
  KeyValueBody(w, event.kv);
  if (event.has_prev) {
    MessageHead(w, kPrevKv, prev_size);
    KeyValueBody(w, event.prev_kv);
  }
}

std::string EncodeRangeResponse(const etcdserverpb::ResponseHeader& header, const std::vector<store::KeyValue>& kvs,
                                bool more, int64_t count) {
  const std::string header_bytes = header.SerializeAsString();
  // Sized first: one allocation for what may be tens of megabytes.
  std::vector<size_t> kv_sizes;
  kv_sizes.reserve(kvs.size());
  size_t size = BytesFieldSize(header_bytes.size()) + (more ? 2 : 0) + Int64FieldSize(count);
  for (const store::KeyValue& kv : kvs) {
    kv_sizes.push_back(KeyValueSize(kv));
    size += BytesFieldSize(kv_sizes.back());
  }

  WireWriter w;
  w.out().reserve(size);
  w.BytesField(kHeader, header_bytes);
  for (size_t i = 0; i < kvs.size(); ++i) {
    MessageHead(w, kKvs, kv_sizes[i]);
    KeyValueBody(w, kvs[i]);
  }
  if (more) w.VarintField(kMore, 1);
  Int64Field(w, kCount, count);
  return std::move(w.out());
}

}  // namespace kubepp::etcdapi
