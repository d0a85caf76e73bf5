// SchedulingQueue: the pods waiting for a node, as upstream's PriorityQueue.
//
//   activeQ        ready now, popped by QueueSort order (priority, then age)
//   backoffQ       failed recently; each attempt doubles the wait (1 s up to
//                  10 s), then the pod goes back to activeQ
//   unschedulable  rejected by plugins; waits for a cluster event that one
//                  of those plugins registered (a node added, a pod deleted,
//                  ...), or 5 minutes at most
//   gated          PreEnqueue said no (schedulingGates); waits for an update
//
// A cluster event that arrives while a pod is being scheduled sends that pod,
// should it fail, to backoffQ instead of unschedulable, so the event is not
// lost (upstream's moveRequestCycle).
// Thread safety: every method may be called from any thread.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "base/clock.h"
#include "scheduler/framework/interface.h"

namespace kubepp::scheduler::queue {

struct QueuedPodInfo {
  framework::PodInfoPtr pod;
  Clock::TimePoint timestamp;  // when it last entered the queue (sort and back-off base)
  Clock::TimePoint initial_attempt;
  int attempts = 0;
  std::set<std::string> unschedulable_plugins;  // plugins that rejected it last time
  std::string gating_plugin;                    // set while gated
};

struct QueueOptions {
  Clock::Duration initial_backoff = std::chrono::seconds(1);
  Clock::Duration max_backoff = std::chrono::seconds(10);
  Clock::Duration max_in_unschedulable = std::chrono::minutes(5);
};

// What the queue asks the profiles.
struct QueueHooks {
  // QueueSort: whether `a` pops before `b`.
  std::function<bool(const QueuedPodInfo& a, const QueuedPodInfo& b)> less;
  // PreEnqueue plugins; non-OK parks the pod as gated.
  std::function<framework::PluginStatus(const framework::PodInfo&)> pre_enqueue;
  // Whether `event` may make the pod schedulable, given the plugins that rejected it.
  std::function<bool(const QueuedPodInfo&, const framework::ClusterEvent&)> worth_requeue;
};

class SchedulingQueue {
 public:
  SchedulingQueue(Clock& clock, QueueHooks hooks, QueueOptions options = {});
  ~SchedulingQueue();

  // A new pending pod (from the informer).
  void Add(framework::PodInfoPtr pod);
  // A pending pod changed; gated pods re-run PreEnqueue, unschedulable pods
  // whose spec or labels changed are retried.
  void Update(framework::PodInfoPtr pod);
  void Delete(const std::string& key);

  // Blocks until a pod is ready; nullptr once Close() was called.
  std::unique_ptr<QueuedPodInfo> Pop();
  // The pod popped last failed in `cycle` (SchedulingCycle() at its Pop).
  // Dropped when the pod was deleted meanwhile.
  void AddUnschedulableIfNotPresent(std::unique_ptr<QueuedPodInfo> pod, int64_t cycle);
  int64_t SchedulingCycle() const;
  // A popped pod was bound (or dropped): it is no longer in flight.
  void Done(const std::string& key);

  // Retries the unschedulable pods this event may help.
  void MoveAllToActiveOrBackoffQueue(const framework::ClusterEvent& event);

  void FlushBackoffQCompleted();
  void FlushUnschedulablePodsLeftover();
  // Starts the thread that runs both flushes (every second).
  void Run();
  void Close();

  size_t ActiveCount() const;
  size_t BackoffCount() const;
  size_t UnschedulableCount() const;  // gated pods included
  // The back-off a pod with this many attempts waits.
  Clock::Duration BackoffDuration(int attempts) const;

 private:
  struct Cmp {
    const SchedulingQueue* q;
    bool operator()(const QueuedPodInfo* a, const QueuedPodInfo* b) const;
  };
  enum class Where { kNew, kActive, kBackoff, kUnschedulable, kGated };  // kNew: in no structure yet
  struct Entry {
    std::unique_ptr<QueuedPodInfo> info;
    Where where;
    Clock::TimePoint backoff_expiry;
  };

  void AddLocked(framework::PodInfoPtr pod);
  void ToActiveLocked(Entry& e);
  void ToBackoffLocked(Entry& e);
  void ToUnschedulableLocked(Entry& e);
  void DetachLocked(Entry& e);
  // Runs PreEnqueue; gated pods wait in unschedulable_ marked gated.
  void EnqueueLocked(Entry& e);
  void RequeueLocked(Entry& e);  // backoff if still backing off, else active

  Clock& clock_;
  const QueueHooks hooks_;
  const QueueOptions options_;

  mutable std::mutex mu_;
  std::condition_variable cv_;        // Pop waits for active pods
  std::condition_variable flush_cv_;  // the flusher's timer
  std::unordered_map<std::string, Entry> entries_;  // every queued pod by key, guarded by mu_
  std::set<QueuedPodInfo*, Cmp> active_;
  std::set<std::pair<Clock::TimePoint, std::string>> backoff_;
  // Keys of entries in kUnschedulable: cluster events walk only these.
  std::unordered_set<std::string> unschedulable_;
  // Popped and not yet back: the newest state the informer sent (nullptr
  // once deleted), so a failed pod requeues as it is now.
  std::unordered_map<std::string, framework::PodInfoPtr> in_flight_;
  int64_t scheduling_cycle_ = 0;
  int64_t move_request_cycle_ = -1;
  bool closed_ = false;
  std::thread flusher_;
};

}  // namespace kubepp::scheduler::queue
