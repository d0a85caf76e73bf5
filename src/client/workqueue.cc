// WorkQueueImpl keeps upstream's three sets: `queue_` (ready, in order),
// `dirty_` (keys that need processing: every key in queue_, plus keys added
// again while processing) and `processing_`. A key in processing_ and dirty_
// is not in queue_; Done() moves it there.
//
// Delayed keys wait in `waiting_` (ordered by ready time, one entry per key:
// the earliest wins). There is no timer thread: whoever waits in Get()
// sleeps on the Clock until the earliest ready time and promotes what is due.
#include <algorithm>
#include <cmath>
#include <deque>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "client/workqueue.h"

namespace kubepp::client {
namespace {

class WorkQueueImpl : public WorkQueue {
 public:
  WorkQueueImpl(std::string name, Clock& clock, WorkQueueOptions options)
      : name_(std::move(name)), clock_(clock), options_(options), tokens_(options.burst),
        last_refill_(clock.Now()) {}

  void Add(const std::string& key) override {
    std::lock_guard<std::mutex> l(mu_);
    AddLocked(key);
  }

  void AddAfter(const std::string& key, Clock::Duration delay) override {
    std::lock_guard<std::mutex> l(mu_);
    if (shutting_down_) return;
    if (delay <= Clock::Duration::zero()) {
      AddLocked(key);
      return;
    }
    Clock::TimePoint ready = clock_.Now() + std::chrono::duration_cast<Clock::TimePoint::duration>(delay);
    auto it = ready_at_.find(key);
    if (it != ready_at_.end()) {
      if (it->second <= ready) return;  // already due no later than that
      waiting_.erase({it->second, key});
      it->second = ready;
    } else {
      ready_at_.emplace(key, ready);
    }
    waiting_.insert({ready, key});
    ++waiting_generation_;
    cv_.notify_all();
  }

  void AddRateLimited(const std::string& key) override {
    Clock::Duration delay;
    {
      std::lock_guard<std::mutex> l(mu_);
      delay = std::max(ItemDelayLocked(key), BucketDelayLocked());
    }
    AddAfter(key, delay);
  }

  void Forget(const std::string& key) override {
    std::lock_guard<std::mutex> l(mu_);
    failures_.erase(key);
  }

  int NumRequeues(const std::string& key) const override {
    std::lock_guard<std::mutex> l(mu_);
    auto it = failures_.find(key);
    return it == failures_.end() ? 0 : it->second;
  }

  std::optional<std::string> Get() override {
    std::unique_lock<std::mutex> l(mu_);
    while (true) {
      PromoteDueLocked();
      if (!queue_.empty()) break;
      if (shutting_down_) return std::nullopt;
      Clock::TimePoint deadline = waiting_.empty() ? Clock::TimePoint::max() : waiting_.begin()->first;
      uint64_t generation = waiting_generation_;
      clock_.WaitUntil(l, cv_, deadline, [&] {
        return shutting_down_ || !queue_.empty() || waiting_generation_ != generation;
      });
    }
    std::string key = std::move(queue_.front());
    queue_.pop_front();
    processing_.insert(key);
    dirty_.erase(key);
    return key;
  }

  void Done(const std::string& key) override {
    std::lock_guard<std::mutex> l(mu_);
    processing_.erase(key);
    if (dirty_.count(key)) {
      queue_.push_back(key);
      cv_.notify_one();
    }
  }

  void ShutDown() override {
    std::lock_guard<std::mutex> l(mu_);
    shutting_down_ = true;
    cv_.notify_all();
  }

  int Len() const override {
    std::lock_guard<std::mutex> l(mu_);
    const_cast<WorkQueueImpl*>(this)->PromoteDueLocked();
    return static_cast<int>(queue_.size());
  }

 private:
  void AddLocked(const std::string& key) {
    if (shutting_down_) return;
    if (!dirty_.insert(key).second) return;  // already waiting to be processed
    if (processing_.count(key)) return;      // Done() will queue it
    queue_.push_back(key);
    cv_.notify_one();
  }

  // Moves delayed keys whose time has come into the queue.
  void PromoteDueLocked() {
    if (waiting_.empty()) return;
    Clock::TimePoint now = clock_.Now();
    while (!waiting_.empty() && waiting_.begin()->first <= now) {
      std::string key = waiting_.begin()->second;
      waiting_.erase(waiting_.begin());
      ready_at_.erase(key);
      AddLocked(key);
    }
  }

  // Per-key exponential back-off: base * 2^failures, capped.
  Clock::Duration ItemDelayLocked(const std::string& key) {
    int exp = failures_[key]++;
    double delay = static_cast<double>(options_.base_delay.count()) * std::pow(2.0, exp);
    if (delay >= static_cast<double>(options_.max_delay.count())) return options_.max_delay;
    return Clock::Duration(static_cast<Clock::Duration::rep>(delay));
  }

  // Overall token bucket (golang.org/x/time/rate's reservation): a token
  // taken on credit delays the caller until the bucket has refilled it.
  Clock::Duration BucketDelayLocked() {
    if (options_.qps <= 0) return Clock::Duration::zero();
    Clock::TimePoint now = clock_.Now();
    if (now > last_refill_) {
      double elapsed = std::chrono::duration<double>(now - last_refill_).count();
      tokens_ = std::min<double>(options_.burst, tokens_ + elapsed * options_.qps);
      last_refill_ = now;
    }
    tokens_ -= 1;
    if (tokens_ >= 0) return Clock::Duration::zero();
    return std::chrono::duration_cast<Clock::Duration>(std::chrono::duration<double>(-tokens_ / options_.qps));
  }

  // Constant after construction.
  const std::string name_;
  Clock& clock_;
  const WorkQueueOptions options_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  // Guarded by mu_.
  std::deque<std::string> queue_;
  std::unordered_set<std::string> dirty_;
  std::unordered_set<std::string> processing_;
  std::set<std::pair<Clock::TimePoint, std::string>> waiting_;
  std::unordered_map<std::string, Clock::TimePoint> ready_at_;
  uint64_t waiting_generation_ = 0;
  bool shutting_down_ = false;
  std::unordered_map<std::string, int> failures_;
  double tokens_;
  Clock::TimePoint last_refill_;
};

}  // namespace

std::unique_ptr<WorkQueue> WorkQueue::Create(std::string name, Clock& clock, WorkQueueOptions options) {
  return std::make_unique<WorkQueueImpl>(std::move(name), clock, options);
}

}  // namespace kubepp::client
