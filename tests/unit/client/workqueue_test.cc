#include "client/workqueue.h"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "test_util.h"

namespace kubepp::client {
namespace {

using namespace std::chrono_literals;

TEST(WorkQueueTest, DeduplicatesWaitingKeys) {
  FakeClock clock;
  auto q = WorkQueue::Create("t", clock);
  q->Add("a");
  q->Add("b");
  q->Add("a");
  EXPECT_EQ(q->Len(), 2);
  EXPECT_EQ(q->Get(), "a");
  EXPECT_EQ(q->Get(), "b");
  EXPECT_EQ(q->Len(), 0);
}

TEST(WorkQueueTest, KeyAddedWhileProcessingIsQueuedAgainOnDone) {
  FakeClock clock;
  auto q = WorkQueue::Create("t", clock);
  q->Add("a");
  ASSERT_EQ(q->Get(), "a");
  q->Add("a");
  EXPECT_EQ(q->Len(), 0);  // never handed to a second worker while processing
  q->Add("a");
  q->Done("a");
  EXPECT_EQ(q->Len(), 1);
  EXPECT_EQ(q->Get(), "a");
  q->Done("a");
  EXPECT_EQ(q->Len(), 0);
}

TEST(WorkQueueTest, AddAfterWaitsForTheClock) {
  FakeClock clock;
  auto q = WorkQueue::Create("t", clock);
  q->AddAfter("a", 10s);
  q->AddAfter("a", 5s);  // the earlier time wins
  EXPECT_EQ(q->Len(), 0);
  clock.Advance(4s);
  EXPECT_EQ(q->Len(), 0);
  clock.Advance(1s);
  EXPECT_EQ(q->Len(), 1);
  EXPECT_EQ(q->Get(), "a");
  q->Done("a");
  clock.Advance(10s);
  EXPECT_EQ(q->Len(), 0);  // the later AddAfter was folded into the first
}

TEST(WorkQueueTest, GetBlocksUntilDelayedKeyIsDue) {
  FakeClock clock;
  auto q = WorkQueue::Create("t", clock);
  std::atomic<bool> got{false};
  std::thread worker([&] {
    auto key = q->Get();
    EXPECT_EQ(key, "late");
    got = true;
  });
  ASSERT_TRUE(Eventually([&] { return clock.Waiters() == 1; }));
  q->AddAfter("late", 1s);
  ASSERT_TRUE(Eventually([&] { return clock.Waiters() == 1; }));
  EXPECT_FALSE(got.load());
  clock.Advance(1s);
  worker.join();
  EXPECT_TRUE(got.load());
}

TEST(WorkQueueTest, RateLimitedBackOffDoublesAndForgetResets) {
  FakeClock clock;
  auto q = WorkQueue::Create("t", clock);
  q->AddRateLimited("a");  // 5ms
  EXPECT_EQ(q->NumRequeues("a"), 1);
  clock.Advance(4ms);
  EXPECT_EQ(q->Len(), 0);
  clock.Advance(1ms);
  EXPECT_EQ(q->Len(), 1);
  ASSERT_EQ(q->Get(), "a");
  q->AddRateLimited("a");  // 10ms, queued again after Done
  q->Done("a");
  clock.Advance(9ms);
  EXPECT_EQ(q->Len(), 0);
  clock.Advance(1ms);
  EXPECT_EQ(q->Len(), 1);
  q->Forget("a");
  EXPECT_EQ(q->NumRequeues("a"), 0);
}

TEST(WorkQueueTest, ItemBackOffIsCapped) {
  FakeClock clock;
  WorkQueueOptions options;
  options.qps = 0;  // bucket off
  options.max_delay = 1s;
  auto q = WorkQueue::Create("t", clock, options);
  for (int i = 0; i < 20; ++i) {
    q->AddRateLimited("a");
    clock.Advance(1000s);
    ASSERT_EQ(q->Get(), "a");
    q->Done("a");
  }
  q->AddRateLimited("a");  // 5ms * 2^20 would be over an hour
  clock.Advance(999ms);
  EXPECT_EQ(q->Len(), 0);
  clock.Advance(1ms);
  EXPECT_EQ(q->Len(), 1);
}

TEST(WorkQueueTest, TokenBucketDelaysBeyondBurst) {
  FakeClock clock;
  WorkQueueOptions options;
  options.base_delay = 0ms;
  options.qps = 10;
  options.burst = 2;
  auto q = WorkQueue::Create("t", clock, options);
  q->AddRateLimited("a");
  q->AddRateLimited("b");
  q->AddRateLimited("c");  // over the burst: waits 100ms for a token
  EXPECT_EQ(q->Len(), 2);
  clock.Advance(99ms);
  EXPECT_EQ(q->Len(), 2);
  clock.Advance(1ms);
  EXPECT_EQ(q->Len(), 3);
}

TEST(WorkQueueTest, ShutDownDrainsThenEnds) {
  FakeClock clock;
  auto q = WorkQueue::Create("t", clock);
  q->Add("a");
  q->ShutDown();
  q->Add("b");  // ignored
  EXPECT_EQ(q->Get(), "a");
  EXPECT_EQ(q->Get(), std::nullopt);
}

TEST(WorkQueueTest, ShutDownWakesBlockedWorkers) {
  FakeClock clock;
  auto q = WorkQueue::Create("t", clock);
  std::thread worker([&] { EXPECT_EQ(q->Get(), std::nullopt); });
  ASSERT_TRUE(Eventually([&] { return clock.Waiters() == 1; }));
  q->ShutDown();
  worker.join();
}

TEST(WorkQueueTest, ConcurrentWorkersNeverShareAKey) {
  auto q = WorkQueue::Create("t");
  std::atomic<int> in_flight_a{0};
  std::atomic<bool> overlap{false};
  std::atomic<int> processed{0};
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i) {
    workers.emplace_back([&] {
      while (auto key = q->Get()) {
        if (*key == "a" && in_flight_a.fetch_add(1) != 0) overlap = true;
        std::this_thread::yield();
        if (*key == "a") in_flight_a.fetch_sub(1);
        processed++;
        q->Done(*key);
      }
    });
  }
  for (int i = 0; i < 2000; ++i) q->Add(i % 2 ? "a" : "k" + std::to_string(i));
  ASSERT_TRUE(Eventually([&] { return q->Len() == 0; }));
  q->ShutDown();
  for (auto& t : workers) t.join();
  EXPECT_FALSE(overlap.load());
  EXPECT_GE(processed.load(), 1001);
}

}  // namespace
}  // namespace kubepp::client
