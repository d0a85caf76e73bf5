// The store: a key-value store with etcd v3 semantics.
//
// Every write creates a new main revision of the whole store; the keys a
// transaction touches get sub revisions 0, 1, ... within it. Per key the store
// keeps create_revision, mod_revision and version (1 on create, +1 on each put;
// a delete resets the key). Reads may ask for any revision that has not been
// compacted; the API's resourceVersion is the main revision.
//
// Durability: a write's callback runs only once the write is on disk (WAL
// fsync, shared by every write that arrived while the previous fsync ran).
// Reads and watches only ever see acknowledged (durable) revisions.
//
// This is the only interface the apiserver uses: the embedded engine
// (store/mvcc) and an external etcd cluster (later) both implement it.
//
// Thread safety: every method may be called from any thread concurrently.
// Callbacks (write completion, watch events) run on the store's own threads;
// they must be quick and must not call back into the store synchronously
// while holding their own locks that store calls could wait on.
// (Embedded store: a Txn that fails before writing anything — bad request,
// full disk, closed store — or that only reads durable state completes on the
// calling thread before Txn returns. Never call Close() from a callback.)
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "store/bytes.h"

namespace kubepp::store {

class ValueDictionary;  // value_dictionary.h

struct KeyValue {
  std::string key;
  Bytes value;  // shared with the store: copying a KeyValue does not copy it
  // Not null only for a range with keep_compressed: `value` is compressed
  // with this dictionary, which lives as long as the store.
  const ValueDictionary* compressed_with = nullptr;
  int64_t create_revision = 0;
  int64_t mod_revision = 0;
  int64_t version = 0;
  int64_t lease = 0;
};

// A range is [key, range_end). An empty range_end means the single key `key`;
// range_end "\0" means every key >= key. PrefixEnd(p) gives the end of prefix p.
std::string PrefixEnd(const std::string& prefix);

struct RangeRequest {
  std::string key;
  std::string range_end;
  int64_t revision = 0;    // 0 = the newest durable revision
  int64_t limit = 0;       // 0 = no limit
  bool keys_only = false;
  bool count_only = false;
  // Values the store keeps compressed are handed out so (KeyValue::compressed_with),
  // for a reader that decompresses each where it uses it.
  bool keep_compressed = false;
};

struct RangeResponse {
  std::vector<KeyValue> kvs;  // sorted by key
  bool more = false;          // more keys matched than `limit`
  int64_t count = 0;          // keys that matched in all
  int64_t revision = 0;       // the revision the read was served at
};

struct Compare {
  enum class Target { kVersion, kCreate, kMod, kValue, kLease };
  enum class Result { kEqual, kGreater, kLess, kNotEqual };
  std::string key;
  Target target = Target::kMod;
  Result result = Result::kEqual;
  int64_t number = 0;   // for kVersion/kCreate/kMod/kLease; a missing key has 0
  std::string value;    // for kValue; a missing key never compares equal
};

struct Op {
  enum class Type { kRange, kPut, kDelete };
  Type type = Type::kRange;
  // kRange
  RangeRequest range;
  // kPut
  std::string key;
  std::string value;
  int64_t lease = 0;
  bool prev_kv = false;  // kPut/kDelete: return the previous value(s)
  // kDelete: [key, range_end) as in RangeRequest
  std::string range_end;

  static Op Get(std::string key) { Op o; o.type = Type::kRange; o.range.key = std::move(key); return o; }
  static Op Put(std::string key, std::string value, int64_t lease = 0) {
    Op o; o.type = Type::kPut; o.key = std::move(key); o.value = std::move(value); o.lease = lease; return o;
  }
  static Op Delete(std::string key, std::string range_end = {}) {
    Op o; o.type = Type::kDelete; o.key = std::move(key); o.range_end = std::move(range_end); return o;
  }
};

struct OpResult {
  RangeResponse range;               // kRange
  std::vector<KeyValue> prev_kvs;    // kPut/kDelete with prev_kv
  int64_t deleted = 0;               // kDelete
};

struct TxnRequest {
  std::vector<Compare> compare;
  std::vector<Op> success;
  std::vector<Op> failure;
};

struct TxnResponse {
  bool succeeded = false;
  std::vector<OpResult> results;
  int64_t revision = 0;  // the store's revision after the txn (new if it wrote)
};

struct Event {
  enum class Type { kPut, kDelete };
  Type type = Type::kPut;
  KeyValue kv;        // for kDelete: key and mod_revision (the delete's revision) only
  KeyValue prev_kv;   // set when the watch asked for prev_kv and a previous value existed
  bool has_prev = false;
};

struct WatchRequest {
  std::string key;
  std::string range_end;
  int64_t start_revision = 0;  // 0 = from the next revision on
  bool prev_kv = false;
  bool progress_notify = false;  // periodic empty batches carrying the current revision
};

// What a watch consumer derives from a batch, such as its wire encoding,
// kept with the batch. All synced watchers of one key range receive the very
// same batch, so the first of them to need a value makes it and the others
// reuse it: the work is done once per event, not once per watcher.
class BatchMemo {
 public:
  BatchMemo() = default;
  // A copied batch starts with nothing memoized: values are only a cache.
  BatchMemo(const BatchMemo&) {}
  BatchMemo& operator=(const BatchMemo&) { return *this; }

  // The value kept under `key` (the address of something static to the
  // consumer, one per kind of value); make() builds it when there is none.
  // Concurrent callers of one key wait for the first one's make().
  template <class T, class Make>
  std::shared_ptr<const T> Get(const void* key, Make&& make) const {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [k, value] : values_) {
      if (k == key) return std::static_pointer_cast<const T>(value);
    }
    std::shared_ptr<const T> value = make();
    values_.emplace_back(key, value);
    return value;
  }

 private:
  mutable std::mutex mu_;
  mutable std::vector<std::pair<const void*, std::shared_ptr<const void>>> values_;
};

// A batch of events, all of one revision or of increasing revisions, in order.
// An empty `events` with `revision` set is a progress notification.
// `status` not OK ends the watch (kGone: start_revision was compacted; the
// watch never starts); `compact_revision` then says the oldest readable one.
struct WatchBatch {
  std::vector<Event> events;
  int64_t revision = 0;
  int64_t compact_revision = 0;
  Status status;
  BatchMemo memo;
};

// Dropping (or Cancel()-ing) the handle stops the watch; no callback runs
// after Cancel() returns.
class WatchHandle {
 public:
  virtual ~WatchHandle() = default;
  virtual void Cancel() = 0;
};

using WriteCallback = std::function<void(StatusOr<TxnResponse>)>;
using WatchCallback = std::function<void(const WatchBatch&)>;

struct StoreStats {
  int64_t revision = 0;
  int64_t compact_revision = 0;
  int64_t keys = 0;
  int64_t db_size_bytes = 0;   // bytes held (values and index, in memory and WAL)
  int64_t watchers = 0;
  // Group commit: groups made durable (at most one fsync each), the writes they carried, and those
  // whose commit waited for more writes to join (EmbeddedOptions::commit_linger_us).
  int64_t commit_groups = 0;
  int64_t committed_writes = 0;
  int64_t commit_lingers = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Reads at a durable revision. kGone ("compacted") below the compact revision;
  // a revision above the newest is an error too (BadRequest "future revision").
  virtual StatusOr<RangeResponse> Range(const RangeRequest& req) = 0;

  // Atomic compare-then-operations. `done` runs once the result is durable
  // (or failed: kUnavailable on a full disk or closed store; nothing applied).
  // A txn that only reads, or whose compares fail and whose failure branch
  // only reads, completes without a new revision.
  virtual void Txn(TxnRequest req, WriteCallback done) = 0;

  // Blocking conveniences over Txn.
  StatusOr<TxnResponse> TxnSync(TxnRequest req);
  StatusOr<TxnResponse> Put(std::string key, std::string value, int64_t lease = 0);
  StatusOr<TxnResponse> Delete(std::string key, std::string range_end = {});

  virtual std::unique_ptr<WatchHandle> Watch(const WatchRequest& req, WatchCallback cb) = 0;

  // Leases: keys attached to a lease are deleted (one revision) when it expires or is revoked.
  virtual StatusOr<int64_t> LeaseGrant(int64_t ttl_seconds, int64_t id = 0) = 0;  // returns the id
  virtual StatusOr<int64_t> LeaseKeepAlive(int64_t id) = 0;                        // returns the ttl
  virtual Status LeaseRevoke(int64_t id) = 0;
  virtual StatusOr<int64_t> LeaseTimeToLive(int64_t id) = 0;                      // seconds left

  // Drops history at or below `revision` (keeping each key's newest value at or below it).
  virtual Status Compact(int64_t revision) = 0;

  virtual int64_t CurrentRevision() = 0;
  virtual StoreStats Stats() = 0;

  // Flushes, closes files, stops background threads. Idempotent.
  virtual void Close() = 0;
};

class Env;  // store/env.h: files and clock, replaceable in tests

struct EmbeddedOptions {
  std::string dir;                         // WAL and snapshots live here
  int64_t snapshot_every_bytes = 64 << 20; // WAL bytes after which a snapshot is taken
  int64_t auto_compact_retention_revisions = 0;  // 0 = off
  int64_t auto_compact_retention_seconds = 300;  // keep 5 minutes of history, like the apiserver's default compaction interval; 0 = off
  bool fsync = true;                       // tests of semantics may turn it off
  // Keep the newest value of each key compressed with a dictionary trained on
  // its key family (mvcc_index.h): a twentieth of the memory for objects such
  // as pods, at the price of decompressing on every read. Worth it where
  // readers take values compressed (RangeRequest::keep_compressed), as the
  // apiserver's LISTs do; the etcd API hands out whole values, so `kubepp
  // store` leaves it off.
  bool compress_values = false;
  // A write that finds nothing else waiting for the disk is committed by the thread that made
  // it, saving the two thread switches of handing it to the committer and back (about a fifth
  // of a lone in-process put's latency here). Worth it where the writer is a thread that may
  // block for an fsync, as the etcd API's connection loops; the apiserver's few I/O threads
  // serve every client, and one blocked for each fsync cost it more than it saved.
  bool writers_commit = false;
  // Under load, the committer waits up to commit_linger_us after a group's first write for more
  // writes to share its fsync: until as many have come as the previous group had (at most
  // commit_linger_writes). Each fsync costs CPU (here about 30 us of the kernel's and three
  // thread switches), which a CPU-bound apiserver pays per group. It waits only while the
  // previous group had company (two writes or more), so a lone writer's latency is untouched.
  // 0 = commit at once.
  int64_t commit_linger_us = 0;
  size_t commit_linger_writes = 8;
  // Added for tests and tuning; the defaults are what production wants.
  Env* env = nullptr;                      // nullptr = the real file system and clock
  int64_t progress_notify_interval_ms = 10 * 60 * 1000;  // etcd sends progress every 10 minutes
  int64_t maintenance_interval_ms = 100;   // lease expiry, auto compaction and snapshot checks
  int64_t watch_queue_limit = 1024;        // batches queued per watcher before it falls behind
};

// Opens (or creates) the embedded store in options.dir, replaying snapshot + WAL.
// Fails with kDataLoss naming file and offset when the WAL is corrupt before its tail.
StatusOr<std::unique_ptr<Store>> OpenEmbedded(const EmbeddedOptions& options);

}  // namespace kubepp::store
