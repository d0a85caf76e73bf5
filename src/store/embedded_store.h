// EmbeddedStore: the single-server implementation of Store (see store.h).
//
// Write path: Txn() takes mu_, evaluates the compares against the newest
// applied state, resolves the writes into Mutations, appends one WAL record
// and, only if that succeeded, applies the mutations to the MvccIndex at the
// next revision. A record that fits in the zeros the segment keeps reserved
// after its end (ReserveWal) cannot fail for space and waits in wal_buffer_
// for the committer, which writes its group with one write(2) before the
// fsync; any other record is written at once with its own write(2). The reply
// waits in pending_ until the committer thread's next fsync covers the record;
// the committer then raises durable_rev_, publishes the changes to the
// WatchHub and hands the replies of everything that fsync covered to the
// replier thread (group commit), which runs them in order while the committer
// already syncs the next group: a reply (a gRPC or HTTP answer) costs tens of
// microseconds, and run inline they stretched every group's cycle. A group of one reply, with the
// replier idle, is answered by the committer itself: one thread wake-up less. Reads serve
// durable_rev_, so nobody sees a revision that a crash could take back.
//
// A failed WAL append is cut back off the file and reported as kUnavailable
// with nothing applied; reads go on. A failed fsync leaves the store refusing
// writes (the kernel may have dropped the dirty pages).
//
// Files in options.dir (formats: record_file.h, wal_codec.h):
//   wal-<seq>.log    WAL segments, replayed in seq order
//   snap-<seq>.snap  the state covering every segment before <seq>
// A snapshot is taken by the maintenance thread once snapshot_every_bytes of
// WAL accumulated: rotate to a new segment under mu_, wait until the old one
// is fsynced, write the state at the rotation revision (all retained history,
// read in chunks under mu_) to a .tmp file, fsync, rename, fsync the dir, then
// delete the older snapshots and segments.
//
// Threads: the committer (fsync + publish), the replier, the maintenance thread
// (lease expiry, auto compaction, snapshots) and the WatchHub's delivery
// threads. Lock order: mu_ is a leaf — no callback, hub call or fsync runs
// while it is held (the WAL append does, by design, to keep record order equal
// to revision order).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/env.h"
#include "store/lease_table.h"
#include "store/mvcc_index.h"
#include "store/store.h"
#include "store/wal_codec.h"
#include "store/watch_hub.h"

namespace kubepp::store {

class EmbeddedStore : public Store, public EventSource {
 public:
  explicit EmbeddedStore(const EmbeddedOptions& options);
  ~EmbeddedStore() override;

  // Replays snapshot + WAL and starts the threads.
  Status Open();

  // Store
  StatusOr<RangeResponse> Range(const RangeRequest& req) override;
  void Txn(TxnRequest req, WriteCallback done) override;
  std::unique_ptr<WatchHandle> Watch(const WatchRequest& req, WatchCallback cb) override;
  StatusOr<int64_t> LeaseGrant(int64_t ttl_seconds, int64_t id) override;
  StatusOr<int64_t> LeaseKeepAlive(int64_t id) override;
  Status LeaseRevoke(int64_t id) override;
  StatusOr<int64_t> LeaseTimeToLive(int64_t id) override;
  Status Compact(int64_t revision) override;
  int64_t CurrentRevision() override;
  StoreStats Stats() override;
  void Close() override;

  // EventSource
  StatusOr<int64_t> ReadEvents(const WatchRequest& range, int64_t from, int64_t to, size_t max_events,
                               std::vector<Event>* out, int64_t* compact_rev) override;

  // Test hook: takes a snapshot now (normally the maintenance thread decides).
  Status SnapshotNow();

 private:
  using Pending = std::function<void(Status)>;

  Status Recover();
  Status LoadSnapshot(const std::string& path);
  Status ReplaySegment(const std::string& path, bool last);
  Status OpenSegment(uint64_t seq);

  // Appends one record to the WAL; on failure cuts the file back and returns
  // kUnavailable ("database space exceeded" on ENOSPC).
  Status AppendLocked(const std::string& payload);
  ChangeEvent ApplyMutationLocked(const Mutation& m, int64_t rev, int64_t sub);
  // Queues `done` to run after the next fsync and wakes the committer.
  void AddPendingLocked(Pending done);
  void ReplierLoop();
  // Writes a revocation of `id` (deleting its keys in one revision).
  Status RevokeLocked(int64_t id, Pending done);
  // Blocks until everything written so far is durable (or failed).
  Status WaitDurable(std::unique_lock<std::mutex>& lock);
  bool CompareLocked(const Compare& c);

  void CommitterLoop();
  bool LingersLocked() const;  // the committer should wait for more writes to join the group
  size_t LingerTargetLocked() const;  // the group size at which it stops waiting
  struct CommittedGroup;
  // Makes everything pending durable: writes the buffered records, fsyncs, publishes the
  // events, and hands back the callbacks with their status. One thread at a time runs it
  // (committing_): the committer, or a writer that found the store idle (see Txn). Called and
  // returns with mu_ held by `lock`; it is released around the fsync and the publishing.
  CommittedGroup CommitGroupLocked(std::unique_lock<std::mutex>& lock);
  void MaintenanceLoop();
  void MaintainOnce();
  // Packs the values superseded since the last call (mvcc_index.h): found and
  // installed under mu_, packed without it.
  void PackHistory();
  // Trains dictionaries and compresses newest values (MvccIndex::CompressWork).
  void CompressValues();
  // Keeps zeros reserved after the WAL's end (WritableFile::Reserve).
  void ReserveWal();
  // Writes wal_buffer_ to the WAL; a failure leaves the store broken (see buffer_lost_).
  Status FlushWalBufferLocked();
  Status TakeSnapshot();

  std::string SegmentPath(uint64_t seq) const;
  std::string SnapshotPath(uint64_t seq) const;

  // Constant after construction
  const EmbeddedOptions options_;
  Env* const env_;
  std::shared_ptr<WatchHub> hub_;

  std::mutex mu_;
  std::condition_variable commit_cv_;  // wakes the committer
  std::condition_variable maint_cv_;   // wakes the maintenance thread (to stop)
  // Guarded by mu_
  MvccIndex index_;
  LeaseTable leases_;
  std::unique_ptr<WritableFile> wal_;
  uint64_t wal_seq_ = 0;
  uint64_t wal_size_ = 0;                              // bytes in the current segment
  uint64_t reserve_mark_ = 0;                          // wal_size_ at ReserveWal's last pass
  std::string wal_buffer_;  // records for the reserved zeros, written by the committer; counted in
                            // wal_size_
  bool buffer_lost_ = false;  // writing wal_buffer_ failed: the next group's replies fail
  std::vector<std::unique_ptr<WritableFile>> retired_;  // rotated, not yet fsynced
  int64_t wal_bytes_since_snapshot_ = 0;
  int64_t durable_rev_ = 0;
  bool unsynced_ = false;  // records written since the committer last looked
  std::vector<Pending> pending_;
  bool committing_ = false;  // a thread is in CommitGroupLocked
  size_t last_group_writes_ = 0;  // callbacks the last committed group answered
  int64_t commit_groups_ = 0, committed_writes_ = 0, commit_lingers_ = 0;  // StoreStats
  std::vector<PublishedEvent> pending_events_;
  Status broken_;  // set after a failed fsync: writes are refused
  bool closed_ = false;
  bool stop_maintenance_ = false;
  bool stop_committer_ = false;
  std::mt19937_64 rng_{std::random_device{}()};
  std::deque<std::pair<int64_t, int64_t>> rev_times_;  // (time us, durable rev) for auto compaction
  int64_t last_auto_compact_us_ = 0;

  // Owned by the maintenance thread (and Open/Close).
  uint64_t snapshot_seq_ = 0;  // seq of the newest snapshot, 0 = none
  uint64_t last_segment_bytes_ = 0;  // valid bytes of the last segment replayed
  std::thread committer_;
  std::thread replier_;
  std::thread maintenance_;

  // The committer's finished groups, replied to in order by the replier.
  struct CommittedGroup {
    std::vector<Pending> callbacks;
    Status status;
  };
  std::mutex reply_mu_;  // a leaf: nothing else is taken while it is held
  std::condition_variable reply_cv_;
  std::deque<CommittedGroup> replies_;  // guarded by reply_mu_
  bool stop_replier_ = false;           // guarded by reply_mu_
  bool replier_busy_ = false;           // guarded by reply_mu_: running a group's replies
  std::mutex close_mu_;     // serializes Close()
  std::mutex snapshot_mu_;  // one snapshot at a time; taken before mu_
};

}  // namespace kubepp::store
