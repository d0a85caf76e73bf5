#include "unit/scheduler/plugins/plugin_test_base.h"

namespace kubepp::scheduler::testing {
namespace {

boost::json::value AntiAffinity(const char* key) {
  return boost::json::parse(std::string(R"({"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
      {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": ")") + key + R"("}]}})");
}

TEST_F(PluginTest, RequiredAntiAffinityKeepsPodsApart) {
  Add(NodeBuilder("n1").Label("zone", "a"));
  Add(NodeBuilder("n2").Label("zone", "a"));
  Add(NodeBuilder("n3").Label("zone", "b"));
  Add(PodBuilder("w1").Node("n1").Labels({{"app", "web"}}));
  PodInfoPtr host = PodBuilder("p").Labels({{"app", "web"}}).Spec("affinity", AntiAffinity("kubernetes.io/hostname")).Info();
  PluginStatus s = Filter(host, "n1");
  EXPECT_EQ(s.code(), Code::kUnschedulable);
  EXPECT_EQ(s.Message(), "node(s) didn't match pod anti-affinity rules");
  EXPECT_TRUE(Filter(host, "n2").ok());
  PodInfoPtr zone = PodBuilder("p").Labels({{"app", "web"}}).Spec("affinity", AntiAffinity("zone")).Info();
  EXPECT_FALSE(Filter(zone, "n2").ok());
  EXPECT_TRUE(Filter(zone, "n3").ok());
}

TEST_F(PluginTest, ExistingPodsAntiAffinityIsHonoured) {
  Add(NodeBuilder("n1"));
  Add(NodeBuilder("n2"));
  Add(PodBuilder("w1").Node("n1").Labels({{"app", "db"}}).Spec("affinity", AntiAffinity("kubernetes.io/hostname")));
  PluginStatus s = Filter(PodBuilder("p").Labels({{"app", "web"}}).Info(), "n1");
  EXPECT_EQ(s.Message(), "node(s) didn't satisfy existing pods anti-affinity rules");
  EXPECT_TRUE(Filter(PodBuilder("p").Labels({{"app", "web"}}).Info(), "n2").ok());
  EXPECT_TRUE(Filter(PodBuilder("p").Labels({{"app", "other"}}).Info(), "n1").ok());
}

TEST_F(PluginTest, RequiredAffinityNeedsAMatchingPodInTheDomain) {
  Add(NodeBuilder("n1").Label("zone", "a"));
  Add(NodeBuilder("n2").Label("zone", "b"));
  boost::json::value aff = boost::json::parse(R"({"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
      {"labelSelector": {"matchLabels": {"app": "cache"}}, "topologyKey": "zone"}]}})");
  // Nothing matches anywhere and the pod does not select itself: unschedulable.
  PluginStatus s = Filter(PodBuilder("p").Spec("affinity", aff).Info(), "n1");
  EXPECT_EQ(s.code(), Code::kUnschedulableAndUnresolvable);
  EXPECT_EQ(s.Message(), "node(s) didn't match pod affinity rules");
  // The first pod of a self-selecting group may go anywhere.
  EXPECT_TRUE(Filter(PodBuilder("p").Labels({{"app", "cache"}}).Spec("affinity", aff).Info(), "n1").ok());
  Add(PodBuilder("c1").Node("n2").Labels({{"app", "cache"}}));
  EXPECT_FALSE(Filter(PodBuilder("p").Spec("affinity", aff).Info(), "n1").ok());
  EXPECT_TRUE(Filter(PodBuilder("p").Spec("affinity", aff).Info(), "n2").ok());
}

TEST_F(PluginTest, PreferredAffinityScoresDomains) {
  Add(NodeBuilder("n1").Label("zone", "a"));
  Add(NodeBuilder("n2").Label("zone", "b"));
  Add(PodBuilder("c1").Node("n2").Labels({{"app", "cache"}}));
  boost::json::value aff = boost::json::parse(R"({"podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
      {"weight": 10, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "cache"}}, "topologyKey": "zone"}}]}})");
  // Normalized min..max to 0..100, times InterPodAffinity's weight 2.
  EXPECT_EQ(Scores(PodBuilder("p").Spec("affinity", aff).Info(), "InterPodAffinity"), (std::vector<int64_t>{0, 200}));
}

TEST_F(PluginTest, TopologySpreadMaxSkew) {
  Add(NodeBuilder("n1").Label("zone", "a"));
  Add(NodeBuilder("n2").Label("zone", "b"));
  Add(NodeBuilder("n3"));  // no zone label
  Add(PodBuilder("w1").Node("n1").Labels({{"app", "web"}}));
  boost::json::value c = boost::json::parse(R"([{"maxSkew": 1, "topologyKey": "zone",
      "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"app": "web"}}}])");
  PodInfoPtr p = PodBuilder("p").Labels({{"app", "web"}}).Spec("topologySpreadConstraints", c).Info();
  PluginStatus s = Filter(p, "n1");  // a would have 2, b 0: skew 2
  EXPECT_EQ(s.code(), Code::kUnschedulable);
  EXPECT_EQ(s.Message(), "node(s) didn't match pod topology spread constraints");
  EXPECT_TRUE(Filter(p, "n2").ok());
  EXPECT_EQ(Filter(p, "n3").Message(), "node(s) didn't match pod topology spread constraints (missing required label)");
}

// With fewer eligible domains than minDomains, the global minimum counts as 0
// (upstream's minDomains): one more pod anywhere would make a skew of 2.
TEST_F(PluginTest, TopologySpreadMinDomainsTreatsTheMinimumAsZero) {
  Add(NodeBuilder("n1").Label("zone", "a"));
  Add(NodeBuilder("n2").Label("zone", "b"));
  Add(PodBuilder("w1").Node("n1").Labels({{"app", "web"}}));
  Add(PodBuilder("w2").Node("n2").Labels({{"app", "web"}}));
  auto pod = [](int min_domains) {
    boost::json::value c = boost::json::parse(R"([{"maxSkew": 1, "topologyKey": "zone",
        "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"app": "web"}}}])");
    c.as_array()[0].as_object()["minDomains"] = min_domains;
    return PodBuilder("p").Labels({{"app", "web"}}).Spec("topologySpreadConstraints", c).Info();
  };
  EXPECT_TRUE(Filter(pod(2), "n1").ok());  // two domains, each 1: the skew would be 1
  EXPECT_EQ(Filter(pod(3), "n1").code(), Code::kUnschedulable);
  EXPECT_EQ(Filter(pod(3), "n2").code(), Code::kUnschedulable);
  // A pod the selector does not match does not count where it lands.
  boost::json::value c =
      boost::json::parse(R"([{"maxSkew": 1, "topologyKey": "zone", "minDomains": 3,
      "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"app": "web"}}}])");
  EXPECT_TRUE(
      Filter(PodBuilder("q").Labels({{"app", "db"}}).Spec("topologySpreadConstraints", c).Info(),
             "n1")
          .ok());
}

TEST_F(PluginTest, TopologySpreadScoreAnywayPrefersEmptierDomain) {
  Add(NodeBuilder("n1").Label("zone", "a"));
  Add(NodeBuilder("n2").Label("zone", "b"));
  Add(PodBuilder("w1").Node("n1").Labels({{"app", "web"}}));
  boost::json::value c = boost::json::parse(R"([{"maxSkew": 1, "topologyKey": "zone",
      "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": {"app": "web"}}}])");
  std::vector<int64_t> s =
      Scores(PodBuilder("p").Labels({{"app", "web"}}).Spec("topologySpreadConstraints", c).Info(), "PodTopologySpread");
  EXPECT_LT(s[0], s[1]);
  EXPECT_EQ(s[1], 200);
}

// Pods on nodes that failed the filters still count in their domain, while a
// domain without a feasible node takes no part (upstream's PreScore).
TEST_F(PluginTest, TopologySpreadScoreCountsEveryNodeOfAFeasibleDomain) {
  Add(NodeBuilder("a1").Label("zone", "a"));
  Add(NodeBuilder("a2").Label("zone", "a"));
  Add(NodeBuilder("b1").Label("zone", "b"));
  Add(NodeBuilder("c1").Label("zone", "c"));
  for (std::string name : {"w1", "w2", "w3"}) Add(PodBuilder(name).Node("a2").Labels({{"app", "web"}}));
  Add(PodBuilder("w4").Node("b1").Labels({{"app", "web"}}));
  boost::json::value c = boost::json::parse(R"([{"maxSkew": 1, "topologyKey": "zone",
      "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": {"app": "web"}}}])");
  PodInfoPtr p = PodBuilder("p").Labels({{"app", "web"}}).Spec("topologySpreadConstraints", c).Info();
  // a1's domain holds 3 matching pods (all on a2, which is not feasible), b1's holds 1.
  std::vector<int64_t> s = Scores(p, "PodTopologySpread", {"a1", "b1"});
  ASSERT_EQ(s.size(), 2u);
  EXPECT_LT(s[0], s[1]);
  EXPECT_EQ(s[1], 200);
}

}  // namespace
}  // namespace kubepp::scheduler::testing
