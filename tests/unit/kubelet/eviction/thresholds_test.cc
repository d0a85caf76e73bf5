// Eviction thresholds from the kubelet's flags: defaults, soft thresholds and
// their grace periods, minimum reclaims, the allocatable copies, and
// upstream's error texts.
#include "kubelet/eviction/thresholds.h"

#include <gtest/gtest.h>

#include "kubelet/eviction/signals.h"

namespace kubepp::kubelet::eviction {
namespace {

using std::chrono::seconds;

std::string Describe(const std::vector<Threshold>& thresholds) {
  std::string out;
  for (const auto& t : thresholds) out += (out.empty() ? "" : "; ") + FormatThreshold(t);
  return out;
}

TEST(ThresholdsTest, DefaultsAreUpstreamsHardThresholdsPlusTheAllocatableCopy) {
  std::vector<Threshold> t = DefaultThresholds();
  ASSERT_EQ(t.size(), 5u) << Describe(t);
  EXPECT_EQ(t[0].signal, "memory.available");
  EXPECT_EQ(t[0].value.quantity->String(), "100Mi");
  EXPECT_EQ(t[1].signal, "nodefs.available");
  EXPECT_FLOAT_EQ(t[1].value.percentage, 0.1f);
  EXPECT_EQ(t[2].signal, "imagefs.available");
  EXPECT_FLOAT_EQ(t[2].value.percentage, 0.15f);
  EXPECT_EQ(t[3].signal, "nodefs.inodesFree");
  EXPECT_FLOAT_EQ(t[3].value.percentage, 0.05f);
  EXPECT_EQ(t[4].signal, "allocatableMemory.available");
  EXPECT_EQ(t[4].value.quantity->String(), "100Mi");
  for (const auto& threshold : t) EXPECT_TRUE(IsHardThreshold(threshold));
}

TEST(ThresholdsTest, SoftThresholdsTakeTheirGracePeriodsAndMinimumReclaimsApplyToBoth) {
  ThresholdFlags flags;
  flags.hard = "memory.available<200Mi";
  flags.soft = "memory.available<1Gi,nodefs.available<20%";
  flags.soft_grace_period = "memory.available=1m30s,nodefs.available=10s";
  flags.minimum_reclaim = "memory.available=50Mi,nodefs.available=5%";
  auto parsed = ParseThresholdConfig(flags);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const auto& t = *parsed;
  ASSERT_EQ(t.size(), 4u) << Describe(t);
  EXPECT_EQ(t[0].signal, "memory.available");
  EXPECT_TRUE(IsHardThreshold(t[0]));
  EXPECT_EQ(t[0].min_reclaim->quantity->String(), "50Mi");
  EXPECT_EQ(t[1].signal, "memory.available");
  EXPECT_EQ(t[1].grace_period, seconds(90));
  EXPECT_EQ(t[1].value.quantity->String(), "1Gi");
  EXPECT_EQ(t[2].signal, "nodefs.available");
  EXPECT_EQ(t[2].grace_period, seconds(10));
  EXPECT_FLOAT_EQ(t[2].min_reclaim->percentage, 0.05f);
  // Only the hard memory threshold is copied to the pods' allocatable.
  EXPECT_EQ(t[3].signal, "allocatableMemory.available");
  EXPECT_TRUE(IsHardThreshold(t[3]));
  EXPECT_EQ(t[3].value.quantity->String(), "200Mi");
}

TEST(ThresholdsTest, WithoutPodsEnforcementThereIsNoAllocatableThreshold) {
  ThresholdFlags flags;
  flags.enforce_node_allocatable = {"none"};
  auto parsed = ParseThresholdConfig(flags);
  ASSERT_TRUE(parsed.ok());
  for (const auto& t : *parsed) EXPECT_NE(t.signal, kSignalAllocatableMemoryAvailable);
  EXPECT_EQ(parsed->size(), 4u);
}

TEST(ThresholdsTest, ZeroAndHundredPercentDisableASignal) {
  ThresholdFlags flags;
  flags.hard = "memory.available<0%,nodefs.available<100%,pid.available<1000";
  auto parsed = ParseThresholdConfig(flags);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 1u) << Describe(*parsed);
  EXPECT_EQ((*parsed)[0].signal, "pid.available");
}

TEST(ThresholdsTest, ErrorsUseUpstreamsWords) {
  auto error = [](ThresholdFlags flags) {
    auto parsed = ParseThresholdConfig(flags);
    return parsed.ok() ? std::string("ok") : parsed.status().message();
  };
  ThresholdFlags soft_without_grace;
  soft_without_grace.soft = "memory.available<1Gi";
  EXPECT_EQ(error(soft_without_grace),
            "grace period must be specified for the soft eviction threshold memory.available");
  ThresholdFlags unknown;
  unknown.hard = "memory.free<1Gi";
  EXPECT_EQ(error(unknown), "unsupported eviction signal memory.free");
  ThresholdFlags negative_grace;
  negative_grace.soft = "memory.available<1Gi";
  negative_grace.soft_grace_period = "memory.available=-1s";
  EXPECT_EQ(error(negative_grace),
            "invalid eviction grace period specified: -1s, must be a positive value");
  ThresholdFlags unknown_grace;
  unknown_grace.soft_grace_period = "swap.available=1s";
  EXPECT_EQ(error(unknown_grace), "unsupported eviction signal swap.available");
  ThresholdFlags negative_reclaim;
  negative_reclaim.minimum_reclaim = "memory.available=-1Mi";
  EXPECT_EQ(error(negative_reclaim),
            "negative eviction minimum reclaim specified for memory.available");
  ThresholdFlags zero_percent_reclaim;
  zero_percent_reclaim.minimum_reclaim = "nodefs.available=0%";
  EXPECT_EQ(error(zero_percent_reclaim),
            "eviction percentage minimum reclaim nodefs.available must be positive: 0%");
  ThresholdFlags not_positive;
  not_positive.hard = "memory.available<0";
  EXPECT_EQ(error(not_positive), "eviction threshold memory.available must be positive: 0");
}

TEST(ThresholdsTest, ThresholdQuantityIsTheQuantityOrAPercentageOfCapacityRoundedDown) {
  ThresholdValue amount;
  amount.quantity = *api::Quantity::Parse("100Mi");
  EXPECT_EQ(ThresholdQuantity(amount, 1 << 30).String(), "100Mi");
  ThresholdValue share;
  share.percentage = 0.1f;
  EXPECT_EQ(ThresholdQuantity(share, 1000).String(), "100");
  // 0.1 as a float32 is a little over a tenth, as upstream computes it.
  EXPECT_EQ(ThresholdQuantity(share, int64_t{10} << 30).String(), "1073741840");
  EXPECT_EQ(ThresholdQuantity(share, 1005).Value(), 100);
}

TEST(ThresholdsTest, NodeAllocatableTakesTheHardThresholdsButTheAllocatableCopies) {
  ThresholdFlags flags;
  flags.hard = "memory.available<300Mi,nodefs.available<5%";
  flags.soft = "memory.available<1Gi";
  flags.soft_grace_period = "memory.available=1m";
  auto parsed = ParseThresholdConfig(flags);
  ASSERT_TRUE(parsed.ok());
  std::vector<EvictionThreshold> hard = NodeAllocatableThresholds(*parsed);
  ASSERT_EQ(hard.size(), 2u);
  EXPECT_EQ(hard[0].signal, "memory.available");
  EXPECT_EQ(hard[0].quantity->String(), "300Mi");
  EXPECT_EQ(hard[1].signal, "nodefs.available");
  EXPECT_FLOAT_EQ(hard[1].percentage, 0.05f);
}

TEST(ThresholdsTest, SignalsMapToResourcesAndConditions) {
  EXPECT_EQ(SignalResource("memory.available"), "memory");
  EXPECT_EQ(SignalResource("allocatableMemory.available"), "memory");
  EXPECT_EQ(SignalResource("imagefs.available"), "ephemeral-storage");
  EXPECT_EQ(SignalResource("nodefs.inodesFree"), "inodes");
  EXPECT_EQ(SignalResource("pid.available"), "pids");
  EXPECT_EQ(SignalResource("swap.available"), "");
  EXPECT_EQ(SignalNodeCondition("memory.available"), "MemoryPressure");
  EXPECT_EQ(SignalNodeCondition("containerfs.inodesFree"), "DiskPressure");
  EXPECT_EQ(SignalNodeCondition("pid.available"), "PIDPressure");
}

}  // namespace
}  // namespace kubepp::kubelet::eviction
