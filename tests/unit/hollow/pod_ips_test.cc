#include "hollow/pod_ips.h"

#include <gtest/gtest.h>

namespace kubepp::hollow {
namespace {

TEST(PodIps, FromThePodCidr) {
  PodIps ips;
  EXPECT_EQ(ips.Next("n", 0, "10.244.3.0/24"), "10.244.3.1");
  EXPECT_EQ(ips.Next("n", 0, "10.244.3.0/24"), "10.244.3.2");
  EXPECT_EQ(ips.Next("m", 1, "10.244.4.0/24"), "10.244.4.1");
}

TEST(PodIps, WrapsWithoutNetworkOrBroadcast) {
  PodIps ips;
  std::string last;
  for (int i = 0; i < 254; ++i) last = ips.Next("n", 0, "10.0.0.0/24");
  EXPECT_EQ(last, "10.0.0.254");
  EXPECT_EQ(ips.Next("n", 0, "10.0.0.0/24"), "10.0.0.1");
}

TEST(PodIps, FakeRangeWithoutCidr) {
  PodIps ips;
  EXPECT_EQ(ips.Next("a", 0, ""), "100.64.0.1");
  EXPECT_EQ(ips.Next("b", 3, "fd00::/64"), "100.64.3.1");
}

TEST(PodIps, ParseCidr) {
  uint32_t base = 0;
  int prefix = 0;
  ASSERT_TRUE(ParseIpv4Cidr("10.244.3.7/24", &base, &prefix));
  EXPECT_EQ(base, (10u << 24) | (244u << 16) | (3u << 8));
  EXPECT_EQ(prefix, 24);
  EXPECT_FALSE(ParseIpv4Cidr("10.244.3/24", &base, &prefix));
  EXPECT_FALSE(ParseIpv4Cidr("10.244.3.0", &base, &prefix));
  EXPECT_FALSE(ParseIpv4Cidr("10.244.3.0/33", &base, &prefix));
  EXPECT_FALSE(ParseIpv4Cidr("300.0.0.0/8", &base, &prefix));
}

}  // namespace
}  // namespace kubepp::hollow
