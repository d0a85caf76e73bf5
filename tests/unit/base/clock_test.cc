#include "base/clock.h"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "unit/eventually.h"

namespace kubepp {
namespace {

using namespace std::chrono_literals;

TEST(FakeClockTest, StartsAt2026AndMovesOnlyWhenTold) {
  FakeClock clock;
  auto start = clock.Now();
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(start.time_since_epoch()).count(), 1767225600);
  clock.Advance(3s);
  EXPECT_EQ(clock.Now() - start, 3s);
  clock.Set(start);
  EXPECT_EQ(clock.Now(), start);
}

TEST(FakeClockTest, AdvanceWakesWaiterWhoseDeadlineCame) {
  FakeClock clock;
  std::mutex mu;
  std::condition_variable cv;
  std::atomic<bool> woke{false};
  auto deadline = clock.Now() + 10s;
  std::thread t([&] {
    std::unique_lock<std::mutex> l(mu);
    clock.WaitUntil(l, cv, deadline, [] { return false; });
    woke = true;
  });
  ASSERT_TRUE(Eventually([&] { return clock.Waiters() == 1; }));
  clock.Advance(5s);
  // Not yet: half way.
  for (int i = 0; i < 20; ++i) std::this_thread::yield();
  EXPECT_FALSE(woke.load());
  clock.Advance(5s);
  t.join();
  EXPECT_TRUE(woke.load());
  EXPECT_EQ(clock.Waiters(), 0);
}

TEST(FakeClockTest, WakePredicateEndsWaitWithoutTimeMoving) {
  FakeClock clock;
  std::mutex mu;
  std::condition_variable cv;
  bool flag = false;
  std::thread t([&] {
    std::unique_lock<std::mutex> l(mu);
    clock.WaitUntil(l, cv, Clock::TimePoint::max(), [&] { return flag; });
  });
  ASSERT_TRUE(Eventually([&] { return clock.Waiters() == 1; }));
  {
    std::lock_guard<std::mutex> l(mu);
    flag = true;
  }
  cv.notify_all();
  t.join();
  EXPECT_EQ(clock.Waiters(), 0);
}

TEST(RealClockTest, WaitUntilReturnsAtDeadline) {
  Clock& clock = Clock::Real();
  std::mutex mu;
  std::condition_variable cv;
  std::unique_lock<std::mutex> l(mu);
  auto deadline = clock.Now() + 20ms;
  clock.WaitUntil(l, cv, deadline, [] { return false; });
  EXPECT_GE(clock.Now(), deadline);
}

}  // namespace
}  // namespace kubepp
