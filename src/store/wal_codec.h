// The payloads of WAL and snapshot records (framing: record_file.h).
//
// ON-DISK FORMAT — DO NOT CHANGE. Integers are unsigned LEB128 varints (int64
// values are stored as their uint64 bit pattern); strings are a varint length
// then the bytes. The first payload byte is the record type:
//
//   WAL segment "wal-<seq hex16>.log":
//     1 kTxn        rev, n, n x {kind(1 put | 2 delete), key, [value, lease] if put},
//                   m, m x revoked lease id
//                   (n == 0: no revision; the record only revokes leases)
//     2 kCompact    rev
//     3 kLeaseGrant id, ttl_seconds
//   Snapshot "snap-<seq hex16>.snap" (covers everything before WAL segment seq):
//     10 kSnapHeader  current_rev, compact_rev
//     11 kSnapLease   id, ttl_seconds
//     12 kSnapKeys    n, n x {key, v, v x {main, sub, create, version, lease,
//                                         tombstone(0|1), [value] if live}}
//     13 kSnapEnd     number of keys written (a snapshot without it is invalid)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/mvcc_index.h"

namespace kubepp::store {

enum class RecordType : uint8_t {
  kTxn = 1,
  kCompact = 2,
  kLeaseGrant = 3,
  kSnapHeader = 10,
  kSnapLease = 11,
  kSnapKeys = 12,
  kSnapEnd = 13,
};

// One resolved write of a transaction: deletes name single keys.
struct Mutation {
  bool is_delete = false;
  std::string key;
  ValuePtr value;  // puts only
  int64_t lease = 0;
};

struct TxnRecord {
  int64_t rev = 0;
  std::vector<Mutation> mutations;
  std::vector<int64_t> revoked_leases;
};

struct LeaseRecord {
  int64_t id = 0;
  int64_t ttl = 0;
};

struct SnapHeader {
  int64_t current_rev = 0;
  int64_t compact_rev = 0;
};

std::string EncodeTxn(const TxnRecord& r);
std::string EncodeCompact(int64_t rev);
std::string EncodeLease(RecordType type, const LeaseRecord& r);  // kLeaseGrant or kSnapLease
std::string EncodeSnapHeader(const SnapHeader& h);
std::string EncodeSnapKeys(const std::vector<MvccIndex::KeyVersions>& keys);
std::string EncodeSnapEnd(int64_t keys);

// Reads payloads; every decoder fails (kDataLoss, "what" in the message) on
// truncated or malformed input instead of reading past it.
class PayloadReader {
 public:
  explicit PayloadReader(std::string_view in) : in_(in) {}
  RecordType type();  // reads the first byte
  uint64_t Varint();
  uint8_t Byte();
  int64_t Int() { return static_cast<int64_t>(Varint()); }
  std::string_view Bytes();
  bool ok() const { return ok_; }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
  bool ok_ = true;
};

StatusOr<TxnRecord> DecodeTxn(PayloadReader& r);
StatusOr<LeaseRecord> DecodeLease(PayloadReader& r);
StatusOr<SnapHeader> DecodeSnapHeader(PayloadReader& r);
StatusOr<std::vector<MvccIndex::KeyVersions>> DecodeSnapKeys(PayloadReader& r);

}  // namespace kubepp::store
