#include "store/wal_codec.h"

#include <memory>

namespace kubepp::store {
namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}
void PutInt(int64_t v, std::string* out) { PutVarint(static_cast<uint64_t>(v), out); }
void PutBytes(std::string_view s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s);
}
void PutType(RecordType t, std::string* out) { out->push_back(static_cast<char>(t)); }

Status Malformed(const char* what) { return Status::DataLoss(std::string("store: malformed ") + what + " record"); }

}  // namespace

RecordType PayloadReader::type() {
  if (in_.empty()) {
    ok_ = false;
    return RecordType{0};
  }
  auto t = static_cast<RecordType>(static_cast<uint8_t>(in_[0]));
  in_.remove_prefix(1);
  return t;
}

uint8_t PayloadReader::Byte() {
  if (in_.empty()) {
    ok_ = false;
    return 0;
  }
  auto b = static_cast<uint8_t>(in_[0]);
  in_.remove_prefix(1);
  return b;
}

uint64_t PayloadReader::Varint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in_.empty()) break;
    auto b = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return v;
  }
  ok_ = false;
  return 0;
}

std::string_view PayloadReader::Bytes() {
  uint64_t n = Varint();
  if (!ok_ || n > in_.size()) {
    ok_ = false;
    return {};
  }
  std::string_view s = in_.substr(0, n);
  in_.remove_prefix(n);
  return s;
}

std::string EncodeTxn(const TxnRecord& r) {
  std::string out;
  PutType(RecordType::kTxn, &out);
  PutInt(r.rev, &out);
  PutVarint(r.mutations.size(), &out);
  for (const Mutation& m : r.mutations) {
    out.push_back(m.is_delete ? 2 : 1);
    PutBytes(m.key, &out);
    if (!m.is_delete) {
      PutBytes(*m.value, &out);
      PutInt(m.lease, &out);
    }
  }
  PutVarint(r.revoked_leases.size(), &out);
  for (int64_t id : r.revoked_leases) PutInt(id, &out);
  return out;
}

std::string EncodeCompact(int64_t rev) {
  std::string out;
  PutType(RecordType::kCompact, &out);
  PutInt(rev, &out);
  return out;
}

std::string EncodeLease(RecordType type, const LeaseRecord& r) {
  std::string out;
  PutType(type, &out);
  PutInt(r.id, &out);
  PutInt(r.ttl, &out);
  return out;
}

std::string EncodeSnapHeader(const SnapHeader& h) {
  std::string out;
  PutType(RecordType::kSnapHeader, &out);
  PutInt(h.current_rev, &out);
  PutInt(h.compact_rev, &out);
  return out;
}

std::string EncodeSnapKeys(const std::vector<MvccIndex::KeyVersions>& keys) {
  std::string out;
  PutType(RecordType::kSnapKeys, &out);
  PutVarint(keys.size(), &out);
  for (const auto& k : keys) {
    PutBytes(k.key, &out);
    PutVarint(k.versions.size(), &out);
    for (const Version& v : k.versions) {
      PutInt(v.main, &out);
      PutInt(v.sub, &out);
      PutInt(v.create, &out);
      PutInt(v.version, &out);
      PutInt(v.lease, &out);
      out.push_back(v.tombstone() ? 1 : 0);
      if (!v.tombstone()) PutBytes(*v.value, &out);
    }
  }
  return out;
}

std::string EncodeSnapEnd(int64_t keys) {
  std::string out;
  PutType(RecordType::kSnapEnd, &out);
  PutInt(keys, &out);
  return out;
}

StatusOr<TxnRecord> DecodeTxn(PayloadReader& r) {
  TxnRecord t;
  t.rev = r.Int();
  uint64_t n = r.Varint();
  for (uint64_t i = 0; r.ok() && i < n; ++i) {
    Mutation m;
    uint8_t kind = r.Byte();
    if (kind != 1 && kind != 2) return Malformed("txn");
    m.is_delete = kind == 2;
    m.key = std::string(r.Bytes());
    if (!m.is_delete) {
      m.value = std::make_shared<const std::string>(r.Bytes());
      m.lease = r.Int();
    }
    t.mutations.push_back(std::move(m));
  }
  uint64_t revoked = r.Varint();
  for (uint64_t i = 0; r.ok() && i < revoked; ++i) t.revoked_leases.push_back(r.Int());
  if (!r.ok() || !r.done()) return Malformed("txn");
  return t;
}

StatusOr<LeaseRecord> DecodeLease(PayloadReader& r) {
  LeaseRecord l;
  l.id = r.Int();
  l.ttl = r.Int();
  if (!r.ok() || !r.done()) return Malformed("lease");
  return l;
}

StatusOr<SnapHeader> DecodeSnapHeader(PayloadReader& r) {
  SnapHeader h;
  h.current_rev = r.Int();
  h.compact_rev = r.Int();
  if (!r.ok() || !r.done()) return Malformed("snapshot header");
  return h;
}

StatusOr<std::vector<MvccIndex::KeyVersions>> DecodeSnapKeys(PayloadReader& r) {
  std::vector<MvccIndex::KeyVersions> out;
  uint64_t n = r.Varint();
  for (uint64_t i = 0; r.ok() && i < n; ++i) {
    MvccIndex::KeyVersions kv;
    kv.key = std::string(r.Bytes());
    uint64_t nv = r.Varint();
    for (uint64_t j = 0; r.ok() && j < nv; ++j) {
      Version v;
      v.main = r.Int();
      v.sub = r.Int();
      v.create = r.Int();
      v.version = r.Int();
      v.lease = r.Int();
      uint8_t tomb = r.Byte();
      if (tomb > 1 || (tomb == 1) != (v.version == 0)) return Malformed("snapshot keys");
      if (tomb == 0) v.value = std::make_shared<const std::string>(r.Bytes());
      kv.versions.push_back(std::move(v));
    }
    out.push_back(std::move(kv));
  }
  if (!r.ok() || !r.done()) return Malformed("snapshot keys");
  return out;
}

}  // namespace kubepp::store
