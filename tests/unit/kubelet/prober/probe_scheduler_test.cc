#include "kubelet/prober/probe_scheduler.h"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

namespace kubepp::kubelet::prober {
namespace {
using std::chrono::seconds;

constexpr std::chrono::milliseconds kSettle{10000};

class ProbeSchedulerTest : public ::testing::Test {
 protected:
  void Advance(Clock::Duration d) {
    clock_.Advance(d);
    ASSERT_TRUE(scheduler_.Settle(kSettle));
  }

  FakeClock clock_;
  ProbeScheduler scheduler_{clock_, 2};
};

TEST_F(ProbeSchedulerTest, RunsAtOnceThenEveryPeriod) {
  std::atomic<int> runs{0};
  scheduler_.Add(clock_.Now(), seconds(10), [&] { return ++runs, true; }, nullptr);
  ASSERT_TRUE(scheduler_.Settle(kSettle));
  EXPECT_EQ(runs, 1);
  Advance(seconds(9));
  EXPECT_EQ(runs, 1);
  Advance(seconds(1));
  EXPECT_EQ(runs, 2);
  Advance(seconds(10));
  EXPECT_EQ(runs, 3);
  // Time jumping far ahead gives one run, not one per missed tick.
  Advance(seconds(100));
  EXPECT_EQ(runs, 4);
  Advance(seconds(9));
  EXPECT_EQ(runs, 4);
  Advance(seconds(1));
  EXPECT_EQ(runs, 5);
}

TEST_F(ProbeSchedulerTest, LaterStart) {
  std::atomic<int> runs{0};
  scheduler_.Add(clock_.Now() + seconds(3), seconds(10), [&] { return ++runs, true; }, nullptr);
  ASSERT_TRUE(scheduler_.Settle(kSettle));
  EXPECT_EQ(runs, 0);
  Advance(seconds(3));
  EXPECT_EQ(runs, 1);
  Advance(seconds(10));
  EXPECT_EQ(runs, 2);
}

TEST_F(ProbeSchedulerTest, SlowRunIsFollowedAtOnceByOneMore) {
  std::atomic<int> runs{0};
  std::vector<Clock::TimePoint> at;
  std::mutex mu;
  Clock::TimePoint start = clock_.Now();
  scheduler_.Add(start, seconds(10),
                 [&] {
                   {
                     std::lock_guard lock(mu);
                     at.push_back(clock_.Now());
                   }
                   // The second run takes 25 s: ticks at 20 s and 30 s pass meanwhile.
                   if (++runs == 2) clock_.Advance(seconds(25));
                   return true;
                 },
                 nullptr);
  ASSERT_TRUE(scheduler_.Settle(kSettle));
  Advance(seconds(10));
  EXPECT_EQ(runs, 3);  // the kept tick ran at once, at 35 s
  Advance(seconds(5));  // 40 s: back on the ticks
  EXPECT_EQ(runs, 4);
  std::lock_guard lock(mu);
  ASSERT_EQ(at.size(), 4u);
  EXPECT_EQ(at[2], start + seconds(35));
  EXPECT_EQ(at[3], start + seconds(40));
}

TEST_F(ProbeSchedulerTest, TriggerRunsNowWithoutMovingTicks) {
  std::atomic<int> runs{0};
  auto id = scheduler_.Add(clock_.Now(), seconds(10), [&] { return ++runs, true; }, nullptr);
  ASSERT_TRUE(scheduler_.Settle(kSettle));
  Advance(seconds(4));
  scheduler_.Trigger(id);
  ASSERT_TRUE(scheduler_.Settle(kSettle));
  EXPECT_EQ(runs, 2);
  Advance(seconds(6));  // the 10 s tick still comes
  EXPECT_EQ(runs, 3);
}

TEST_F(ProbeSchedulerTest, EndsByReturnOrCancel) {
  std::atomic<int> runs{0}, ended{0};
  scheduler_.Add(clock_.Now(), seconds(1), [&] { return ++runs < 2; }, [&] { ++ended; });
  ASSERT_TRUE(scheduler_.Settle(kSettle));
  Advance(seconds(1));
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(ended, 1);
  Advance(seconds(1));
  EXPECT_EQ(runs, 2);

  std::atomic<int> other{0};
  auto id = scheduler_.Add(clock_.Now(), seconds(1), [&] { return ++other, true; }, [&] { ++ended; });
  ASSERT_TRUE(scheduler_.Settle(kSettle));
  scheduler_.Cancel(id);
  ASSERT_TRUE(scheduler_.Settle(kSettle));
  EXPECT_EQ(ended, 2);
  Advance(seconds(5));
  EXPECT_EQ(other, 1);
  EXPECT_EQ(scheduler_.Tasks(), 0u);
}

TEST_F(ProbeSchedulerTest, ManyTasksFewThreadsNeverTwiceAtOnce) {
  constexpr int kTasks = 150;
  std::atomic<int> runs{0};
  std::vector<std::unique_ptr<std::atomic<int>>> inside;
  std::atomic<bool> overlap{false};
  for (int i = 0; i < kTasks; ++i) inside.push_back(std::make_unique<std::atomic<int>>(0));
  for (int i = 0; i < kTasks; ++i) {
    std::atomic<int>* in = inside[i].get();
    auto id = scheduler_.Add(clock_.Now(), seconds(10),
                             [&, in] {
                               if (in->fetch_add(1) != 0) overlap = true;
                               ++runs;
                               in->fetch_sub(1);
                               return true;
                             },
                             nullptr);
    scheduler_.Trigger(id);  // a trigger on top of the first run
  }
  ASSERT_TRUE(scheduler_.Settle(kSettle));
  for (int round = 0; round < 3; ++round) Advance(seconds(10));
  EXPECT_FALSE(overlap);
  EXPECT_GE(runs, kTasks * 4);
  EXPECT_EQ(scheduler_.Tasks(), static_cast<size_t>(kTasks));
}

}  // namespace
}  // namespace kubepp::kubelet::prober
