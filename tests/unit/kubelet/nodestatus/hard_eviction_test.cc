#include "kubelet/nodestatus/hard_eviction.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet {
namespace {

TEST(HardEviction, UpstreamDefaults) {
  auto defaults = DefaultHardEvictionThresholds();
  ASSERT_EQ(defaults.size(), 4u);
  EXPECT_EQ(defaults[0].signal, "memory.available");
  ASSERT_TRUE(defaults[0].quantity.has_value());
  EXPECT_EQ(defaults[0].quantity->String(), "100Mi");
  EXPECT_EQ(defaults[1].signal, "nodefs.available");
  EXPECT_FLOAT_EQ(defaults[1].percentage, 0.10f);
  EXPECT_EQ(defaults[2].signal, "imagefs.available");
  EXPECT_FLOAT_EQ(defaults[2].percentage, 0.15f);
  EXPECT_EQ(defaults[3].signal, "nodefs.inodesFree");
  EXPECT_FLOAT_EQ(defaults[3].percentage, 0.05f);
}

TEST(HardEviction, ParsesTheFlag) {
  auto parsed = ParseEvictionHard("memory.available<500Mi,nodefs.available<5%,imagefs.available<0%");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), 2u);  // 0% disables imagefs
  EXPECT_EQ((*parsed)[0].quantity->String(), "500Mi");
  EXPECT_FLOAT_EQ((*parsed)[1].percentage, 0.05f);
  EXPECT_TRUE(ParseEvictionHard("")->empty());
}

TEST(HardEviction, RejectsBadThresholds) {
  EXPECT_EQ(ParseEvictionHard("cpu.available<1").status().message(), "unsupported eviction signal cpu.available");
  EXPECT_EQ(ParseEvictionHard("memory.available<0").status().message(),
            "eviction threshold memory.available must be positive: 0");
  EXPECT_EQ(ParseEvictionHard("nodefs.available<150%").status().message(),
            "eviction percentage threshold nodefs.available must be <= 100%: 150%");
  EXPECT_FALSE(ParseEvictionHard("memory.available=1Gi").ok());
  EXPECT_FALSE(ParseEvictionHard("memory.available<1Gi,memory.available<2Gi").ok());
}

}  // namespace
}  // namespace kubepp::kubelet
