// usageNanoCores is the CPU time used between two samples over the time between them.
#include "kubelet/stats/cpu_usage_cache.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet::stats {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(CpuUsageCacheTest, RateBetweenTwoSamples) {
  FakeClock clock;
  CpuUsageCache cache(clock);
  const auto t0 = clock.Now();
  // The first sample only primes the window.
  EXPECT_FALSE(cache.Update("c1", t0, 5'000'000'000ULL).has_value());
  EXPECT_FALSE(cache.Latest("c1").has_value());
  // 2.5 core-seconds in 10 s: a quarter of a core.
  clock.Advance(seconds(10));
  EXPECT_EQ(cache.Update("c1", clock.Now(), 7'500'000'000ULL), 250'000'000u);
  EXPECT_EQ(cache.Latest("c1"), 250'000'000u);
  // Two cores busy for 500 ms.
  clock.Advance(milliseconds(500));
  EXPECT_EQ(cache.Update("c1", clock.Now(), 8'500'000'000ULL), 2'000'000'000u);
  // Readers between updates see the last window's rate.
  EXPECT_EQ(cache.Latest("c1"), 2'000'000'000u);
  EXPECT_FALSE(cache.Latest("other").has_value());
}

TEST(CpuUsageCacheTest, SameTimeKeepsTheWindow) {
  FakeClock clock;
  CpuUsageCache cache(clock);
  cache.Update("c", clock.Now(), 100);
  clock.Advance(seconds(1));
  EXPECT_EQ(cache.Update("c", clock.Now(), 1'000'000'100ULL), 1'000'000'000u);
  // The same sample again (no time passed): no rate, the last one stays.
  EXPECT_FALSE(cache.Update("c", clock.Now(), 1'000'000'100ULL).has_value());
  EXPECT_EQ(cache.Latest("c"), 1'000'000'000u);
  clock.Advance(seconds(2));
  EXPECT_EQ(cache.Update("c", clock.Now(), 1'000'000'100ULL), 0u);  // idle
}

TEST(CpuUsageCacheTest, UsageGoingBackwardsRestartsTheWindow) {
  FakeClock clock;
  CpuUsageCache cache(clock);
  cache.Update("c", clock.Now(), 9'000'000'000ULL);
  clock.Advance(seconds(10));
  EXPECT_FALSE(cache.Update("c", clock.Now(), 1'000'000'000ULL)
                   .has_value());  // a new container under the key
  EXPECT_FALSE(cache.Latest("c").has_value());
  clock.Advance(seconds(10));
  EXPECT_EQ(cache.Update("c", clock.Now(), 2'000'000'000ULL), 100'000'000u);
}

TEST(CpuUsageCacheTest, OutdatedSamplesAreDropped) {
  FakeClock clock;
  CpuUsageCache cache(clock);
  cache.Update("old", clock.Now(), 1);
  clock.Advance(std::chrono::minutes(6));
  cache.Update("new", clock.Now(), 1);
  clock.Advance(std::chrono::minutes(5));
  cache.DropOutdated();
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_FALSE(cache.Update("old", clock.Now(), 2).has_value());  // primed again from scratch
}

}  // namespace
}  // namespace kubepp::kubelet::stats
