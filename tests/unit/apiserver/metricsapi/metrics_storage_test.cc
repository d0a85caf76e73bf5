// Usage from the last two scrapes, as metrics-server computes it.
#include "apiserver/metricsapi/metrics_storage.h"

#include <gtest/gtest.h>

namespace kubepp::apiserver::metricsapi {
namespace {

using std::chrono::seconds;

Time T(int64_t s) { return Time{seconds(1767225600 + s)}; }

MetricsBatch NodeBatch(Time at, uint64_t cpu, uint64_t memory) {
  MetricsBatch b;
  b.nodes["n1"] = MetricsPoint{Time{}, at, cpu, memory};
  return b;
}

MetricsBatch PodBatch(Time start, Time at, uint64_t cpu_a, uint64_t cpu_b) {
  MetricsBatch b;
  b.pods[PodRef{"default", "web"}]["a"] = MetricsPoint{start, at, cpu_a, 1000};
  b.pods[PodRef{"default", "web"}]["b"] = MetricsPoint{start, at, cpu_b, 2000};
  return b;
}

TEST(MetricsStorageTest, NodeUsageNeedsTwoScrapes) {
  MetricsStorage s;
  s.Store(NodeBatch(T(0), 10'000'000'000ULL, 100));
  EXPECT_FALSE(s.Node("n1").has_value());
  s.Store(NodeBatch(T(15), 13'000'000'000ULL, 200));
  auto u = s.Node("n1");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->usage.cpu_nano_cores, 200'000'000u);  // 3 s of CPU in 15 s
  EXPECT_EQ(u->usage.memory_bytes, 200u);
  EXPECT_EQ(u->time.timestamp, T(15));
  EXPECT_EQ(u->time.window, seconds(15));
  // The same point again (the kubelet had nothing newer): the window stays.
  s.Store(NodeBatch(T(15), 13'000'000'000ULL, 200));
  ASSERT_TRUE(s.Node("n1").has_value());
  EXPECT_EQ(s.Node("n1")->usage.cpu_nano_cores, 200'000'000u);
  // A node missing from a round is forgotten.
  s.Store(MetricsBatch{});
  EXPECT_FALSE(s.Node("n1").has_value());
}

TEST(MetricsStorageTest, CpuGoingBackwardsGivesNoUsage) {
  MetricsStorage s;
  s.Store(NodeBatch(T(0), 10'000'000'000ULL, 100));
  s.Store(NodeBatch(T(15), 1'000'000'000ULL, 100));
  EXPECT_FALSE(s.Node("n1").has_value());
}

TEST(MetricsStorageTest, PodUsagePerContainer) {
  MetricsStorage s;
  s.Store(PodBatch(T(-3600), T(0), 1'000'000'000ULL, 0));
  EXPECT_FALSE(s.Pod(PodRef{"default", "web"}).has_value());
  s.Store(PodBatch(T(-3600), T(15), 16'000'000'000ULL, 1'500'000'000ULL));
  auto u = s.Pod(PodRef{"default", "web"});
  ASSERT_TRUE(u.has_value());
  ASSERT_EQ(u->containers.size(), 2u);
  EXPECT_EQ(u->containers[0].name, "a");
  EXPECT_EQ(u->containers[0].usage.cpu_nano_cores, 1'000'000'000u);  // a whole core
  EXPECT_EQ(u->containers[1].usage.cpu_nano_cores, 100'000'000u);
  EXPECT_EQ(u->containers[1].usage.memory_bytes, 2000u);
  EXPECT_EQ(u->time.window, seconds(15));
  EXPECT_FALSE(s.Pod(PodRef{"other", "web"}).has_value());
}

TEST(MetricsStorageTest, RestartedContainerStartsOver) {
  MetricsStorage s;
  s.Store(PodBatch(T(-3600), T(0), 5'000'000'000ULL, 5'000'000'000ULL));
  // Both containers restarted at T(14): their old points no longer count.
  s.Store(PodBatch(T(14), T(15), 100'000'000ULL, 100'000'000ULL));
  EXPECT_FALSE(s.Pod(PodRef{"default", "web"}).has_value());
  s.Store(PodBatch(T(14), T(30), 1'600'000'000ULL, 100'000'000ULL));
  auto u = s.Pod(PodRef{"default", "web"});
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->containers[0].usage.cpu_nano_cores, 100'000'000u);
}

TEST(MetricsStorageTest, FreshContainerCountsFromItsStart) {
  MetricsStorage s;
  // Started 12 s before its first point: its usage since start is the rate.
  s.Store(PodBatch(T(0), T(12), 6'000'000'000ULL, 1'200'000'000ULL));
  auto u = s.Pod(PodRef{"default", "web"});
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->containers[0].usage.cpu_nano_cores, 500'000'000u);
  EXPECT_EQ(u->containers[1].usage.cpu_nano_cores, 100'000'000u);
  EXPECT_EQ(u->time.window, seconds(12));
  // Started 5 s before: too young to trust, wait for the next scrape.
  MetricsStorage young;
  young.Store(PodBatch(T(0), T(5), 6'000'000'000ULL, 1));
  EXPECT_FALSE(young.Pod(PodRef{"default", "web"}).has_value());
}

TEST(MetricsStorageTest, PodNeedsEveryContainer) {
  MetricsStorage s;
  s.Store(PodBatch(T(-3600), T(0), 1, 1));
  MetricsBatch next = PodBatch(T(-3600), T(15), 2, 2);
  next.pods[PodRef{"default", "web"}]["c"] =
      MetricsPoint{T(-3600), T(15), 5, 5};  // new container, one point
  s.Store(next);
  EXPECT_FALSE(s.Pod(PodRef{"default", "web"}).has_value());
}

}  // namespace
}  // namespace kubepp::apiserver::metricsapi
