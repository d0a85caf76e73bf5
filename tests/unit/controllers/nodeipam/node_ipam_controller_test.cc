#include "controllers/nodeipam/nodeipam.h"

#include <set>

#include <gtest/gtest.h>

#include "controllers/util/object_fields.h"
#include "unit/controllers/informer_test_env.h"

namespace kubepp::controllers {
namespace {

using testing::InformerTestEnv;
using testing::WaitFor;

const client::Resource kNodes = client::Resource::Of("", "nodes");

boost::json::object Node(std::string name, std::string cidr = "") {
  boost::json::object n{{"kind", "Node"}, {"metadata", {{"name", name}}}};
  if (!cidr.empty()) n["spec"] = boost::json::object{{"podCIDR", cidr}, {"podCIDRs", {cidr}}};
  return n;
}

std::string CidrOf(InformerTestEnv& env, const std::string& name) {
  auto n = env.Get(kNodes, "", name);
  return n ? std::string(util::StringAt(*n, {"spec", "podCIDR"})) : "";
}

TEST(NodeIpam, EveryNodeGetsADistinctFreeSubnet) {
  InformerTestEnv env;
  // Restart safety: subnets already on nodes are never handed out again.
  env.client().Seed(kNodes, Node("old", "10.244.0.0/24"));
  env.client().Seed(kNodes, Node("a"));
  env.client().Seed(kNodes, Node("b"));
  env.Start(MakeNodeIpamRegistration());
  ASSERT_TRUE(WaitFor([&] { return !CidrOf(env, "a").empty() && !CidrOf(env, "b").empty(); }));
  std::set<std::string> cidrs{CidrOf(env, "old"), CidrOf(env, "a"), CidrOf(env, "b")};
  EXPECT_EQ(cidrs.size(), 3u);
  EXPECT_EQ(cidrs, (std::set<std::string>{"10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"}));
  auto a = env.Get(kNodes, "", "a");
  EXPECT_EQ(util::ArrayAt(*a, {"spec", "podCIDRs"})->at(0).as_string(), CidrOf(env, "a"));

  ASSERT_TRUE(env.client().Create(kNodes, "", Node("c")).ok());
  EXPECT_TRUE(WaitFor([&] { return CidrOf(env, "c") == "10.244.3.0/24"; }));
}

}  // namespace
}  // namespace kubepp::controllers
