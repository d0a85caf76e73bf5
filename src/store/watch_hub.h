// WatchHub: fans durable changes out to watchers, like etcd's watchableStore.
//
// Watchers are either
//   - synced: they have seen every published revision; the committer's
//     Publish() matches each change once against the *groups* of synced
//     watchers (a group = watchers with the same key range and prev_kv flag),
//     builds one batch per group and queues the same shared batch on every
//     member, so 1,000 watchers of one prefix cost one match and one batch; or
//   - unsynced: they start in the past, in the future, or fell behind. A
//     delivery thread reads their missed revisions from the store's history
//     (EventSource) in chunks and moves them to synced once caught up.
// A synced watcher whose queue holds `queue_limit` batches becomes unsynced
// (etcd's "victim"), so a slow callback never blocks Publish() — and therefore
// never blocks writers — and its queue stays bounded; it later catches up from
// history, so events are neither lost nor duplicated and stay in order.
//
// Callbacks run on the hub's delivery threads, one batch at a time per
// watcher. Cancel() (or dropping the handle) guarantees that no callback runs
// after it returns, except that a callback may cancel its own watch.
//
// Lock order: the hub never calls the EventSource while holding mu_, and the
// store never calls the hub while holding its own mutex, so the two are never
// nested. A watcher's cb_mu (held around its callback) is taken without mu_.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "store/mvcc_index.h"
#include "store/store.h"

namespace kubepp::store {

// A change in self-contained form, as handed from the committer to the hub.
struct PublishedEvent {
  std::string key;
  Version version;
  Version prev;  // prev.version == 0: none
};

// Builds the public Event; prev_kv only when asked for and present.
Event ToEvent(const std::string& key, const Version& v, const Version& prev, bool with_prev);

// Where unsynced watchers read history from (implemented by the store).
class EventSource {
 public:
  virtual ~EventSource() = default;
  // Appends the events of [key, range_end) with from <= revision <= to, at
  // most about `max_events`, and returns the last revision covered. kGone when
  // `from` is below the compact revision (*compact_rev then says which).
  virtual StatusOr<int64_t> ReadEvents(const WatchRequest& range, int64_t from, int64_t to,
                                       size_t max_events, std::vector<Event>* out,
                                       int64_t* compact_rev) = 0;
};

class WatchHub : public std::enable_shared_from_this<WatchHub> {
 public:
  struct Options {
    int64_t progress_notify_interval_ms = 600000;
    size_t queue_limit = 1024;
    int delivery_threads = 2;
  };
  WatchHub(EventSource* source, Options options);
  ~WatchHub();

  // Starts the delivery threads; `published` is the newest durable revision.
  void Start(int64_t published);
  // Stops and joins the threads; no callback runs after it returns. Idempotent.
  void Stop();

  std::unique_ptr<WatchHandle> Watch(const WatchRequest& req, WatchCallback cb);

  // The committer calls this once per durable revision range, in order, with
  // the changes of revisions (previous published, rev] sorted by revision.
  void Publish(int64_t rev, std::vector<PublishedEvent> events);

  int64_t watchers();

 private:
  struct Group;
  struct Watcher;
  class Handle;

  void Cancel(const std::shared_ptr<Watcher>& w);
  void DeliveryLoop();
  // Helpers that need mu_ held end in Locked.
  void JoinGroupLocked(const std::shared_ptr<Watcher>& w);
  void LeaveGroupLocked(Watcher* w);
  void EnqueueLocked(const std::shared_ptr<Watcher>& w, std::shared_ptr<const WatchBatch> b);
  bool CatchUpOne(std::unique_lock<std::mutex>& lock);
  void ProgressLocked();

  // Constant after construction
  EventSource* const source_;
  const Options options_;

  std::mutex mu_;
  std::condition_variable cv_;
  // Guarded by mu_
  bool started_ = false;
  bool stopping_ = false;
  int64_t published_ = 0;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, std::shared_ptr<Watcher>> all_;
  std::set<uint64_t> unsynced_;  // ids, oldest first
  std::map<std::tuple<std::string, std::string, bool>, std::unique_ptr<Group>> groups_;
  std::unordered_map<std::string, std::vector<Group*>> exact_;  // single-key groups by key
  std::vector<Group*> ranges_;                                  // range groups
  std::deque<std::shared_ptr<Watcher>> ready_;
  std::vector<std::thread> threads_;
};

}  // namespace kubepp::store
