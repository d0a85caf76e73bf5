#include "unit/scheduler/plugins/plugin_test_base.h"

namespace kubepp::scheduler::testing {
namespace {

TEST_F(PluginTest, NodeAffinityNodeSelectorAndRequiredTerms) {
  Add(NodeBuilder("n1").Label("disk", "ssd"));
  Add(NodeBuilder("n2"));
  PodBuilder p("p");
  p.Spec("nodeSelector", boost::json::object{{"disk", "ssd"}});
  EXPECT_TRUE(Filter(p.Info(), "n1").ok());
  PluginStatus s = Filter(p.Info(), "n2");
  EXPECT_EQ(s.code(), Code::kUnschedulableAndUnresolvable);
  EXPECT_EQ(s.Message(), "node(s) didn't match Pod's node affinity/selector");

  PodBuilder q("q");
  q.Spec("affinity", boost::json::parse(R"({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
      {"nodeSelectorTerms": [{"matchExpressions": [{"key": "disk", "operator": "NotIn", "values": ["ssd"]}]}]}}})"));
  EXPECT_FALSE(Filter(q.Info(), "n1").ok());
  EXPECT_TRUE(Filter(q.Info(), "n2").ok());
}

TEST_F(PluginTest, NodeAffinityAddedAffinityAppliesToEveryPod) {
  ProfileConfig c = plugins::DefaultProfile();
  c.plugin_args["NodeAffinity"] = boost::json::parse(R"({"addedAffinity": {
      "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "pool", "operator": "In", "values": ["batch", "web"]}]}]},
      "preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 3, "preference": {"matchExpressions": [{"key": "pool", "operator": "In", "values": ["web"]}]}}]}})")
                                      .as_object();
  Build(c);
  Add(NodeBuilder("n1").Label("pool", "batch"));
  Add(NodeBuilder("n2").Label("pool", "web"));
  Add(NodeBuilder("n3"));
  PodInfoPtr plain = PodBuilder("p").Info();  // no affinity of its own
  EXPECT_TRUE(Filter(plain, "n1").ok());
  PluginStatus s = Filter(plain, "n3");
  EXPECT_EQ(s.code(), Code::kUnschedulableAndUnresolvable);
  EXPECT_EQ(s.Message(), "node(s) didn't match scheduler-enforced node affinity");
  // The pod's own terms still apply on top.
  PodBuilder picky("q");
  picky.Spec("nodeSelector", boost::json::object{{"pool", "web"}});
  EXPECT_EQ(Filter(picky.Info(), "n1").Message(), "node(s) didn't match Pod's node affinity/selector");
  // The added preferred term scores pods that have none themselves (weight 2 for NodeAffinity).
  EXPECT_EQ(Scores(plain, "NodeAffinity"), (std::vector<int64_t>{0, 200, 0}));
}

TEST_F(PluginTest, NodeAffinityMatchFieldsNarrowsNodesInPreFilter) {
  Add(NodeBuilder("n1"));
  Add(NodeBuilder("n2"));
  PodBuilder p("p");
  p.Spec("affinity", boost::json::parse(R"({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
      {"nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["n2"]}]}]}}})"));
  EXPECT_TRUE(Filter(p.Info(), "n2").ok());
  EXPECT_EQ(Filter(p.Info(), "n1").Message(), "excluded by PreFilter");
}

TEST_F(PluginTest, NodeAffinityPreferredTermsScoreNormalized) {
  Add(NodeBuilder("n1").Label("zone", "a"));
  Add(NodeBuilder("n2").Label("zone", "b"));
  PodBuilder p("p");
  p.Spec("affinity", boost::json::parse(R"({"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
      {"weight": 5, "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}}]}})"));
  // Normalized to 100 for the best node, times NodeAffinity's weight 2.
  EXPECT_EQ(Scores(p.Info(), "NodeAffinity"), (std::vector<int64_t>{200, 0}));
}

TEST_F(PluginTest, TaintTolerationFiltersAndScores) {
  Add(NodeBuilder("n1").Taint("dedicated", "gpu", "NoSchedule"));
  Add(NodeBuilder("n2").Taint("soft", "", "PreferNoSchedule"));
  Add(NodeBuilder("n3"));
  PluginStatus s = Filter(PodBuilder("p").Info(), "n1");
  EXPECT_EQ(s.code(), Code::kUnschedulableAndUnresolvable);
  EXPECT_EQ(s.Message(), "node(s) had untolerated taint {dedicated: gpu}");
  PodBuilder t("t");
  t.Spec("tolerations", boost::json::parse(R"([{"key": "dedicated", "operator": "Equal", "value": "gpu",
                                                "effect": "NoSchedule"}])"));
  EXPECT_TRUE(Filter(t.Info(), "n1").ok());
  // One untolerated PreferNoSchedule taint on n2: 0 there, 100 elsewhere, weight 3.
  EXPECT_EQ(Scores(PodBuilder("p").Info(), "TaintToleration"), (std::vector<int64_t>{300, 0, 300}));
}

TEST_F(PluginTest, NodeUnschedulableUnlessTolerated) {
  Add(NodeBuilder("n1").Unschedulable());
  EXPECT_EQ(Filter(PodBuilder("p").Info(), "n1").Message(), "node(s) were unschedulable");
  PodBuilder t("t");
  t.Spec("tolerations", boost::json::parse(R"([{"key": "node.kubernetes.io/unschedulable", "operator": "Exists"}])"));
  EXPECT_TRUE(Filter(t.Info(), "n1").ok());
}

TEST_F(PluginTest, NodeNameAndNodePorts) {
  Add(NodeBuilder("n1"));
  Add(NodeBuilder("n2"));
  Add(PodBuilder("a").Node("n1").HostPort(8080));
  PluginStatus s = Filter(PodBuilder("p").HostPort(8080).Info(), "n1");
  EXPECT_EQ(s.code(), Code::kUnschedulable);
  EXPECT_EQ(s.Message(), "node(s) didn't have free ports for the requested pod ports");
  EXPECT_TRUE(Filter(PodBuilder("p").HostPort(8080).Info(), "n2").ok());
  EXPECT_TRUE(Filter(PodBuilder("p").HostPort(8081).Info(), "n1").ok());
  EXPECT_EQ(Filter(PodBuilder("p").Node("n2").Info(), "n1").Message(), "node(s) didn't match the requested node name");
}

TEST_F(PluginTest, ImageLocalityPrefersNodesWithBigImages) {
  Add(NodeBuilder("n1").Image("busybox:latest", 500LL * 1024 * 1024));
  Add(NodeBuilder("n2"));
  std::vector<int64_t> s = Scores(PodBuilder("p").Info(), "ImageLocality");
  // 500MB spread over half the nodes: 250MB, scaled between 23MB and 1000MB.
  EXPECT_EQ(s[0], 100 * (250LL * 1024 * 1024 - 23LL * 1024 * 1024) / (977LL * 1024 * 1024));
  EXPECT_EQ(s[1], 0);
}

TEST_F(PluginTest, SchedulingGatesKeepPodPending) {
  PodBuilder p("p");
  p.Spec("schedulingGates", boost::json::parse(R"([{"name": "a"}, {"name": "b"}])"));
  PluginStatus s = fw_->RunPreEnqueuePlugins(*p.Info());
  EXPECT_EQ(s.code(), Code::kPending);
  EXPECT_EQ(s.Message(), "waiting for scheduling gates: [a b]");
  EXPECT_TRUE(fw_->RunPreEnqueuePlugins(*PodBuilder("q").Info()).ok());
}

TEST(FitError, MessageAsUpstream) {
  NodeInfo a, b, c;
  FitError e;
  e.num_all_nodes = 3;
  e.diagnosis.node_statuses = {
      {&a, PluginStatus(Code::kUnschedulable, "Insufficient cpu")},
      {&b, PluginStatus(Code::kUnschedulableAndUnresolvable, "node(s) didn't match Pod's node affinity/selector")},
      {&c, PluginStatus(Code::kUnschedulableAndUnresolvable, "node(s) didn't match Pod's node affinity/selector")}};
  e.diagnosis.post_filter_msg =
      "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
  EXPECT_EQ(e.Message(),
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. "
            "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
}

TEST(NumFeasibleNodes, AdaptiveAsUpstream) {
  EXPECT_EQ(NumFeasibleNodesToFind(0, 50), 50);
  EXPECT_EQ(NumFeasibleNodesToFind(0, 1000), 420);   // 50 - 8 = 42%
  EXPECT_EQ(NumFeasibleNodesToFind(0, 5000), 500);   // 50 - 40 = 10%
  EXPECT_EQ(NumFeasibleNodesToFind(0, 10000), 500);  // floor of 5%
  EXPECT_EQ(NumFeasibleNodesToFind(0, 150), 100);    // 49% is 73, below the minimum
  EXPECT_EQ(NumFeasibleNodesToFind(100, 5000), 5000);
}

}  // namespace
}  // namespace kubepp::scheduler::testing
