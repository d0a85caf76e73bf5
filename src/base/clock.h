// Clock: the one source of "now" for code that waits or ages things
// (workqueue back-off, leader election, node grace periods, Job deadlines),
// so that tests can drive time with a FakeClock instead of sleeping.
//
// Thread safety: both clocks are safe from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

namespace kubepp {

class Clock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  using Duration = std::chrono::nanoseconds;

  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  // Blocks until Now() >= deadline, `wake()` returns true (checked whenever
  // the clock moves or the condition variable is notified), whichever comes
  // first. `lock` is held on entry and exit, released while waiting, exactly
  // like std::condition_variable::wait_until.
  virtual void WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                         TimePoint deadline, const std::function<bool()>& wake) = 0;

  static Clock& Real();
};

// Time stands still until Advance() or Set(); both wake every WaitUntil whose
// deadline has come. Starts at 2026-01-01T00:00:00Z unless given a start.
class FakeClock : public Clock {
 public:
  FakeClock();
  explicit FakeClock(TimePoint start);
  TimePoint Now() const override;
  void WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, TimePoint deadline,
                 const std::function<bool()>& wake) override;
  void Advance(Duration d);
  void Set(TimePoint t);
  // How many callers are blocked in WaitUntil now (tests poll this to know a
  // worker has reached its wait before advancing time).
  int Waiters() const;

 private:
  void Notify();
  mutable std::mutex mu_;
  TimePoint now_;
  int waiters_ = 0;
  // Condition variables of current waiters, notified when time moves.
  std::vector<std::condition_variable*> waiting_;
};

}  // namespace kubepp
