#include "scheduler/cache/cache.h"

#include <gtest/gtest.h>

#include <set>

#include "unit/scheduler/test_objects.h"

namespace kubepp::scheduler::testing {
namespace {

class CacheTest : public ::testing::Test {
 protected:
  ManualClock clock_;
  cache::Cache cache_{clock_, std::chrono::seconds(30)};
  cache::Snapshot snap_;
};

TEST_F(CacheTest, AssumedPodCountsUntilConfirmedOrForgotten) {
  cache_.AddNode(NodeBuilder("n1").Spec());
  framework::PodInfoPtr p = PodBuilder("p").Req("1").Node("n1").Info();
  ASSERT_TRUE(cache_.AssumePod(p).ok());
  EXPECT_TRUE(cache_.IsAssumedPod("default/p"));
  EXPECT_TRUE(cache_.AssumePod(p).IsAlreadyExists());
  cache_.UpdateSnapshot(snap_);
  EXPECT_EQ(snap_.Get("n1")->requested().milli_cpu, 1000);

  // The informer's event for the bound pod confirms it.
  cache_.AddPod(PodBuilder("p").Req("1").Node("n1").Info());
  EXPECT_FALSE(cache_.IsAssumedPod("default/p"));
  EXPECT_TRUE(cache_.ForgetPod("default/p").IsNotFound());
  cache_.UpdateSnapshot(snap_);
  EXPECT_EQ(snap_.Get("n1")->pods().size(), 1u);
  EXPECT_EQ(snap_.Get("n1")->requested().milli_cpu, 1000);

  ASSERT_TRUE(cache_.AssumePod(PodBuilder("q").Req("500m").Node("n1").Info()).ok());
  ASSERT_TRUE(cache_.ForgetPod("default/q").ok());
  cache_.UpdateSnapshot(snap_);
  EXPECT_EQ(snap_.Get("n1")->requested().milli_cpu, 1000);
}

TEST_F(CacheTest, AssumedPodExpiresAfterBindingFinishedWithoutConfirmation) {
  cache_.AddNode(NodeBuilder("n1").Spec());
  ASSERT_TRUE(cache_.AssumePod(PodBuilder("p").Req("1").Node("n1").Info()).ok());
  clock_.Advance(std::chrono::minutes(5));
  cache_.CleanupExpiredAssumedPods();
  EXPECT_TRUE(cache_.IsAssumedPod("default/p"));  // binding not finished: never expires
  cache_.FinishBinding("default/p");
  clock_.Advance(std::chrono::seconds(29));
  cache_.CleanupExpiredAssumedPods();
  EXPECT_TRUE(cache_.IsAssumedPod("default/p"));
  clock_.Advance(std::chrono::seconds(2));
  cache_.CleanupExpiredAssumedPods();
  EXPECT_FALSE(cache_.IsAssumedPod("default/p"));
  cache_.UpdateSnapshot(snap_);
  EXPECT_EQ(snap_.Get("n1")->requested().milli_cpu, 0);
}

TEST_F(CacheTest, SnapshotCopiesOnlyChangedNodes) {
  for (int i = 0; i < 3; ++i) cache_.AddNode(NodeBuilder("n" + std::to_string(i)).Spec());
  cache_.UpdateSnapshot(snap_);
  ASSERT_EQ(snap_.List().size(), 3u);
  const framework::NodeInfo* n0 = snap_.Get("n0");
  int64_t gen0 = n0->generation;
  int64_t gen1 = snap_.Get("n1")->generation;
  cache_.AddPod(PodBuilder("p").Node("n1").Info());
  cache_.UpdateSnapshot(snap_);
  EXPECT_EQ(snap_.Get("n0"), n0);  // same object, untouched
  EXPECT_EQ(snap_.Get("n0")->generation, gen0);
  EXPECT_GT(snap_.Get("n1")->generation, gen1);
  EXPECT_EQ(snap_.Get("n1")->pods().size(), 1u);
  EXPECT_EQ(snap_.List().size(), 3u);
}

TEST_F(CacheTest, SnapshotTracksNodeRemovalAndAffinityLists) {
  cache_.AddNode(NodeBuilder("n1").Spec());
  cache_.AddNode(NodeBuilder("n2").Image("busybox:latest", 100).Spec());
  cache_.UpdateSnapshot(snap_);
  EXPECT_EQ(snap_.ImageNodeCount("busybox:latest"), 1);
  EXPECT_TRUE(snap_.HavePodsWithRequiredAntiAffinity().empty());
  PodBuilder anti("a");
  anti.Node("n1").Spec("affinity", boost::json::parse(R"({"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
      [{"labelSelector": {"matchLabels": {"x": "y"}}, "topologyKey": "kubernetes.io/hostname"}]}})"));
  cache_.AddPod(anti.Info());
  cache_.UpdateSnapshot(snap_);
  ASSERT_EQ(snap_.HavePodsWithRequiredAntiAffinity().size(), 1u);
  EXPECT_EQ(snap_.HavePodsWithRequiredAntiAffinity()[0]->name(), "n1");
  EXPECT_EQ(snap_.HavePodsWithAffinity().size(), 1u);

  cache_.RemoveNode("n2");
  cache_.UpdateSnapshot(snap_);
  ASSERT_EQ(snap_.List().size(), 1u);
  EXPECT_EQ(snap_.Get("n2"), nullptr);
  EXPECT_EQ(snap_.ImageNodeCount("busybox:latest"), 0);
  cache_.RemovePod("default/a");
  cache_.UpdateSnapshot(snap_);
  EXPECT_TRUE(snap_.HavePodsWithAffinity().empty());
  EXPECT_EQ(cache_.PodCount(), 0u);
}

// With the node set unchanged, nodes join and leave the affinity lists as
// their pods come and go, one snapshot update after another.
TEST_F(CacheTest, AffinityListsFollowPodsOnAStableNodeSet) {
  for (const char* n : {"n1", "n2", "n3"}) cache_.AddNode(NodeBuilder(n).Spec());
  cache_.UpdateSnapshot(snap_);
  auto anti = [](const std::string& name, const std::string& node) {
    PodBuilder p(name);
    p.Node(node).Spec(
        "affinity",
        boost::json::parse(R"({"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
        [{"labelSelector": {"matchLabels": {"x": "y"}}, "topologyKey": "kubernetes.io/hostname"}]}})"));
    return p.Info();
  };
  auto names = [](const std::vector<framework::NodeInfo*>& list) {
    std::set<std::string> out;
    for (const framework::NodeInfo* n : list) out.insert(n->name());
    EXPECT_EQ(out.size(), list.size()) << "a node listed twice";
    return out;
  };
  cache_.AddPod(anti("a1", "n1"));
  cache_.UpdateSnapshot(snap_);
  cache_.AddPod(anti("a2", "n2"));
  cache_.AddPod(anti("a3", "n2"));
  cache_.AddPod(PodBuilder("plain").Node("n3").Info());
  cache_.UpdateSnapshot(snap_);
  EXPECT_EQ(names(snap_.HavePodsWithRequiredAntiAffinity()), (std::set<std::string>{"n1", "n2"}));
  EXPECT_EQ(names(snap_.HavePodsWithAffinity()), (std::set<std::string>{"n1", "n2"}));
  cache_.RemovePod("default/a1");
  cache_.RemovePod("default/a2");  // n2 keeps a3
  cache_.UpdateSnapshot(snap_);
  EXPECT_EQ(names(snap_.HavePodsWithRequiredAntiAffinity()), (std::set<std::string>{"n2"}));
  cache_.AddPod(anti("a4", "n1"));
  cache_.RemovePod("default/a3");
  cache_.UpdateSnapshot(snap_);
  EXPECT_EQ(names(snap_.HavePodsWithRequiredAntiAffinity()), (std::set<std::string>{"n1"}));
  EXPECT_EQ(names(snap_.HavePodsWithAffinity()), (std::set<std::string>{"n1"}));
  EXPECT_EQ(snap_.List().size(), 3u);
}

TEST_F(CacheTest, PodsOfUnknownNodeWaitForTheNode) {
  cache_.AddPod(PodBuilder("p").Req("1").Node("later").Info());
  cache_.UpdateSnapshot(snap_);
  EXPECT_TRUE(snap_.List().empty());
  cache_.AddNode(NodeBuilder("later").Spec());
  cache_.UpdateSnapshot(snap_);
  ASSERT_EQ(snap_.List().size(), 1u);
  EXPECT_EQ(snap_.Get("later")->requested().milli_cpu, 1000);
}

}  // namespace
}  // namespace kubepp::scheduler::testing
