#include "etcdapi/wire_encoding.h"

#include <string_view>
#include <utility>

#include <grpc/slice.h>

namespace kubepp::etcdapi {
namespace {

// Wire types.
constexpr uint32_t kVarint = 0;
constexpr uint32_t kLengthDelimited = 2;

// Field numbers of mvccpb.KeyValue, mvccpb.Event and etcdserverpb.RangeResponse.
enum KeyValueField : uint32_t { kKey = 1, kCreateRevision = 2, kModRevision = 3, kVersion = 4, kValue = 5, kLease = 6 };
enum EventField : uint32_t { kType = 1, kKv = 2, kPrevKv = 3 };
enum RangeResponseField : uint32_t { kHeader = 1, kKvs = 2, kMore = 3, kCount = 4 };

size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

void AppendVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

uint32_t Tag(uint32_t field, uint32_t wire_type) { return (field << 3) | wire_type; }

// int64 fields are varints of the two's complement; 0 is left out.
size_t Int64FieldSize(uint32_t field, int64_t v) {
  return v == 0 ? 0 : VarintSize(Tag(field, kVarint)) + VarintSize(static_cast<uint64_t>(v));
}
void AppendInt64Field(uint32_t field, int64_t v, std::string* out) {
  if (v == 0) return;
  AppendVarint(Tag(field, kVarint), out);
  AppendVarint(static_cast<uint64_t>(v), out);
}

// A bytes or message field; empty bytes are left out (`always` keeps empty messages).
size_t BytesFieldSize(uint32_t field, size_t length) {
  return VarintSize(Tag(field, kLengthDelimited)) + VarintSize(length) + length;
}
void AppendBytesField(uint32_t field, std::string_view bytes, std::string* out) {
  if (bytes.empty()) return;
  AppendVarint(Tag(field, kLengthDelimited), out);
  AppendVarint(bytes.size(), out);
  out->append(bytes);
}
void AppendMessageHead(uint32_t field, size_t length, std::string* out) {
  AppendVarint(Tag(field, kLengthDelimited), out);
  AppendVarint(length, out);
}

size_t KeyValueSize(const store::KeyValue& kv) {
  size_t n = 0;
  if (!kv.key.empty()) n += BytesFieldSize(kKey, kv.key.size());
  n += Int64FieldSize(kCreateRevision, kv.create_revision);
  n += Int64FieldSize(kModRevision, kv.mod_revision);
  n += Int64FieldSize(kVersion, kv.version);
  if (!kv.value.empty()) n += BytesFieldSize(kValue, kv.value.size());
  n += Int64FieldSize(kLease, kv.lease);
  return n;
}

void AppendKeyValue(const store::KeyValue& kv, std::string* out) {
  AppendBytesField(kKey, kv.key, out);
  AppendInt64Field(kCreateRevision, kv.create_revision, out);
  AppendInt64Field(kModRevision, kv.mod_revision, out);
  AppendInt64Field(kVersion, kv.version, out);
  AppendBytesField(kValue, kv.value.str(), out);
  AppendInt64Field(kLease, kv.lease, out);
}

}  // namespace

grpc::Slice OwnedSlice(std::string bytes) {
  auto* owned = new std::string(std::move(bytes));
  grpc_slice s = grpc_slice_new_with_user_data(
      owned->data(), owned->size(), [](void* p) { delete static_cast<std::string*>(p); }, owned);
  return grpc::Slice(s, grpc::Slice::STEAL_REF);
}

void AppendEventEntry(int field_number, const store::Event& event, std::string* out) {
  const bool is_delete = event.type == store::Event::Type::kDelete;
  const size_t kv_size = KeyValueSize(event.kv);
  size_t size = (is_delete ? 2 : 0) + BytesFieldSize(kKv, kv_size);
  size_t prev_size = 0;
  if (event.has_prev) {
    prev_size = KeyValueSize(event.prev_kv);
    size += BytesFieldSize(kPrevKv, prev_size);
  }
  AppendMessageHead(static_cast<uint32_t>(field_number), size, out);
  if (is_delete) {  // PUT is 0, the default, and left out
    AppendVarint(Tag(kType, kVarint), out);
    AppendVarint(1, out);
  }
  AppendMessageHead(kKv, kv_size, out);
  AppendKeyValue(event.kv, out);
  if (event.has_prev) {
    AppendMessageHead(kPrevKv, prev_size, out);
    AppendKeyValue(event.prev_kv, out);
  }
}

std::string EncodeRangeResponse(const etcdserverpb::ResponseHeader& header, const std::vector<store::KeyValue>& kvs,
                                bool more, int64_t count) {
  const std::string header_bytes = header.SerializeAsString();
  size_t size = BytesFieldSize(kHeader, header_bytes.size());
  for (const store::KeyValue& kv : kvs) size += BytesFieldSize(kKvs, KeyValueSize(kv));
  size += more ? 2 : 0;
  size += Int64FieldSize(kCount, count);

  std::string out;
  out.reserve(size);
  AppendMessageHead(kHeader, header_bytes.size(), &out);
  out.append(header_bytes);
  for (const store::KeyValue& kv : kvs) {
    AppendMessageHead(kKvs, KeyValueSize(kv), &out);
    AppendKeyValue(kv, &out);
  }
  if (more) {
    AppendVarint(Tag(kMore, kVarint), &out);
    AppendVarint(1, &out);
  }
  AppendInt64Field(kCount, count, &out);
  return out;
}

}  // namespace kubepp::etcdapi
