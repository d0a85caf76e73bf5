#include "base/clock.h"

#include <algorithm>

namespace kubepp {
namespace {

// FakeClock waiters also wake on this much real time, so a notification that
// raced with a waiter about to block is never lost for long.
constexpr auto kFakeBackstop = std::chrono::milliseconds(5);

class RealClock : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }

  void WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, TimePoint deadline,
                 const std::function<bool()>& wake) override {
    // Waits in steady time so that a wall-clock step neither stalls nor
    // fires timers early; the deadline is re-read against Now() each round.
    while (!(wake && wake())) {
      TimePoint now = Now();
      if (now >= deadline) return;
      auto left = deadline - now;
      // Cap each round so a system clock step is noticed within a second.
      auto step = std::min<Duration>(std::chrono::duration_cast<Duration>(left), std::chrono::seconds(1));
      cv.wait_for(lock, step);
    }
  }
};

Clock::TimePoint DefaultFakeStart() {
  // 2026-01-01T00:00:00Z
  return Clock::TimePoint(std::chrono::seconds(1767225600));
}

}  // namespace

Clock& Clock::Real() {
  static RealClock* clock = new RealClock();
  return *clock;
}

FakeClock::FakeClock() : now_(DefaultFakeStart()) {}
FakeClock::FakeClock(TimePoint start) : now_(start) {}

Clock::TimePoint FakeClock::Now() const {
  std::lock_guard<std::mutex> l(mu_);
  return now_;
}

void FakeClock::WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, TimePoint deadline,
                          const std::function<bool()>& wake) {
  {
    std::lock_guard<std::mutex> l(mu_);
    ++waiters_;
    waiting_.push_back(&cv);
  }
  while (!(wake && wake()) && Now() < deadline) {
    cv.wait_for(lock, kFakeBackstop);
  }
  std::lock_guard<std::mutex> l(mu_);
  --waiters_;
  // Remove one registration of this cv (several waiters may share one cv).
  auto it = std::find(waiting_.begin(), waiting_.end(), &cv);
  if (it != waiting_.end()) waiting_.erase(it);
}

void FakeClock::Advance(Duration d) {
  std::lock_guard<std::mutex> l(mu_);
  now_ += std::chrono::duration_cast<TimePoint::duration>(d);
  Notify();
}

void FakeClock::Set(TimePoint t) {
  std::lock_guard<std::mutex> l(mu_);
  now_ = t;
  Notify();
}

int FakeClock::Waiters() const {
  std::lock_guard<std::mutex> l(mu_);
  return waiters_;
}

// REQUIRES: mu_ held. Waiters unregister under mu_, so every pointer is live.
void FakeClock::Notify() {
  for (auto* cv : waiting_) cv->notify_all();
}

}  // namespace kubepp
