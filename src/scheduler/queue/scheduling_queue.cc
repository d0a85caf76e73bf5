#include "scheduler/queue/scheduling_queue.h"

#include "base/log.h"
#include "scheduler/framework/json_read.h"

namespace kubepp::scheduler::queue {

using framework::PodInfoPtr;

bool SchedulingQueue::Cmp::operator()(const QueuedPodInfo* a, const QueuedPodInfo* b) const {
  if (q->hooks_.less) {
    if (q->hooks_.less(*a, *b)) return true;
    if (q->hooks_.less(*b, *a)) return false;
  } else if (a->timestamp != b->timestamp) {
    return a->timestamp < b->timestamp;
  }
  return a->pod->key < b->pod->key;  // a strict order for the set
}

SchedulingQueue::SchedulingQueue(Clock& clock, QueueHooks hooks, QueueOptions options)
    : clock_(clock), hooks_(std::move(hooks)), options_(options), active_(Cmp{this}) {}

SchedulingQueue::~SchedulingQueue() { Close(); }

Clock::Duration SchedulingQueue::BackoffDuration(int attempts) const {
  Clock::Duration d = options_.initial_backoff;
  for (int i = 1; i < attempts; ++i) {
    d *= 2;
    if (d >= options_.max_backoff) return options_.max_backoff;
  }
  return std::min(d, options_.max_backoff);
}

void SchedulingQueue::DetachLocked(Entry& e) {
  switch (e.where) {
    case Where::kActive:
      active_.erase(e.info.get());
      break;
    case Where::kBackoff:
      backoff_.erase({e.backoff_expiry, e.info->pod->key});
      break;
    case Where::kUnschedulable:
      unschedulable_.erase(e.info->pod->key);
      break;
    case Where::kNew:
    case Where::kGated:
      break;
  }
}

void SchedulingQueue::ToActiveLocked(Entry& e) {
  DetachLocked(e);
  e.where = Where::kActive;
  active_.insert(e.info.get());
  cv_.notify_one();
}

void SchedulingQueue::ToBackoffLocked(Entry& e) {
  DetachLocked(e);
  e.where = Where::kBackoff;
  e.backoff_expiry = e.info->timestamp + BackoffDuration(e.info->attempts);
  backoff_.insert({e.backoff_expiry, e.info->pod->key});
}

void SchedulingQueue::ToUnschedulableLocked(Entry& e) {
  DetachLocked(e);
  e.where = Where::kUnschedulable;
  unschedulable_.insert(e.info->pod->key);
}

void SchedulingQueue::EnqueueLocked(Entry& e) {
  if (hooks_.pre_enqueue) {
    framework::PluginStatus s = hooks_.pre_enqueue(*e.info->pod);
    if (!s.ok()) {
      DetachLocked(e);
      e.where = Where::kGated;
      e.info->gating_plugin = s.plugin();
      VLOG(4) << "pod " << e.info->pod->key << " is gated: " << s.Message();
      return;
    }
  }
  e.info->gating_plugin.clear();
  ToActiveLocked(e);
}

void SchedulingQueue::RequeueLocked(Entry& e) {
  if (e.info->attempts > 0 && clock_.Now() < e.info->timestamp + BackoffDuration(e.info->attempts)) {
    ToBackoffLocked(e);
  } else {
    EnqueueLocked(e);
  }
}

void SchedulingQueue::Add(PodInfoPtr pod) {
  std::lock_guard lock(mu_);
  AddLocked(std::move(pod));
}

void SchedulingQueue::AddLocked(PodInfoPtr pod) {
  if (closed_) return;
  std::string key = pod->key;
  if (auto f = in_flight_.find(key); f != in_flight_.end()) {
    f->second = std::move(pod);
    return;
  }
  auto [it, inserted] = entries_.try_emplace(key);
  Entry& e = it->second;
  if (!inserted) {
    e.info->pod = std::move(pod);
    return;
  }
  e.info = std::make_unique<QueuedPodInfo>();
  e.info->pod = std::move(pod);
  e.info->timestamp = e.info->initial_attempt = clock_.Now();
  e.where = Where::kNew;
  EnqueueLocked(e);
}

namespace {
// Whether an update may change the pod's fate: spec or labels moved (not only status).
bool SpecOrLabelsChanged(const framework::PodInfo& a, const framework::PodInfo& b) {
  using framework::ObjectAt;
  const auto* sa = ObjectAt(a.object.get(), "spec");
  const auto* sb = ObjectAt(b.object.get(), "spec");
  if ((sa == nullptr) != (sb == nullptr) || (sa && *sa != *sb)) return true;
  return a.labels != b.labels;
}
}  // namespace

void SchedulingQueue::Update(PodInfoPtr pod) {
  std::lock_guard lock(mu_);
  if (closed_) return;
  if (auto f = in_flight_.find(pod->key); f != in_flight_.end()) {
    if (f->second) f->second = std::move(pod);
    return;
  }
  auto it = entries_.find(pod->key);
  if (it == entries_.end()) {
    AddLocked(std::move(pod));
    return;
  }
  Entry& e = it->second;
  bool changed = SpecOrLabelsChanged(*e.info->pod, *pod);
  e.info->pod = std::move(pod);
  if (e.where == Where::kActive) {
    // The sort key may have moved (priority): re-insert.
    active_.erase(e.info.get());
    active_.insert(e.info.get());
  } else if (e.where == Where::kGated) {
    EnqueueLocked(e);
  } else if (e.where == Where::kUnschedulable && changed) {
    RequeueLocked(e);
  }
}

void SchedulingQueue::Delete(const std::string& key) {
  std::lock_guard lock(mu_);
  if (auto f = in_flight_.find(key); f != in_flight_.end()) {
    f->second = nullptr;
    return;
  }
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  DetachLocked(it->second);
  entries_.erase(it);
}

std::unique_ptr<QueuedPodInfo> SchedulingQueue::Pop() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return closed_ || !active_.empty(); });
  if (closed_) return nullptr;
  QueuedPodInfo* top = *active_.begin();
  active_.erase(active_.begin());
  auto it = entries_.find(top->pod->key);
  std::unique_ptr<QueuedPodInfo> info = std::move(it->second.info);
  entries_.erase(it);
  info->attempts++;
  scheduling_cycle_++;
  in_flight_[info->pod->key] = info->pod;
  return info;
}

int64_t SchedulingQueue::SchedulingCycle() const {
  std::lock_guard lock(mu_);
  return scheduling_cycle_;
}

void SchedulingQueue::Done(const std::string& key) {
  std::lock_guard lock(mu_);
  in_flight_.erase(key);
}

void SchedulingQueue::AddUnschedulableIfNotPresent(std::unique_ptr<QueuedPodInfo> info, int64_t cycle) {
  std::lock_guard lock(mu_);
  if (closed_) return;
  std::string key = info->pod->key;
  auto f = in_flight_.find(key);
  if (f != in_flight_.end()) {
    if (f->second == nullptr) {  // deleted while being scheduled
      in_flight_.erase(f);
      return;
    }
    info->pod = f->second;
    in_flight_.erase(f);
  }
  auto [it, inserted] = entries_.try_emplace(key);
  if (!inserted) return;  // already queued again
  Entry& e = it->second;
  info->timestamp = clock_.Now();
  e.info = std::move(info);
  e.where = Where::kNew;
  // An error (no rejecting plugin) or an event during the attempt: back off and retry.
  if (e.info->unschedulable_plugins.empty() || move_request_cycle_ >= cycle) {
    ToBackoffLocked(e);
  } else {
    ToUnschedulableLocked(e);
  }
}

void SchedulingQueue::MoveAllToActiveOrBackoffQueue(const framework::ClusterEvent& event) {
  std::lock_guard lock(mu_);
  move_request_cycle_ = scheduling_cycle_;
  if (unschedulable_.empty()) return;
  std::vector<Entry*> move;
  for (const std::string& key : unschedulable_) {
    Entry& e = entries_.at(key);
    if (!hooks_.worth_requeue || hooks_.worth_requeue(*e.info, event)) move.push_back(&e);
  }
  for (Entry* e : move) RequeueLocked(*e);
}

void SchedulingQueue::FlushBackoffQCompleted() {
  std::lock_guard lock(mu_);
  Clock::TimePoint now = clock_.Now();
  while (!backoff_.empty() && backoff_.begin()->first <= now) {
    std::string key = backoff_.begin()->second;
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      backoff_.erase(backoff_.begin());
      continue;
    }
    EnqueueLocked(it->second);
  }
}

void SchedulingQueue::FlushUnschedulablePodsLeftover() {
  std::lock_guard lock(mu_);
  Clock::TimePoint now = clock_.Now();
  std::vector<Entry*> move;
  for (const std::string& key : unschedulable_) {
    Entry& e = entries_.at(key);
    if (now - e.info->timestamp > options_.max_in_unschedulable) move.push_back(&e);
  }
  for (Entry* e : move) RequeueLocked(*e);
}

void SchedulingQueue::Run() {
  std::lock_guard lock(mu_);
  if (flusher_.joinable() || closed_) return;
  flusher_ = std::thread([this] {
    std::unique_lock lock(mu_);
    Clock::TimePoint next_leftover = clock_.Now() + std::chrono::seconds(30);
    while (!closed_) {
      clock_.WaitUntil(lock, flush_cv_, clock_.Now() + std::chrono::seconds(1), [&] { return closed_; });
      if (closed_) break;
      lock.unlock();
      FlushBackoffQCompleted();
      if (clock_.Now() >= next_leftover) {
        FlushUnschedulablePodsLeftover();
        next_leftover = clock_.Now() + std::chrono::seconds(30);
      }
      lock.lock();
    }
  });
}

void SchedulingQueue::Close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
  flush_cv_.notify_all();
  if (flusher_.joinable() && flusher_.get_id() != std::this_thread::get_id()) flusher_.join();
}

size_t SchedulingQueue::ActiveCount() const {
  std::lock_guard lock(mu_);
  return active_.size();
}

size_t SchedulingQueue::BackoffCount() const {
  std::lock_guard lock(mu_);
  return backoff_.size();
}

size_t SchedulingQueue::UnschedulableCount() const {
  std::lock_guard lock(mu_);
  size_t n = unschedulable_.size();
  for (const auto& [k, e] : entries_) n += e.where == Where::kGated ? 1 : 0;
  return n;
}

}  // namespace kubepp::scheduler::queue
