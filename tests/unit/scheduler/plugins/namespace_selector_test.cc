// namespaceSelector in pod (anti-)affinity terms: which namespaces' pods a
// term sees, merged with its namespaces list, for the incoming pod's terms
// and for existing pods' terms, in filtering and scoring.
#include "unit/scheduler/plugins/plugin_test_base.h"

namespace kubepp::scheduler::testing {
namespace {

// A required anti-affinity term against app=web pods on the same host, with
// the given namespaceSelector (JSON, or "" for none) and namespaces list.
boost::json::value AntiWeb(const std::string& ns_selector, const std::string& namespaces = "") {
  std::string term = R"({"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname")";
  if (!ns_selector.empty()) term += R"(, "namespaceSelector": )" + ns_selector;
  if (!namespaces.empty()) term += R"(, "namespaces": )" + namespaces;
  term += "}";
  return boost::json::parse(R"({"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [)" + term +
                            "]}}");
}

class NamespaceSelectorTest : public PluginTest {
 protected:
  void SetUp() override {
    PluginTest::SetUp();
    cache_.SetNamespace("default", {});
    cache_.SetNamespace("team-a", {{"team", "a"}});
    cache_.SetNamespace("team-b", {{"team", "b"}});
    cache_.SetNamespace("other", {});
    Add(NodeBuilder("n1"));
    Add(NodeBuilder("n2"));
    Add(NodeBuilder("n3"));
    Add(PodBuilder("web-a", "team-a").Node("n1").Labels({{"app", "web"}}));
    Add(PodBuilder("web-other", "other").Node("n2").Labels({{"app", "web"}}));
  }
  PodInfoPtr Incoming(const boost::json::value& affinity, const std::string& ns = "default") {
    return PodBuilder("p", ns).Spec("affinity", affinity).Info();
  }
};

TEST_F(NamespaceSelectorTest, SelectorPicksNamespacesByLabel) {
  PodInfoPtr p = Incoming(AntiWeb(R"({"matchLabels": {"team": "a"}})"));
  EXPECT_EQ(Filter(p, "n1").Message(), "node(s) didn't match pod anti-affinity rules");
  EXPECT_TRUE(Filter(p, "n2").ok());  // web-other's namespace is not selected
  EXPECT_TRUE(Filter(p, "n3").ok());
}

TEST_F(NamespaceSelectorTest, SelectorAndNamespacesListAreAUnion) {
  PodInfoPtr p = Incoming(AntiWeb(R"({"matchLabels": {"team": "a"}})", R"(["other"])"));
  EXPECT_FALSE(Filter(p, "n1").ok());
  EXPECT_FALSE(Filter(p, "n2").ok());
  EXPECT_TRUE(Filter(p, "n3").ok());
}

TEST_F(NamespaceSelectorTest, EmptySelectorMeansEveryNamespace) {
  PodInfoPtr p = Incoming(AntiWeb("{}"));
  EXPECT_FALSE(Filter(p, "n1").ok());
  EXPECT_FALSE(Filter(p, "n2").ok());
  // Without selector or list, only the pod's own namespace counts.
  PodInfoPtr own = Incoming(AntiWeb(""), "team-a");
  EXPECT_FALSE(Filter(own, "n1").ok());
  EXPECT_TRUE(Filter(own, "n2").ok());
}

TEST_F(NamespaceSelectorTest, MatchExpressionsAndRelabelledNamespaces) {
  PodInfoPtr p = Incoming(AntiWeb(R"({"matchExpressions": [{"key": "team", "operator": "Exists"}]})"));
  EXPECT_FALSE(Filter(p, "n1").ok());
  EXPECT_TRUE(Filter(p, "n2").ok());
  // "other" joins a team: its pods are now in the term's scope.
  cache_.SetNamespace("other", {{"team", "c"}});
  EXPECT_FALSE(Filter(p, "n2").ok());
  cache_.RemoveNamespace("team-a");  // an unknown namespace has no labels
  EXPECT_TRUE(Filter(p, "n1").ok());
}

TEST_F(NamespaceSelectorTest, ExistingPodsTermsSeeTheIncomingPodsNamespaceLabels) {
  // A pod on n3 that keeps app=web pods of team=b namespaces off its host.
  Add(PodBuilder("guard", "other")
          .Node("n3")
          .Labels({{"app", "db"}})
          .Spec("affinity", AntiWeb(R"({"matchLabels": {"team": "b"}})")));
  PodInfoPtr from_b = PodBuilder("w", "team-b").Labels({{"app", "web"}}).Info();
  EXPECT_EQ(Filter(from_b, "n3").Message(), "node(s) didn't satisfy existing pods anti-affinity rules");
  PodInfoPtr from_a = PodBuilder("w", "team-a").Labels({{"app", "web"}}).Info();
  EXPECT_TRUE(Filter(from_a, "n3").ok());
}

TEST_F(NamespaceSelectorTest, PreferredTermsScoreOnlySelectedNamespaces) {
  boost::json::value aff = boost::json::parse(R"({"podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
      {"weight": 10, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "web"}},
       "namespaceSelector": {"matchLabels": {"team": "a"}}, "topologyKey": "kubernetes.io/hostname"}}]}})");
  // Only n1 (web-a) gains; web-other on n2 is out of scope. Weighted by InterPodAffinity's 2.
  EXPECT_EQ(Scores(Incoming(aff), "InterPodAffinity"), (std::vector<int64_t>{200, 0, 0}));
}

}  // namespace
}  // namespace kubepp::scheduler::testing
