#include "kubelet/prober/probe_scheduler.h"

#include <algorithm>

namespace kubepp::kubelet::prober {

ProbeScheduler::ProbeScheduler(Clock& clock, int threads) : clock_(clock) {
  timer_ = std::thread([this] { TimerLoop(); });
  for (int i = 0; i < std::max(1, threads); ++i) pool_.emplace_back([this] { PoolLoop(); });
}

ProbeScheduler::~ProbeScheduler() { Stop(); }

void ProbeScheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stop_ && !timer_.joinable()) return;
    stop_ = true;
  }
  timer_cv_.notify_all();
  pool_cv_.notify_all();
  idle_cv_.notify_all();
  if (timer_.joinable()) timer_.join();
  for (auto& t : pool_) {
    if (t.joinable()) t.join();
  }
  pool_.clear();
}

ProbeScheduler::TaskId ProbeScheduler::Add(Clock::TimePoint start, Clock::Duration period,
                                           std::function<bool()> run, std::function<void()> on_end) {
  std::lock_guard lock(mu_);
  TaskId id = next_id_++;
  Task& t = tasks_[id];
  t.period = period;
  t.run = std::move(run);
  t.on_end = std::move(on_end);
  // The first run is at `start` (a loop that probes before its first tick),
  // the ticks follow from there.
  Clock::TimePoint now = clock_.Now();
  if (start <= now) {
    t.trigger_pending = true;
    t.next_tick = now + period;
  } else {
    t.next_tick = start;
  }
  ScheduleLocked(id, t, now);
  return id;
}

void ProbeScheduler::Trigger(TaskId id) {
  std::lock_guard lock(mu_);
  auto it = tasks_.find(id);
  if (it == tasks_.end() || it->second.cancelled) return;
  Task& t = it->second;
  t.trigger_pending = true;
  if (!t.running && !t.queued) {
    UnscheduleLocked(id, t);
    ScheduleLocked(id, t, clock_.Now());
  }
}

void ProbeScheduler::Cancel(TaskId id) {
  std::lock_guard lock(mu_);
  auto it = tasks_.find(id);
  if (it == tasks_.end() || it->second.cancelled) return;
  Task& t = it->second;
  t.cancelled = true;
  if (!t.running && !t.queued) {
    // Ends on a pool thread, so on_end never runs under the caller's locks.
    UnscheduleLocked(id, t);
    t.queued = true;
    ready_.push_back(id);
    pool_cv_.notify_one();
  }
}

size_t ProbeScheduler::Tasks() const {
  std::lock_guard lock(mu_);
  return tasks_.size();
}

void ProbeScheduler::CatchUpLocked(Task& t, Clock::TimePoint now) {
  if (t.next_tick > now) return;
  t.tick_pending = true;
  auto behind = (now - t.next_tick) / t.period + 1;
  t.next_tick += behind * t.period;
}

void ProbeScheduler::ScheduleLocked(TaskId id, Task& t, Clock::TimePoint now) {
  CatchUpLocked(t, now);
  if (t.trigger_pending || t.tick_pending) {
    t.queued = true;
    ready_.push_back(id);
    pool_cv_.notify_one();
    return;
  }
  t.due = t.next_tick;
  timers_.emplace(t.due, id);
  timers_changed_ = true;
  timer_cv_.notify_all();
}

void ProbeScheduler::UnscheduleLocked(TaskId id, Task& t) { timers_.erase({t.due, id}); }

void ProbeScheduler::TimerLoop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    Clock::TimePoint now = clock_.Now();
    while (!timers_.empty() && timers_.begin()->first <= now) {
      TaskId id = timers_.begin()->second;
      timers_.erase(timers_.begin());
      auto it = tasks_.find(id);
      if (it != tasks_.end()) ScheduleLocked(id, it->second, now);
    }
    Clock::TimePoint wake = timers_.empty() ? now + std::chrono::hours(1) : timers_.begin()->first;
    timers_changed_ = false;
    clock_.WaitUntil(lock, timer_cv_, wake, [this] { return stop_ || timers_changed_; });
  }
}

void ProbeScheduler::PoolLoop() {
  std::unique_lock lock(mu_);
  while (true) {
    pool_cv_.wait(lock, [this] { return stop_ || !ready_.empty(); });
    if (stop_) return;
    TaskId id = ready_.front();
    ready_.pop_front();
    auto it = tasks_.find(id);
    if (it == tasks_.end()) continue;
    Task& t = it->second;
    t.queued = false;
    bool keep_going = false;
    if (!t.cancelled) {
      // Consume what brought it here: a trigger first, else the tick.
      if (t.trigger_pending) {
        t.trigger_pending = false;
      } else {
        t.tick_pending = false;
      }
      t.running = true;
      ++running_;
      std::function<bool()> run = t.run;  // the task stays in tasks_ while running
      lock.unlock();
      keep_going = run();
      lock.lock();
      --running_;
      it = tasks_.find(id);
      it->second.running = false;
    }
    Task& done = it->second;
    if (keep_going && !done.cancelled && !stop_) {
      ScheduleLocked(id, done, clock_.Now());
    } else {
      std::function<void()> on_end = std::move(done.on_end);
      tasks_.erase(it);
      ++running_;  // Settle waits for on_end too
      lock.unlock();
      if (on_end) on_end();
      lock.lock();
      --running_;
    }
    idle_cv_.notify_all();
  }
}

bool ProbeScheduler::Settle(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mu_);
  while (true) {
    Clock::TimePoint now = clock_.Now();
    bool due = !timers_.empty() && timers_.begin()->first <= now;
    if (!due && ready_.empty() && running_ == 0) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    // Also wakes on its own: the timer thread may need a moment to see the clock move.
    idle_cv_.wait_for(lock, std::chrono::milliseconds(2));
  }
}

}  // namespace kubepp::kubelet::prober
