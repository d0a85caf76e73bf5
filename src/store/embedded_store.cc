#include "store/embedded_store.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <future>
#include <set>
#include <utility>

#include "base/log.h"
#include "store/record_file.h"

namespace kubepp::store {
namespace {

constexpr char kCompacted[] = "etcdserver: mvcc: required revision has been compacted";
constexpr char kFuture[] = "etcdserver: mvcc: required revision is a future revision";
constexpr char kLeaseNotFound[] = "etcdserver: requested lease not found";
constexpr char kClosed[] = "etcdserver: store is closed";
constexpr size_t kSnapshotChunkKeys = 1000;

bool ParseSeq(const std::string& name, const char* prefix, const char* suffix, uint64_t* seq) {
  std::string p = prefix, s = suffix;
  if (name.size() != p.size() + 16 + s.size()) return false;
  if (name.compare(0, p.size(), p) != 0 || name.compare(name.size() - s.size(), s.size(), s) != 0) return false;
  uint64_t v = 0;
  for (size_t i = p.size(); i < p.size() + 16; ++i) {
    char c = name[i];
    int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    if (d < 0) return false;
    v = v * 16 + static_cast<uint64_t>(d);
  }
  *seq = v;
  return true;
}

std::string SeqName(const char* prefix, uint64_t seq, const char* suffix) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%016" PRIx64 "%s", prefix, seq, suffix);
  return buf;
}

KeyValue ToKeyValue(const std::string& key, const Version& v) {
  KeyValue kv;
  kv.key = key;
  kv.value = Bytes(v.value);
  kv.create_revision = v.create;
  kv.mod_revision = v.main;
  kv.version = v.version;
  kv.lease = v.lease;
  return kv;
}

bool InRange(const std::string& k, const std::string& key, const std::string& range_end) {
  if (range_end.empty()) return k == key;
  if (k < key) return false;
  if (range_end.size() == 1 && range_end[0] == '\0') return true;
  return k < range_end;
}

template <typename T>
bool CompareNumbers(T a, T b, Compare::Result r) {
  switch (r) {
    case Compare::Result::kEqual: return a == b;
    case Compare::Result::kGreater: return a > b;
    case Compare::Result::kLess: return a < b;
    case Compare::Result::kNotEqual: return a != b;
  }
  return false;
}

}  // namespace

EmbeddedStore::EmbeddedStore(const EmbeddedOptions& options)
    : options_(options), env_(options.env != nullptr ? options.env : Env::Default()) {
  WatchHub::Options hub_options;
  hub_options.progress_notify_interval_ms = options.progress_notify_interval_ms;
  hub_options.queue_limit = static_cast<size_t>(std::max<int64_t>(2, options.watch_queue_limit));
  hub_ = std::make_shared<WatchHub>(this, hub_options);
}

EmbeddedStore::~EmbeddedStore() { Close(); }

std::string EmbeddedStore::SegmentPath(uint64_t seq) const { return options_.dir + "/" + SeqName("wal-", seq, ".log"); }
std::string EmbeddedStore::SnapshotPath(uint64_t seq) const { return options_.dir + "/" + SeqName("snap-", seq, ".snap"); }

// ---------------------------------------------------------------- recovery

Status EmbeddedStore::Open() {
  KUBEPP_RETURN_IF_ERROR(Recover());
  durable_rev_ = index_.current_revision();
  hub_->Start(durable_rev_);
  committer_ = std::thread([this] { CommitterLoop(); });
  replier_ = std::thread([this] { ReplierLoop(); });
  maintenance_ = std::thread([this] { MaintenanceLoop(); });
  return Status::Ok();
}

Status EmbeddedStore::Recover() {
  if (options_.dir.empty()) return Status::Invalid("store: EmbeddedOptions.dir is empty");
  KUBEPP_RETURN_IF_ERROR(env_->CreateDirs(options_.dir));
  auto names = env_->ListDir(options_.dir);
  if (!names.ok()) return names.status();
  std::vector<uint64_t> snaps, segs;
  for (const std::string& name : *names) {
    uint64_t seq;
    if (ParseSeq(name, "snap-", ".snap", &seq)) {
      snaps.push_back(seq);
    } else if (ParseSeq(name, "wal-", ".log", &seq)) {
      segs.push_back(seq);
    } else if (name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0) {
      // A snapshot that never finished: its segments are all still here.
      KUBEPP_RETURN_IF_ERROR(env_->RemoveFile(options_.dir + "/" + name));
    }
  }
  std::sort(snaps.begin(), snaps.end());
  std::sort(segs.begin(), segs.end());
  if (!snaps.empty()) {
    snapshot_seq_ = snaps.back();
    KUBEPP_RETURN_IF_ERROR(LoadSnapshot(SnapshotPath(snapshot_seq_)));
    for (size_t i = 0; i + 1 < snaps.size(); ++i) KUBEPP_RETURN_IF_ERROR(env_->RemoveFile(SnapshotPath(snaps[i])));
  }
  std::vector<uint64_t> replay;
  for (uint64_t seq : segs) {
    if (seq < snapshot_seq_) {
      KUBEPP_RETURN_IF_ERROR(env_->RemoveFile(SegmentPath(seq)));  // covered by the snapshot
    } else {
      replay.push_back(seq);
    }
  }
  // Empty segments at the end (created just before a crash, perhaps with their
  // reserved zeros) hold nothing; dropping them keeps a torn tail in the
  // segment before them recoverable.
  while (replay.size() > 1) {
    auto data = env_->ReadFile(SegmentPath(replay.back()));
    if (!data.ok()) return data.status();
    if (data->find_first_not_of('\0') != std::string::npos) break;  // more than reserved zeros
    KUBEPP_RETURN_IF_ERROR(env_->RemoveFile(SegmentPath(replay.back())));
    replay.pop_back();
  }
  for (size_t i = 0; i < replay.size(); ++i) {
    KUBEPP_RETURN_IF_ERROR(ReplaySegment(SegmentPath(replay[i]), i + 1 == replay.size()));
  }
  // Keys re-join their leases; leases restart their full TTL.
  index_.ForEachLive([this](const std::string& key, const Version& v) { leases_.Attach(v.lease, key); });
  // Keep appending to the newest segment (its torn tail, if any, is gone now).
  uint64_t seq = replay.empty() ? std::max<uint64_t>(snapshot_seq_, 1) : replay.back();
  KUBEPP_RETURN_IF_ERROR(OpenSegment(seq));
  if (!replay.empty()) wal_size_ = last_segment_bytes_;
  KLOG(INFO) << "store: opened " << options_.dir << " at revision " << index_.current_revision()
             << " (compacted " << index_.compact_revision() << ", " << index_.live_keys() << " keys, "
             << leases_.size() << " leases, " << replay.size() << " WAL segments replayed)";
  return Status::Ok();
}

Status EmbeddedStore::OpenSegment(uint64_t seq) {
  auto f = env_->NewAppendableFile(SegmentPath(seq));
  if (!f.ok()) return f.status();
  KUBEPP_RETURN_IF_ERROR(env_->SyncDir(options_.dir));
  wal_ = std::move(f).value();
  wal_seq_ = seq;
  wal_size_ = 0;
  return Status::Ok();
}

Status EmbeddedStore::LoadSnapshot(const std::string& path) {
  auto data = env_->ReadFile(path);
  if (!data.ok()) return data.status();
  auto parsed = ParseRecords(*data, path);
  if (!parsed.ok()) return parsed.status();
  if (parsed->torn_tail) {
    return Status::DataLoss("store: snapshot " + path + " is truncated at byte offset " +
                            std::to_string(parsed->valid_bytes));
  }
  SnapHeader header;
  bool have_header = false, have_end = false;
  int64_t keys = 0;
  int64_t now = env_->NowMicros();
  for (std::string_view payload : parsed->payloads) {
    uint64_t offset = static_cast<uint64_t>(payload.data() - data->data()) - kRecordHeaderSize;
    auto bad = [&](const Status& s) {
      return Status::DataLoss(s.message() + " in " + path + " at byte offset " + std::to_string(offset));
    };
    PayloadReader r(payload);
    RecordType type = r.type();
    if (type == RecordType::kSnapHeader) {
      auto h = DecodeSnapHeader(r);
      if (!h.ok()) return bad(h.status());
      header = *h;
      have_header = true;
    } else if (type == RecordType::kSnapLease) {
      auto l = DecodeLease(r);
      if (!l.ok()) return bad(l.status());
      leases_.Grant(l->id, l->ttl, now);
    } else if (type == RecordType::kSnapKeys) {
      auto k = DecodeSnapKeys(r);
      if (!k.ok()) return bad(k.status());
      for (auto& kv : *k) {
        if (kv.versions.empty()) continue;
        ++keys;
        index_.Import(kv.key, std::move(kv.versions));
      }
    } else if (type == RecordType::kSnapEnd) {
      have_end = true;
    } else {
      return bad(Status::DataLoss("store: unknown snapshot record type " + std::to_string(static_cast<int>(type))));
    }
  }
  if (!have_header || !have_end) return Status::DataLoss("store: snapshot " + path + " is incomplete");
  index_.FinishImport(header.current_rev, header.compact_rev);
  return Status::Ok();
}

Status EmbeddedStore::ReplaySegment(const std::string& path, bool last) {
  auto data = env_->ReadFile(path);
  if (!data.ok()) return data.status();
  auto parsed = ParseRecords(*data, path);
  if (!parsed.ok()) return parsed.status();
  int64_t now = env_->NowMicros();
  for (std::string_view payload : parsed->payloads) {
    uint64_t offset = static_cast<uint64_t>(payload.data() - data->data()) - kRecordHeaderSize;
    auto bad = [&](const Status& s) {
      return Status::DataLoss(s.message() + " in " + path + " at byte offset " + std::to_string(offset));
    };
    PayloadReader r(payload);
    RecordType type = r.type();
    if (type == RecordType::kTxn) {
      auto t = DecodeTxn(r);
      if (!t.ok()) return bad(t.status());
      if (!t->mutations.empty()) {
        if (t->rev <= index_.current_revision()) continue;  // already in the snapshot
        if (t->rev != index_.current_revision() + 1) {
          return bad(Status::DataLoss("store: WAL jumps from revision " +
                                      std::to_string(index_.current_revision()) + " to " + std::to_string(t->rev)));
        }
        int64_t sub = 0;
        for (const Mutation& m : t->mutations) {
          const Version* old = index_.Latest(m.key);
          if (m.is_delete && (old == nullptr || old->tombstone())) {
            return bad(Status::DataLoss("store: WAL deletes missing key \"" + m.key + "\" at revision " +
                                        std::to_string(t->rev)));
          }
          ApplyMutationLocked(m, t->rev, sub++);
        }
        index_.SetCurrent(t->rev);
      }
      for (int64_t id : t->revoked_leases) leases_.Remove(id);
    } else if (type == RecordType::kCompact) {
      int64_t rev = r.Int();
      if (!r.ok() || !r.done()) return bad(Status::DataLoss("store: malformed compact record"));
      if (rev > index_.compact_revision() && rev <= index_.current_revision()) index_.Compact(rev);
    } else if (type == RecordType::kLeaseGrant) {
      auto l = DecodeLease(r);
      if (!l.ok()) return bad(l.status());
      leases_.Grant(l->id, l->ttl, now);
    } else {
      return bad(Status::DataLoss("store: unknown WAL record type " + std::to_string(static_cast<int>(type))));
    }
  }
  wal_bytes_since_snapshot_ += static_cast<int64_t>(parsed->valid_bytes);
  last_segment_bytes_ = parsed->valid_bytes;
  if (parsed->zero_tail && last) {
    // Reserved zeros: appends go on from the last record, so they must go.
    KUBEPP_RETURN_IF_ERROR(env_->TruncateFile(path, parsed->valid_bytes));
  }
  if (parsed->torn_tail) {
    if (!last) {
      return Status::DataLoss("store: incomplete record in " + path + " at byte offset " +
                              std::to_string(parsed->valid_bytes) + ", but newer WAL segments follow it");
    }
    KLOG(WARNING) << "store: truncating the torn tail of " << path << " at byte offset " << parsed->valid_bytes
                  << " (" << (data->size() - parsed->valid_bytes) << " bytes of an incomplete last write)";
    KUBEPP_RETURN_IF_ERROR(env_->TruncateFile(path, parsed->valid_bytes));
  }
  return Status::Ok();
}

// ---------------------------------------------------------------- writes

Status EmbeddedStore::AppendLocked(const std::string& payload) {
  if (!broken_.ok()) return broken_;
  const size_t start = wal_buffer_.size();
  AppendRecord(payload, &wal_buffer_);
  const size_t size = wal_buffer_.size() - start;
  // Within the zeros reserved after the segment's end a write cannot run out of space, so the
  // record waits in wal_buffer_ and the committer writes its whole group with one write(2).
  // Beyond them the record is written now, so that a full disk fails this write with nothing
  // applied.
  if (wal_->reserved() < wal_buffer_.size()) {
    std::string record = wal_buffer_.substr(start);
    wal_buffer_.resize(start);
    KUBEPP_RETURN_IF_ERROR(FlushWalBufferLocked());
    Status s = wal_->Append(record);
    if (!s.ok()) {
      // Cut a partial record off so the WAL stays a clean sequence of records.
      Status t = wal_->Truncate(wal_size_);
      if (!t.ok()) {
        broken_ =
            Status::Unavailable("etcdserver: WAL is unusable after a failed write: " + t.message());
        KLOG(ERROR) << "store: " << broken_.message();
      }
      KLOG(WARNING) << "store: WAL append failed, nothing applied: " << s.message();
      return Status::Unavailable(
          "etcdserver: mvcc: database space exceeded: cannot write the WAL (disk full?): " +
          s.message());
    }
  }
  wal_size_ += size;
  wal_bytes_since_snapshot_ += static_cast<int64_t>(size);
  unsynced_ = true;
  return Status::Ok();
}

Status EmbeddedStore::FlushWalBufferLocked() {
  if (wal_buffer_.empty()) return Status::Ok();
  Status s = wal_->Append(wal_buffer_);
  wal_buffer_.clear();
  if (!s.ok()) {
    // Its records are applied already and their writes not yet answered: they fail with the
    // next group (buffer_lost_), and the store refuses writes, as after a failed fsync.
    broken_ = Status::Unavailable("etcdserver: WAL write failed, refusing writes: " + s.message());
    buffer_lost_ = true;
    KLOG(ERROR) << "store: " << broken_.message();
  }
  return s.ok() ? s : broken_;
}

ChangeEvent EmbeddedStore::ApplyMutationLocked(const Mutation& m, int64_t rev, int64_t sub) {
  const Version* old = index_.Latest(m.key);
  int64_t old_lease = (old != nullptr && !old->tombstone()) ? old->lease : 0;
  if (m.is_delete) {
    leases_.Detach(old_lease, m.key);
    return index_.Delete(m.key, rev, sub);
  }
  if (old_lease != m.lease) leases_.Detach(old_lease, m.key);
  leases_.Attach(m.lease, m.key);
  return index_.Put(m.key, m.value, m.lease, rev, sub);
}

void EmbeddedStore::AddPendingLocked(Pending done) {
  pending_.push_back(std::move(done));
  // The committer waits for a group's first write, and, lingering, for its last; the writes in
  // between would only wake it to go back to sleep.
  if (pending_.size() == 1 || pending_.size() >= LingerTargetLocked()) commit_cv_.notify_one();
}

bool EmbeddedStore::CompareLocked(const Compare& c) {
  const Version* v = index_.Latest(c.key);
  bool exists = v != nullptr && !v->tombstone();
  if (c.target == Compare::Target::kValue) {
    if (!exists) return false;  // a missing key has no value to compare
    return CompareNumbers<std::string_view>(*MvccIndex::WholeValue(*v), c.value, c.result);
  }
  int64_t n = 0;
  if (exists) {
    switch (c.target) {
      case Compare::Target::kVersion: n = v->version; break;
      case Compare::Target::kCreate: n = v->create; break;
      case Compare::Target::kMod: n = v->main; break;
      case Compare::Target::kLease: n = v->lease; break;
      case Compare::Target::kValue: break;
    }
  }
  return CompareNumbers<int64_t>(n, c.number, c.result);
}

void EmbeddedStore::Txn(TxnRequest req, WriteCallback done) {
  std::unique_lock<std::mutex> lock(mu_);
  auto fail = [&](Status s) {
    lock.unlock();
    done(std::move(s));
  };
  if (closed_) return fail(Status::Unavailable(kClosed));
  bool succeeded = true;
  for (const Compare& c : req.compare) {
    if (!CompareLocked(c)) {
      succeeded = false;
      break;
    }
  }
  std::vector<Op>& ops = succeeded ? req.success : req.failure;

  // Resolve the writes first: the WAL record must be complete before anything is applied.
  std::set<std::string_view> put_keys;
  std::vector<const Op*> deletes;
  for (const Op& op : ops) {
    if (op.type == Op::Type::kPut) {
      if (!put_keys.insert(op.key).second) return fail(Status::BadRequest("etcdserver: duplicate key given in txn request"));
      if (op.lease != 0 && !leases_.Contains(op.lease)) return fail(Status::NotFound(kLeaseNotFound));
    } else if (op.type == Op::Type::kDelete) {
      deletes.push_back(&op);
    } else if (op.range.revision != 0) {
      if (op.range.revision < index_.compact_revision()) return fail(Status::Gone(kCompacted));
      if (op.range.revision > durable_rev_) return fail(Status::BadRequest(kFuture));
    }
  }
  for (const Op* d : deletes) {
    for (std::string_view k : put_keys) {
      if (InRange(std::string(k), d->key, d->range_end)) {
        return fail(Status::BadRequest("etcdserver: duplicate key given in txn request"));
      }
    }
  }
  TxnRecord record;
  record.rev = index_.current_revision() + 1;
  std::vector<std::pair<size_t, size_t>> op_mutations(ops.size());
  std::set<std::string> deleted;
  for (size_t i = 0; i < ops.size(); ++i) {
    Op& op = ops[i];
    op_mutations[i].first = record.mutations.size();
    if (op.type == Op::Type::kPut) {
      Mutation m;
      m.key = std::move(op.key);  // put_keys is not used after this point
      m.value = std::make_shared<const std::string>(std::move(op.value));
      m.lease = op.lease;
      record.mutations.push_back(std::move(m));
    } else if (op.type == Op::Type::kDelete) {
      for (std::string& k : index_.LiveKeys(op.key, op.range_end)) {
        if (!deleted.insert(k).second) continue;  // an earlier delete of this txn took it
        Mutation m;
        m.is_delete = true;
        m.key = std::move(k);
        record.mutations.push_back(std::move(m));
      }
    }
    op_mutations[i].second = record.mutations.size();
  }

  TxnResponse resp;
  resp.succeeded = succeeded;
  resp.results.resize(ops.size());
  bool writes = !record.mutations.empty();
  if (writes) {
    Status s = AppendLocked(EncodeTxn(record));
    if (!s.ok()) return fail(std::move(s));
  }
  int64_t rev = writes ? record.rev : index_.current_revision();
  int64_t sub = 0;
  for (size_t i = 0; i < ops.size(); ++i) {
    const Op& op = ops[i];
    OpResult& result = resp.results[i];
    if (op.type == Op::Type::kRange) {
      result.range = index_.Range(op.range, op.range.revision != 0 ? op.range.revision : rev);
      continue;
    }
    for (size_t j = op_mutations[i].first; j < op_mutations[i].second; ++j) {
      Mutation& m = record.mutations[j];
      ChangeEvent e = ApplyMutationLocked(m, rev, sub++);
      if (op.prev_kv && e.prev.version != 0) result.prev_kvs.push_back(ToKeyValue(m.key, e.prev));
      if (m.is_delete) ++result.deleted;
      pending_events_.push_back(PublishedEvent{std::move(m.key), std::move(e.version), std::move(e.prev)});
    }
  }
  if (writes) index_.SetCurrent(rev);
  resp.revision = rev;
  if (!writes && durable_rev_ >= index_.current_revision()) {
    // Nothing newer than what is durable was read: answer now.
    lock.unlock();
    done(std::move(resp));
    return;
  }
  // Either our own record, or a read of not-yet-durable state: reply after the fsync.
  Pending reply = [resp = std::move(resp), done = std::move(done)](Status s) mutable {
    if (s.ok()) {
      done(std::move(resp));
    } else {
      done(std::move(s));
    }
  };
  if (!options_.writers_commit || committing_ || !pending_.empty())
    return AddPendingLocked(std::move(reply));
  // Nothing else is waiting for the disk: this thread commits its own write rather than wake
  // the committer and then be woken by it. Writes that arrive meanwhile gather for the
  // committer's next group.
  pending_.push_back(std::move(reply));
  CommittedGroup group = CommitGroupLocked(lock);
  lock.unlock();
  for (Pending& cb : group.callbacks) cb(group.status);
}

Status EmbeddedStore::WaitDurable(std::unique_lock<std::mutex>& lock) {
  std::promise<Status> promise;
  auto result = promise.get_future();
  AddPendingLocked([&promise](Status s) { promise.set_value(std::move(s)); });
  lock.unlock();
  return result.get();
}

// ---------------------------------------------------------------- reads

StatusOr<RangeResponse> EmbeddedStore::Range(const RangeRequest& req) {
  MvccIndex::RangeRefs refs;
  int64_t rev;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return Status::Unavailable(kClosed);
    rev = req.revision == 0 ? durable_rev_ : req.revision;
    if (rev > durable_rev_) return Status::BadRequest(kFuture);
    if (rev < index_.compact_revision()) return Status::Gone(kCompacted);
    refs = index_.RangeShared(req, rev);
  }
  // Values are copied without the lock, so big lists do not stall writers.
  return MvccIndex::Materialize(std::move(refs), req, rev);
}

StatusOr<int64_t> EmbeddedStore::ReadEvents(const WatchRequest& range, int64_t from, int64_t to, size_t max_events,
                                            std::vector<Event>* out, int64_t* compact_rev) {
  std::lock_guard<std::mutex> lock(mu_);
  *compact_rev = index_.compact_revision();
  if (from < index_.compact_revision()) return Status::Gone(kCompacted);
  std::vector<ChangeEvent> changes;
  int64_t covered = index_.Events(range.key, range.range_end, from, std::min(to, durable_rev_), max_events, &changes);
  out->reserve(out->size() + changes.size());
  for (const ChangeEvent& c : changes) out->push_back(ToEvent(*c.key, c.version, c.prev, range.prev_kv));
  return covered;
}

std::unique_ptr<WatchHandle> EmbeddedStore::Watch(const WatchRequest& req, WatchCallback cb) {
  return hub_->Watch(req, std::move(cb));
}

int64_t EmbeddedStore::CurrentRevision() {
  std::lock_guard<std::mutex> lock(mu_);
  return durable_rev_;
}

StoreStats EmbeddedStore::Stats() {
  StoreStats s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    s.revision = durable_rev_;
    s.compact_revision = index_.compact_revision();
    s.keys = index_.live_keys();
    s.db_size_bytes = index_.bytes() + wal_bytes_since_snapshot_;
    s.commit_groups = commit_groups_;
    s.committed_writes = committed_writes_;
    s.commit_lingers = commit_lingers_;
  }
  s.watchers = hub_->watchers();
  return s;
}

// ---------------------------------------------------------------- leases

StatusOr<int64_t> EmbeddedStore::LeaseGrant(int64_t ttl_seconds, int64_t id) {
  std::unique_lock<std::mutex> lock(mu_);
  if (closed_) return Status::Unavailable(kClosed);
  if (id < 0) return Status::BadRequest("etcdserver: lease ID must be positive");
  if (id == 0) {
    do {
      id = static_cast<int64_t>(rng_() >> 1);
    } while (id == 0 || leases_.Contains(id));
  } else if (leases_.Contains(id)) {
    return Status::AlreadyExists("etcdserver: lease already exists");
  }
  int64_t ttl = std::max<int64_t>(1, ttl_seconds);
  KUBEPP_RETURN_IF_ERROR(AppendLocked(EncodeLease(RecordType::kLeaseGrant, {id, ttl})));
  leases_.Grant(id, ttl, env_->NowMicros());
  KUBEPP_RETURN_IF_ERROR(WaitDurable(lock));
  return id;
}

StatusOr<int64_t> EmbeddedStore::LeaseKeepAlive(int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) return Status::Unavailable(kClosed);
  LeaseTable::Lease* l = leases_.Find(id);
  int64_t now = env_->NowMicros();
  // Like etcd, an expired lease cannot be renewed even before it is revoked.
  if (l == nullptr || l->deadline_us <= now) return Status::NotFound(kLeaseNotFound);
  l->deadline_us = now + l->ttl * 1000000;
  return l->ttl;
}

StatusOr<int64_t> EmbeddedStore::LeaseTimeToLive(int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) return Status::Unavailable(kClosed);
  LeaseTable::Lease* l = leases_.Find(id);
  if (l == nullptr) return Status::NotFound(kLeaseNotFound);
  int64_t left_us = l->deadline_us - env_->NowMicros();
  if (left_us <= 0) return int64_t{0};
  return (left_us + 999999) / 1000000;
}

Status EmbeddedStore::RevokeLocked(int64_t id, Pending done) {
  LeaseTable::Lease* l = leases_.Find(id);
  if (l == nullptr) return Status::NotFound(kLeaseNotFound);
  TxnRecord record;
  record.rev = index_.current_revision() + 1;
  record.revoked_leases.push_back(id);
  for (const std::string& key : l->keys) {
    Mutation m;
    m.is_delete = true;
    m.key = key;
    record.mutations.push_back(std::move(m));
  }
  KUBEPP_RETURN_IF_ERROR(AppendLocked(EncodeTxn(record)));
  int64_t sub = 0;
  for (const Mutation& m : record.mutations) {
    ChangeEvent e = ApplyMutationLocked(m, record.rev, sub++);
    pending_events_.push_back(PublishedEvent{m.key, std::move(e.version), std::move(e.prev)});
  }
  if (!record.mutations.empty()) index_.SetCurrent(record.rev);
  leases_.Remove(id);
  AddPendingLocked(std::move(done));
  return Status::Ok();
}

Status EmbeddedStore::LeaseRevoke(int64_t id) {
  std::promise<Status> promise;
  auto result = promise.get_future();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return Status::Unavailable(kClosed);
    KUBEPP_RETURN_IF_ERROR(RevokeLocked(id, [&promise](Status s) { promise.set_value(std::move(s)); }));
  }
  return result.get();
}

// ---------------------------------------------------------------- compaction

Status EmbeddedStore::Compact(int64_t revision) {
  std::unique_lock<std::mutex> lock(mu_);
  if (closed_) return Status::Unavailable(kClosed);
  if (revision <= index_.compact_revision()) return Status::Gone(kCompacted);
  if (revision > durable_rev_) return Status::BadRequest(kFuture);
  KUBEPP_RETURN_IF_ERROR(AppendLocked(EncodeCompact(revision)));
  index_.Compact(revision);
  VLOG(2) << "store: compacted at revision " << revision;
  return WaitDurable(lock);
}

// ---------------------------------------------------------------- threads

EmbeddedStore::CommittedGroup EmbeddedStore::CommitGroupLocked(std::unique_lock<std::mutex>& lock) {
  committing_ = true;
  CommittedGroup group;
  group.callbacks.swap(pending_);
  last_group_writes_ = group.callbacks.size();
  ++commit_groups_;
  committed_writes_ += static_cast<int64_t>(last_group_writes_);
  std::vector<PublishedEvent> events;
  events.swap(pending_events_);
  std::vector<std::unique_ptr<WritableFile>> retired;
  retired.swap(retired_);
  (void)FlushWalBufferLocked();  // a failure sets buffer_lost_
  bool lost = std::exchange(buffer_lost_, false);
  WritableFile* wal = wal_.get();
  int64_t target = index_.current_revision();
  bool had_data = unsynced_;
  unsynced_ = false;
  lock.unlock();

  // Everything appended before we took the lock is covered by these syncs.
  Status s;
  if (options_.fsync && had_data) {
    for (auto& f : retired) {
      if (s.ok()) s = f->Sync();
    }
    if (s.ok()) s = wal->Sync();
  }
  for (auto& f : retired) f->Close();
  retired.clear();

  lock.lock();
  if (lost) {
    s = broken_;  // some of this group's records never reached the file
  } else if (!s.ok()) {
    broken_ = Status::Unavailable("etcdserver: WAL fsync failed, refusing writes: " + s.message());
    KLOG(ERROR) << "store: " << broken_.message();
    s = broken_;
  } else {
    durable_rev_ = std::max(durable_rev_, target);
  }
  int64_t published = durable_rev_;
  lock.unlock();
  // Still committing_: groups are published in revision order.
  if (s.ok()) hub_->Publish(published, std::move(events));
  lock.lock();
  committing_ = false;
  // The committer waits while another thread commits: for what came in meanwhile, and, once
  // Close has asked it to stop, to stop (it re-checks only when notified).
  if (!pending_.empty() || unsynced_ || stop_committer_) commit_cv_.notify_one();
  group.status = std::move(s);
  return group;
}

size_t EmbeddedStore::LingerTargetLocked() const {
  // As many writes as the last group had: writers that wait for their answers before they write
  // again (a closed loop) are all back by then, and none waits out the deadline.
  return std::min(options_.commit_linger_writes, std::max<size_t>(2, last_group_writes_));
}

bool EmbeddedStore::LingersLocked() const {
  return options_.commit_linger_us > 0 && options_.fsync && !stop_committer_ &&
         last_group_writes_ > 1 && !pending_.empty() && pending_.size() < LingerTargetLocked();
}

void EmbeddedStore::CommitterLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    commit_cv_.wait(lock, [this] {
      return !committing_ && (stop_committer_ || !pending_.empty() || unsynced_);
    });
    if (pending_.empty() && !unsynced_ && stop_committer_) break;
    if (LingersLocked()) {
      ++commit_lingers_;
      auto until =
          std::chrono::steady_clock::now() + std::chrono::microseconds(options_.commit_linger_us);
      commit_cv_.wait_until(lock, until, [this] {
        return stop_committer_ || pending_.size() >= LingerTargetLocked();
      });
      if (committing_) continue;  // a writer took the group meanwhile (writers_commit)
    }
    CommittedGroup group = CommitGroupLocked(lock);
    lock.unlock();
    if (!group.callbacks.empty()) {
      bool inline_reply = false;
      {
        std::lock_guard<std::mutex> reply_lock(reply_mu_);
        // A lone reply with the replier idle: answering it here saves a thread wake-up on
        // the write's path, and delays the next fsync by one reply only. Where writers
        // commit (writers_commit), answering here delays no fsync at all: a write that comes
        // meanwhile finds the store idle and commits itself. Nor where the committer lingers:
        // the next group would wait for company anyway.
        inline_reply = (options_.writers_commit || options_.commit_linger_us > 0 ||
                        group.callbacks.size() == 1) &&
                       replies_.empty() && !replier_busy_;
        if (!inline_reply) replies_.push_back(std::move(group));
      }
      if (inline_reply) {
        for (Pending& cb : group.callbacks) cb(group.status);
        group.callbacks.clear();  // their captures go now, not under mu_
      } else {
        reply_cv_.notify_one();
      }
    }
    lock.lock();
  }
}

void EmbeddedStore::ReplierLoop() {
  std::unique_lock<std::mutex> lock(reply_mu_);
  for (;;) {
    reply_cv_.wait(lock, [this] { return stop_replier_ || !replies_.empty(); });
    if (replies_.empty()) break;  // stopping, and everything is answered
    CommittedGroup group = std::move(replies_.front());
    replies_.pop_front();
    replier_busy_ = true;
    lock.unlock();
    for (Pending& cb : group.callbacks) cb(group.status);
    group.callbacks.clear();  // what they captured goes before the next group's replies
    lock.lock();
    replier_busy_ = false;
  }
}

void EmbeddedStore::MaintenanceLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_maintenance_) {
    maint_cv_.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(1, options_.maintenance_interval_ms)));
    if (stop_maintenance_) break;
    lock.unlock();
    MaintainOnce();
    lock.lock();
  }
}

void EmbeddedStore::MaintainOnce() {
  std::vector<std::future<Status>> waits;
  int64_t compact_to = 0;
  bool snapshot = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    int64_t now = env_->NowMicros();
    // Leases: each expired lease is revoked in its own revision, like etcd.
    for (int64_t id : leases_.Expired(now)) {
      VLOG(2) << "store: lease " << id << " expired";
      auto promise = std::make_shared<std::promise<Status>>();
      waits.push_back(promise->get_future());
      Status s = RevokeLocked(id, [promise](Status st) { promise->set_value(std::move(st)); });
      if (!s.ok()) {
        KLOG(WARNING) << "store: revoking expired lease " << id << ": " << s.message();
        waits.pop_back();
        break;
      }
    }
    // Auto compaction.
    int64_t compacted = index_.compact_revision();
    if (options_.auto_compact_retention_revisions > 0) {
      int64_t target = durable_rev_ - options_.auto_compact_retention_revisions;
      int64_t step = std::max<int64_t>(1, options_.auto_compact_retention_revisions / 10);
      if (target >= compacted + step) compact_to = target;
    }
    if (options_.auto_compact_retention_seconds > 0) {
      if (rev_times_.empty() || rev_times_.back().second != durable_rev_) rev_times_.emplace_back(now, durable_rev_);
      int64_t horizon = now - options_.auto_compact_retention_seconds * 1000000;
      int64_t target = 0;
      while (!rev_times_.empty() && rev_times_.front().first <= horizon) {
        target = rev_times_.front().second;
        rev_times_.pop_front();
      }
      int64_t min_gap_us = std::max<int64_t>(1000000, options_.auto_compact_retention_seconds * 100000);
      if (target > compacted && target > compact_to && now - last_auto_compact_us_ >= min_gap_us) {
        compact_to = target;
        last_auto_compact_us_ = now;
      } else if (target > 0) {
        rev_times_.emplace_front(horizon, target);  // keep it for the next try
      }
    }
    snapshot = wal_bytes_since_snapshot_ >= options_.snapshot_every_bytes && !closed_;
  }
  for (auto& w : waits) w.get();
  if (compact_to > 0) {
    Status s = Compact(compact_to);
    if (!s.ok() && !s.IsGone()) KLOG(WARNING) << "store: auto compaction at " << compact_to << ": " << s.message();
  }
  if (snapshot) {
    Status s = TakeSnapshot();
    if (!s.ok() && s.message() != kClosed) KLOG(ERROR) << "store: snapshot failed: " << s.ToString();
  }
  ReserveWal();
  PackHistory();
  if (options_.compress_values) CompressValues();
}

void EmbeddedStore::ReserveWal() {
  // Zeros for four passes' worth of appends at the last pass's rate, at least 64 KiB and at
  // most 8 MiB (lasting a 100 ms pass at over 50,000 1 KiB puts/s). A segment ends at the next
  // snapshot, so more than an eighth of snapshot_every_bytes would mostly be cut off again.
  // Refilled below half, a MiB per lock hold so that writers wait for one MiB of zeros at most.
  if (!options_.fsync) return;  // reserving buys a cheaper fdatasync; without them it is waste
  constexpr uint64_t kMin = 64 << 10, kStep = 1 << 20;
  const uint64_t max =
      std::clamp<uint64_t>(static_cast<uint64_t>(options_.snapshot_every_bytes) / 8, kMin, 8 << 20);
  bool refill = false;
  uint64_t target = 0;
  for (;;) {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_ || !broken_.ok() || !wal_) return;
    if (target == 0) {
      uint64_t appended =
          wal_size_ >= reserve_mark_ ? wal_size_ - reserve_mark_ : wal_size_;  // or a new segment
      reserve_mark_ = wal_size_;
      target = std::clamp<uint64_t>(4 * appended, kMin, max);
    }
    // Buffered records land on the first reserved zeros.
    uint64_t buffered = wal_buffer_.size();
    uint64_t have = wal_->reserved() > buffered ? wal_->reserved() - buffered : 0;
    if (have >= (refill ? target : target / 2)) return;
    refill = true;
    if (Status s = wal_->Reserve(buffered + std::min(have + kStep, target)); !s.ok()) {
      VLOG(1) << "store: cannot reserve WAL space, appends grow the file: " << s.message();
      return;
    }
  }
}

void EmbeddedStore::PackHistory() {
  // A pass packs about this many keys' new history (a few ms of zstd), so the
  // maintenance thread stays prompt for lease expiry.
  constexpr size_t kKeysPerPass = 2000;
  std::vector<MvccIndex::PackJob> jobs;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    jobs = index_.PackWork(kKeysPerPass);
  }
  if (jobs.empty()) return;
  MvccIndex::Pack(&jobs);
  int64_t saved;
  {
    std::lock_guard<std::mutex> lock(mu_);
    saved = index_.InstallPacked(&jobs);
  }
  VLOG(3) << "store: packed " << jobs.size() << " superseded values, " << saved << " bytes saved";
}

void EmbeddedStore::CompressValues() {
  // As many keys a pass as PackHistory, for the same reason.
  constexpr size_t kKeysPerPass = 2000;
  MvccIndex::CompressBatch batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    batch = index_.CompressWork(kKeysPerPass);
  }
  if (batch.jobs.empty() && batch.train.empty()) return;
  MvccIndex::Compress(&batch);
  for (const auto& t : batch.train) {
    VLOG(1) << "store: values under " << t.family << ": "
            << (t.dict
                    ? "compressed with a dictionary of " + std::to_string(t.dict->size()) + " bytes"
                    : std::string("kept whole (no dictionary halves them)"));
  }
  int64_t saved;
  {
    std::lock_guard<std::mutex> lock(mu_);
    saved = index_.InstallCompressed(&batch);
  }
  VLOG(3) << "store: compressed " << batch.jobs.size() << " values, " << saved << " bytes saved";
}

Status EmbeddedStore::SnapshotNow() { return TakeSnapshot(); }

Status EmbeddedStore::TakeSnapshot() {
  std::lock_guard<std::mutex> one_at_a_time(snapshot_mu_);
  uint64_t seq;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return Status::Unavailable(kClosed);
    seq = wal_seq_ + 1;
  }
  auto f = env_->NewAppendableFile(SegmentPath(seq));
  if (!f.ok()) return f.status();
  KUBEPP_RETURN_IF_ERROR(env_->SyncDir(options_.dir));
  SnapHeader header;
  std::vector<std::pair<int64_t, int64_t>> leases;
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (closed_) return Status::Unavailable(kClosed);  // the committer may be gone
    KUBEPP_RETURN_IF_ERROR(FlushWalBufferLocked());    // its records belong to this segment
    retired_.push_back(std::move(wal_));
    wal_ = std::move(f).value();
    wal_seq_ = seq;
    wal_size_ = 0;
    wal_bytes_since_snapshot_ = 0;
    unsynced_ = true;  // the retired segment still needs its fsync
    header.current_rev = index_.current_revision();
    header.compact_rev = index_.compact_revision();
    leases = leases_.All();
    // The snapshot must not get ahead of the WAL it replaces.
    KUBEPP_RETURN_IF_ERROR(WaitDurable(lock));
  }
  std::string tmp = SnapshotPath(seq) + ".tmp";
  KUBEPP_RETURN_IF_ERROR(env_->RemoveFile(tmp));
  auto out = env_->NewAppendableFile(tmp);
  if (!out.ok()) return out.status();
  std::string buf;
  AppendRecord(EncodeSnapHeader(header), &buf);
  for (const auto& [id, ttl] : leases) AppendRecord(EncodeLease(RecordType::kSnapLease, {id, ttl}), &buf);
  std::string after;
  bool first = true;
  int64_t keys = 0;
  for (;;) {
    std::vector<MvccIndex::KeyVersions> chunk;
    {
      std::lock_guard<std::mutex> lock(mu_);
      chunk = index_.Export(after, first, kSnapshotChunkKeys, header.current_rev);
    }
    MvccIndex::Unpack(&chunk, header.current_rev);
    if (chunk.empty()) break;
    first = false;
    after = chunk.back().key;
    keys += static_cast<int64_t>(chunk.size());
    AppendRecord(EncodeSnapKeys(chunk), &buf);
    if (buf.size() >= (1 << 20)) {
      KUBEPP_RETURN_IF_ERROR((*out)->Append(buf));
      buf.clear();
    }
  }
  AppendRecord(EncodeSnapEnd(keys), &buf);
  KUBEPP_RETURN_IF_ERROR((*out)->Append(buf));
  KUBEPP_RETURN_IF_ERROR((*out)->Sync());
  KUBEPP_RETURN_IF_ERROR((*out)->Close());
  KUBEPP_RETURN_IF_ERROR(env_->Rename(tmp, SnapshotPath(seq)));
  KUBEPP_RETURN_IF_ERROR(env_->SyncDir(options_.dir));
  // Everything before segment `seq` is now in the snapshot.
  auto names = env_->ListDir(options_.dir);
  if (names.ok()) {
    for (const std::string& name : *names) {
      uint64_t s;
      if ((ParseSeq(name, "wal-", ".log", &s) || ParseSeq(name, "snap-", ".snap", &s)) && s < seq) {
        KUBEPP_RETURN_IF_ERROR(env_->RemoveFile(options_.dir + "/" + name));
      }
    }
  }
  snapshot_seq_ = seq;
  KLOG(INFO) << "store: snapshot at revision " << header.current_rev << " (" << keys << " keys) written to "
             << SnapshotPath(seq);
  return Status::Ok();
}

void EmbeddedStore::Close() {
  std::lock_guard<std::mutex> one_at_a_time(close_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    closed_ = true;
    stop_maintenance_ = true;
  }
  maint_cv_.notify_all();
  if (maintenance_.joinable()) maintenance_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_committer_ = true;
  }
  commit_cv_.notify_all();
  if (committer_.joinable()) committer_.join();
  {
    std::lock_guard<std::mutex> lock(reply_mu_);
    stop_replier_ = true;
  }
  reply_cv_.notify_all();
  if (replier_.joinable()) replier_.join();  // answers every write the committer covered
  hub_->Stop();
  std::lock_guard<std::mutex> lock(mu_);
  if (wal_) {
    (void)FlushWalBufferLocked();  // empty: the committer wrote every group before it stopped
    if (options_.fsync) wal_->Sync();
    wal_->Close();
  }
}

StatusOr<std::unique_ptr<Store>> OpenEmbedded(const EmbeddedOptions& options) {
  auto store = std::make_unique<EmbeddedStore>(options);
  Status s = store->Open();
  if (!s.ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace kubepp::store
