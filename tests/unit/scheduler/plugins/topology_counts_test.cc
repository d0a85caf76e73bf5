// TopologyCounts: counts per (topologyKey, value) domain, read back by views;
// keys() names each topology key once, as a reader's list of labels to ask.
#include "scheduler/plugins/interpodaffinity/topology_counts.h"

#include <gtest/gtest.h>

#include <string>

namespace kubepp::scheduler::plugins::interpodaffinity {
namespace {

constexpr const char* kHost = "kubernetes.io/hostname";
constexpr const char* kZone = "topology.kubernetes.io/zone";

TEST(TopologyCountsTest, CountsPerDomainAndNamesEachKeyOnce) {
  TopologyCounts counts;
  EXPECT_TRUE(counts.empty());
  EXPECT_FALSE(counts.AnyPositive());
  counts.Add(kHost, "node-1", 1);
  counts.Add(kZone, "z1", 2);
  counts.Add(kHost, "node-2", 1);
  counts.Add(kHost, "node-1", 1);
  std::string key = kHost, value = "node-1";  // lookups by other strings' views
  EXPECT_EQ(counts.At(key, value), 2);
  EXPECT_EQ(counts.At(kHost, "node-2"), 1);
  EXPECT_EQ(counts.At(kZone, "z1"), 2);
  EXPECT_EQ(counts.At(kZone, "node-1"), 0) << "a value counts under its own key only";
  EXPECT_EQ(counts.At(kHost, "node-3"), 0);
  EXPECT_EQ(counts.keys(), (std::vector<std::string>{kHost, kZone}));
  EXPECT_TRUE(counts.AnyPositive());
}

// A pod removed in a preemption simulation takes its count back; the domain
// stays known with zero, which is not positive.
TEST(TopologyCountsTest, RemovalsBringCountsToZero) {
  TopologyCounts counts;
  counts.Add(kZone, "z1", 1);
  counts.Add(kZone, "z1", -1);
  EXPECT_EQ(counts.At(kZone, "z1"), 0);
  EXPECT_FALSE(counts.AnyPositive());
  EXPECT_FALSE(counts.empty());
  EXPECT_EQ(counts.keys().size(), 1u);
}

}  // namespace
}  // namespace kubepp::scheduler::plugins::interpodaffinity
