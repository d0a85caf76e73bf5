// MatchCounts: a node's count of matching pods is kept while the node keeps
// its generation and counted again when the generation moves; each
// namespace and selector has its own table; NodeInfos the cache never
// numbered (generation 0) are always counted.
#include "scheduler/plugins/podtopologyspread/match_counts.h"

#include <gtest/gtest.h>

#include "unit/scheduler/test_objects.h"

namespace kubepp::scheduler::plugins::podtopologyspread {
namespace {

using testing::NodeBuilder;
using testing::PodBuilder;

api::LabelSelector Selector(const std::string& text) {
  auto s = api::LabelSelector::Parse(text);
  EXPECT_TRUE(s.ok());
  return s.ok() ? *s : api::LabelSelector();
}

TEST(MatchCountsTest, ANodeIsCountedAgainOnlyWhenItsGenerationMoves) {
  framework::NodeInfo node;
  node.SetNode(NodeBuilder("n1", "4", "8Gi").Spec());
  node.AddPod(PodBuilder("a", "team").Label("app", "web").Node("n1").Info());
  node.AddPod(PodBuilder("b", "team").Label("app", "db").Node("n1").Info());
  node.AddPod(PodBuilder("c", "other").Label("app", "web").Node("n1").Info());
  node.generation = 7;

  MatchCounts counts;
  auto web = counts.For("team", Selector("app=web"), 1);
  EXPECT_EQ(web->Count(node), 1);

  node.AddPod(PodBuilder("d", "team").Label("app", "web").Node("n1").Info());
  EXPECT_EQ(web->Count(node), 1) << "same generation: the count held";
  node.generation = 8;  // what the scheduler cache does with every change
  EXPECT_EQ(web->Count(node), 2);
  ASSERT_TRUE(node.RemovePod("team/a"));
  node.generation = 9;
  EXPECT_EQ(web->Count(node), 1);

  // Another selector or namespace is another table.
  EXPECT_EQ(counts.For("team", Selector("app=db"), 1)->Count(node), 1);
  EXPECT_EQ(counts.For("other", Selector("app=web"), 1)->Count(node), 1);
  EXPECT_EQ(counts.For("team", Selector("app=web"), 1).get(), web.get());
}

TEST(MatchCountsTest, NodesTheCacheNeverNumberedAreAlwaysCounted) {
  framework::NodeInfo node;
  node.SetNode(NodeBuilder("n1", "4", "8Gi").Spec());
  MatchCounts counts;
  auto web = counts.For("team", Selector("app=web"), 1);
  EXPECT_EQ(web->Count(node), 0);
  node.AddPod(PodBuilder("a", "team").Label("app", "web").Node("n1").Info());
  EXPECT_EQ(web->Count(node), 1);
}

TEST(MatchCountsTest, TablesPastTheLimitAreDroppedButStayValidWhileHeld) {
  framework::NodeInfo node;
  node.SetNode(NodeBuilder("n1", "4", "8Gi").Spec());
  node.AddPod(PodBuilder("a", "team").Label("app", "web").Node("n1").Info());
  node.generation = 3;
  MatchCounts counts;
  auto held = counts.For("team", Selector("app=web"), 1);
  for (int i = 0; i < 40; ++i) counts.For("team", Selector("app=x" + std::to_string(i)), 1);
  EXPECT_EQ(held->Count(node), 1);
  EXPECT_NE(counts.For("team", Selector("app=web"), 1).get(), held.get())
      << "dropped and made anew";
}

}  // namespace
}  // namespace kubepp::scheduler::plugins::podtopologyspread
