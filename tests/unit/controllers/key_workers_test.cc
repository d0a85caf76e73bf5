#include "controllers/key_workers.h"
#include "unit/eventually.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace kubepp::controllers {
namespace {

TEST(KeyWorkersTest, SyncsEveryKeyAndForgetsSuccesses) {
  auto queue = client::WorkQueue::Create("test");
  std::atomic<int> synced{0};
  KeyWorkers workers("test", *queue, [&](const std::string&) {
    ++synced;
    return Status::Ok();
  });
  workers.Start(2);
  for (int i = 0; i < 50; ++i) queue->Add("k" + std::to_string(i));
  EXPECT_TRUE(Eventually([&] { return synced.load() == 50; }));
  workers.Stop();
  EXPECT_EQ(queue->NumRequeues("k1"), 0);
}

TEST(KeyWorkersTest, StopDropsTheBacklogInsteadOfWorkingItOff) {
  auto queue = client::WorkQueue::Create("test");
  std::atomic<int> synced{0};
  std::atomic<bool> started{false}, release{false};
  KeyWorkers workers("test", *queue, [&](const std::string&) {
    ++synced;
    started = true;
    while (!release) std::this_thread::yield();
    return Status::Ok();
  });
  for (int i = 0; i < 100; ++i) queue->Add("k" + std::to_string(i));
  workers.Start(1);
  ASSERT_TRUE(Eventually([&] { return started.load(); }));
  std::thread stopper([&] { workers.Stop(); });
  ASSERT_TRUE(Eventually([&] { return workers.stopping(); }));
  release = true;
  stopper.join();
  EXPECT_EQ(synced.load(), 1);  // the key in hand finished; the other 99 were dropped
}

}  // namespace
}  // namespace kubepp::controllers
