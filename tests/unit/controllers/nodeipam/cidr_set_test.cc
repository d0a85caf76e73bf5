#include "controllers/nodeipam/cidr_set.h"

#include <gtest/gtest.h>

namespace kubepp::controllers {
namespace {

TEST(CidrSet, AllocatesInOrderAndSkipsTakenSubnets) {
  auto set = CidrSet::Create("10.244.0.0/16", 24);
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(set->Occupy("10.244.1.0/24"));
  EXPECT_EQ(set->AllocateNext(), "10.244.0.0/24");
  EXPECT_EQ(set->AllocateNext(), "10.244.2.0/24");
  EXPECT_FALSE(set->Occupy("10.245.0.0/24"));  // outside the cluster CIDR
  EXPECT_FALSE(set->Occupy("10.244.0.0/25"));  // not a subnet of this size
}

TEST(CidrSet, ExhaustionAndRelease) {
  auto set = CidrSet::Create("10.0.0.0/30", 31);
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->AllocateNext(), "10.0.0.0/31");
  EXPECT_EQ(set->AllocateNext(), "10.0.0.2/31");
  EXPECT_EQ(set->AllocateNext(), std::nullopt);
  set->Release("10.0.0.0/31");
  EXPECT_EQ(set->AllocateNext(), "10.0.0.0/31");
}

TEST(CidrSet, RejectsBadInput) {
  EXPECT_FALSE(CidrSet::Create("10.244.0.0", 24).ok());
  EXPECT_FALSE(CidrSet::Create("10.244.0.0/24", 16).ok());
  EXPECT_FALSE(CidrSet::Create("300.1.1.1/8", 24).ok());
  EXPECT_EQ(ParseIPv4("1.2.3.4"), 0x01020304u);
  EXPECT_EQ(ParseIPv4("1.2.3"), std::nullopt);
  EXPECT_EQ(ParseIPv4("1.2.3.4.5"), std::nullopt);
}

}  // namespace
}  // namespace kubepp::controllers
