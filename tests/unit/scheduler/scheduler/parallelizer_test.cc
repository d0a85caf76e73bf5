// The Parallelizer: every item of a round is claimed exactly once, whichever threads join it,
// and Run returns once the calling thread's call has, without waiting for a helper that never
// started.
#include "scheduler/parallelizer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <vector>

namespace kubepp::scheduler {
namespace {

TEST(ParallelizerTest, EveryItemOfEveryRoundRunsOnce) {
  Parallelizer parallelizer(3);
  constexpr size_t kItems = 512;
  for (int round = 0; round < 500; ++round) {
    std::vector<std::atomic<int>> runs(kItems);
    std::atomic<size_t> next{0};
    parallelizer.Run([&](int) {
      for (size_t i = next.fetch_add(1); i < kItems; i = next.fetch_add(1)) runs[i].fetch_add(1);
    });
    for (size_t i = 0; i < kItems; ++i) ASSERT_EQ(runs[i].load(), 1) << "round " << round << " item " << i;
  }
}

// A round the calling thread finishes at once is over at once: helpers that wake afterwards
// find it closed and never call the function of a round that has returned.
TEST(ParallelizerTest, AHelperThatStartsLateSitsOutTheRound) {
  Parallelizer parallelizer(2);
  std::atomic<int> late_calls{0};
  for (int round = 0; round < 2000; ++round) {
    std::atomic<bool> over{false};
    parallelizer.Run([&](int worker) {
      if (worker != 0 && over.load()) late_calls.fetch_add(1);
    });
    over.store(true);
  }
  EXPECT_EQ(late_calls.load(), 0);
}

}  // namespace
}  // namespace kubepp::scheduler
