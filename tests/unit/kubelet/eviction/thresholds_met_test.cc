// The bookkeeping of eviction rounds: thresholds met (and kept met until
// their minimum reclaim is back), grace periods, pressure conditions that
// outlive their observation by the transition period, ordering.
#include "kubelet/eviction/thresholds_met.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet::eviction {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr int64_t kMi = 1 << 20;

Threshold Hard(std::string signal, std::string quantity) {
  Threshold t;
  t.signal = std::move(signal);
  t.value.quantity = *api::Quantity::Parse(quantity);
  return t;
}

Observations Memory(int64_t available, int64_t capacity = 1024 * kMi) {
  Observations o;
  o["memory.available"] = Observation{available, capacity};
  return o;
}

TEST(ThresholdsMetTest, MetWhenAvailableFallsBelowTheThreshold) {
  std::vector<Threshold> t = {Hard("memory.available", "100Mi")};
  EXPECT_EQ(ThresholdsMet(t, Memory(99 * kMi), false).size(), 1u);
  EXPECT_TRUE(ThresholdsMet(t, Memory(100 * kMi), false).empty());
  // A signal without an observation never meets its threshold.
  EXPECT_TRUE(ThresholdsMet({Hard("pid.available", "100")}, Memory(0), false).empty());
}

TEST(ThresholdsMetTest, PercentagesAreOfTheObservedCapacity) {
  Threshold t;
  t.signal = "nodefs.available";
  t.value.percentage = 0.1f;
  Observations o;
  o["nodefs.available"] = Observation{99, 1000};
  EXPECT_EQ(ThresholdsMet({t}, o, false).size(), 1u);
  o["nodefs.available"] = Observation{101, 1000};
  EXPECT_TRUE(ThresholdsMet({t}, o, false).empty());
}

TEST(ThresholdsMetTest, MinimumReclaimKeepsAThresholdMetUntilThatMuchMoreIsFree) {
  Threshold t = Hard("memory.available", "100Mi");
  ThresholdValue reclaim;
  reclaim.quantity = *api::Quantity::Parse("50Mi");
  t.min_reclaim = reclaim;
  EXPECT_TRUE(ThresholdsMet({t}, Memory(120 * kMi), false).empty());
  EXPECT_EQ(ThresholdsMet({t}, Memory(120 * kMi), true).size(), 1u);
  EXPECT_TRUE(ThresholdsMet({t}, Memory(151 * kMi), true).empty());
}

TEST(ThresholdsMetTest, GracePeriodsCountFromTheFirstObservationOfAnUnbrokenRun) {
  Clock::TimePoint t0{};
  Threshold soft = Hard("memory.available", "1Gi");
  soft.grace_period = seconds(30);
  Threshold hard = Hard("memory.available", "100Mi");
  ThresholdsObservedAt at = ThresholdsFirstObservedAt({soft, hard}, {}, t0);
  EXPECT_EQ(ThresholdsMetGracePeriod(at, t0), std::vector<Threshold>{hard});
  at = ThresholdsFirstObservedAt({soft}, at, t0 + seconds(29));
  EXPECT_TRUE(ThresholdsMetGracePeriod(at, t0 + seconds(29)).empty());
  EXPECT_EQ(ThresholdsMetGracePeriod(at, t0 + seconds(30)), std::vector<Threshold>{soft});
  // Once not met the run is broken and the period starts again.
  at = ThresholdsFirstObservedAt({}, at, t0 + seconds(40));
  at = ThresholdsFirstObservedAt({soft}, at, t0 + seconds(50));
  EXPECT_TRUE(ThresholdsMetGracePeriod(at, t0 + seconds(60)).empty());
  EXPECT_EQ(ThresholdsMetGracePeriod(at, t0 + seconds(80)).size(), 1u);
}

TEST(ThresholdsMetTest, ConditionsStayForTheTransitionPeriodAfterTheLastObservation) {
  Clock::TimePoint t0{};
  std::vector<Threshold> met = {Hard("memory.available", "100Mi"),
                                Hard("allocatableMemory.available", "100Mi"),
                                Hard("nodefs.available", "1Gi")};
  EXPECT_EQ(NodeConditions(met), (std::vector<std::string>{"MemoryPressure", "DiskPressure"}));
  NodeConditionsObservedAt at = NodeConditionsLastObservedAt(NodeConditions(met), {}, t0);
  at = NodeConditionsLastObservedAt({"DiskPressure"}, at, t0 + minutes(3));
  EXPECT_EQ(NodeConditionsObservedSince(at, minutes(5), t0 + minutes(4)),
            (std::vector<std::string>{"DiskPressure", "MemoryPressure"}));
  EXPECT_EQ(NodeConditionsObservedSince(at, minutes(5), t0 + minutes(5)),
            std::vector<std::string>{"DiskPressure"});
  EXPECT_TRUE(NodeConditionsObservedSince(at, minutes(5), t0 + minutes(8)).empty());
}

TEST(ThresholdsMetTest, MemoryComesFirstAndUnknownSignalsLast) {
  std::vector<Threshold> t = {Hard("nodefs.available", "1Gi"), Hard("swap.available", "1Gi"),
                              Hard("pid.available", "10"),
                              Hard("allocatableMemory.available", "1Gi")};
  SortByEvictionPriority(t);
  EXPECT_EQ(t[0].signal, "allocatableMemory.available");
  EXPECT_EQ(t[1].signal, "nodefs.available");
  EXPECT_EQ(t[2].signal, "pid.available");
  EXPECT_EQ(t[3].signal, "swap.available");
}

TEST(ThresholdsMetTest, OnlyThresholdsWithNewerFiguresAreActedOn) {
  Clock::TimePoint t0 = Clock::TimePoint{} + seconds(100);
  std::vector<Threshold> t = {Hard("memory.available", "100Mi")};
  Observations last;
  last["memory.available"] = Observation{0, 1, api::Quantity::Format::kBinarySI, t0};
  Observations same = last;
  EXPECT_TRUE(ThresholdsUpdatedStats(t, same, last).empty());
  Observations newer = last;
  newer["memory.available"].time = t0 + seconds(10);
  EXPECT_EQ(ThresholdsUpdatedStats(t, newer, last).size(), 1u);
  EXPECT_EQ(ThresholdsUpdatedStats(t, newer, {}).size(), 1u);
}

TEST(ThresholdsMetTest, MergeKeepsOrderAndDropsDuplicates) {
  Threshold a = Hard("memory.available", "100Mi");
  Threshold b = Hard("nodefs.available", "1Gi");
  EXPECT_EQ(MergeThresholds({a}, {b, a}), (std::vector<Threshold>{a, b}));
}

}  // namespace
}  // namespace kubepp::kubelet::eviction
