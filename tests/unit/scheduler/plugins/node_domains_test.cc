// NodeDomains: a node's domain number holds while the node keeps its
// generation and is looked up again when it moves; equal values share a
// number; a node without the label has none (-1).
#include "scheduler/plugins/podtopologyspread/node_domains.h"

#include <gtest/gtest.h>

#include "unit/scheduler/test_objects.h"

namespace kubepp::scheduler::plugins::podtopologyspread {
namespace {

using testing::NodeBuilder;

constexpr const char* kZone = "topology.kubernetes.io/zone";

TEST(NodeDomainsTest, NumbersFollowLabelsAndGenerations) {
  framework::NodeInfo a, b, bare;
  a.SetNode(NodeBuilder("a").Label(kZone, "z1").Spec());
  a.generation = 4;
  b.SetNode(NodeBuilder("b").Label(kZone, "z1").Spec());
  b.generation = 5;
  bare.SetNode(NodeBuilder("bare").Spec());
  bare.generation = 6;

  NodeDomains zones(kZone);
  int z1 = zones.Of(a);
  ASSERT_GE(z1, 0);
  EXPECT_EQ(zones.Value(z1), "z1");
  EXPECT_EQ(zones.Of(b), z1) << "equal values share a number";
  EXPECT_EQ(zones.Of(bare), -1);

  // The node is relabelled: the cache gives it a new generation with it.
  b.SetNode(NodeBuilder("b").Label(kZone, "z2").Spec());
  EXPECT_EQ(zones.Of(b), z1) << "same generation: the number held";
  b.generation = 7;
  int z2 = zones.Of(b);
  EXPECT_NE(z2, z1);
  EXPECT_EQ(zones.Value(z2), "z2");
  EXPECT_EQ(zones.size(), 2u);

  // A NodeInfo the cache never numbered is looked up every time.
  framework::NodeInfo loose;
  loose.SetNode(NodeBuilder("loose").Label(kZone, "z1").Spec());
  EXPECT_EQ(zones.Of(loose), z1);
  loose.SetNode(NodeBuilder("loose").Label(kZone, "z2").Spec());
  EXPECT_EQ(zones.Of(loose), z2);
  EXPECT_FALSE(zones.Oversized(4));
}

}  // namespace
}  // namespace kubepp::scheduler::plugins::podtopologyspread
