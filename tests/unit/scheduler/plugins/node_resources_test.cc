#include "scheduler/plugins/noderesources/fit.h"

#include "unit/scheduler/plugins/plugin_test_base.h"

namespace kubepp::scheduler::testing {
namespace {

TEST_F(PluginTest, FitRejectsWhatDoesNotFitWithUpstreamReasons) {
  Add(NodeBuilder("n1", "2", "4Gi", "2"));
  Add(PodBuilder("a").Node("n1").Req("1500m", "1Gi"));
  PluginStatus s = Filter(PodBuilder("p").Req("1", "3500Mi").Info(), "n1");
  EXPECT_EQ(s.code(), Code::kUnschedulable);
  EXPECT_EQ(s.plugin(), "NodeResourcesFit");
  EXPECT_EQ(s.reasons(), (std::vector<std::string>{"Insufficient cpu", "Insufficient memory"}));
  EXPECT_TRUE(Filter(PodBuilder("q").Req("500m", "3Gi").Info(), "n1").ok());
  // More than the node has at all: evicting pods cannot help.
  s = Filter(PodBuilder("big").Req("3").Info(), "n1");
  EXPECT_EQ(s.code(), Code::kUnschedulableAndUnresolvable);
  EXPECT_EQ(s.Message(), "Insufficient cpu");
  Add(PodBuilder("b").Node("n1"));
  EXPECT_EQ(Filter(PodBuilder("r").Info(), "n1").reasons(), std::vector<std::string>{"Too many pods"});
}

TEST_F(PluginTest, FitCountsInitContainersOverheadAndExtendedResources) {
  Add(NodeBuilder("n1", "2", "4Gi"));
  PodBuilder p("p");
  p.Req("500m");
  p.Spec("initContainers", boost::json::array{{{"name", "i"},
                                               {"image", "x"},
                                               {"resources", {{"requests", {{"cpu", "1500m"}}}}}}});
  p.Spec("overhead", boost::json::object{{"cpu", "250m"}});
  PodInfoPtr info = p.Info();
  EXPECT_EQ(info->requests.milli_cpu, 1750);  // max(500, 1500) + 250
  EXPECT_EQ(Filter(info, "n1").code(), Code::kSuccess);
  p.Spec("overhead", boost::json::object{{"cpu", "600m"}});
  EXPECT_EQ(Filter(p.Info(), "n1").reasons(), std::vector<std::string>{"Insufficient cpu"});

  PodBuilder gpu("g");
  gpu.container()["resources"] = boost::json::object{{"requests", {{"example.com/gpu", "1"}}}};
  EXPECT_EQ(Filter(gpu.Info(), "n1").reasons(), std::vector<std::string>{"Insufficient example.com/gpu"});
}

TEST_F(PluginTest, NonZeroDefaultsOnlyForScoring) {
  PodInfoPtr p = PodBuilder("p").Info();
  EXPECT_EQ(p->requests.milli_cpu, 0);
  EXPECT_EQ(p->non_zero_milli_cpu, 100);
  EXPECT_EQ(p->non_zero_memory, 200 * 1024 * 1024);
}

TEST_F(PluginTest, LeastAllocatedPrefersEmptierNodes) {
  Add(NodeBuilder("n1", "4", "8Gi"));
  Add(NodeBuilder("n2", "4", "8Gi"));
  Add(PodBuilder("a").Node("n2").Req("2", "4Gi"));
  // n1: cpu (4000-1000)/4000 = 75, memory (8-2)/8 = 75; n2: 25 and 25.
  EXPECT_EQ(Scores(PodBuilder("p").Req("1", "2Gi").Info(), "NodeResourcesFit"), (std::vector<int64_t>{75, 25}));
}

TEST_F(PluginTest, MostAllocatedAndRequestedToCapacityRatio) {
  ProfileConfig c = plugins::DefaultProfile();
  c.plugin_args["NodeResourcesFit"] = boost::json::parse(R"({"scoringStrategy": {"type": "MostAllocated"}})").as_object();
  Build(c);
  Add(NodeBuilder("n1", "4", "8Gi"));
  EXPECT_EQ(Scores(PodBuilder("p").Req("1", "2Gi").Info(), "NodeResourcesFit"), (std::vector<int64_t>{25}));

  c.plugin_args["NodeResourcesFit"] = boost::json::parse(R"({"scoringStrategy": {"type": "RequestedToCapacityRatio",
      "resources": [{"name": "cpu", "weight": 1}],
      "requestedToCapacityRatio": {"shape": [{"utilization": 0, "score": 0}, {"utilization": 100, "score": 10}]}}})")
                                       .as_object();
  Build(c);
  EXPECT_EQ(Scores(PodBuilder("p").Req("2", "2Gi").Info(), "NodeResourcesFit"), (std::vector<int64_t>{50}));
}

TEST_F(PluginTest, BalancedAllocationRewardsEvenUse) {
  Add(NodeBuilder("n1", "4", "8Gi"));
  Add(NodeBuilder("n2", "4", "8Gi"));
  Add(PodBuilder("a").Node("n2").Req("2", "0"));
  // n1: cpu 1/4, memory 2/8 -> 100. n2: cpu 3/4, memory 2/8 -> (1 - 0.25) * 100.
  EXPECT_EQ(Scores(PodBuilder("p").Req("1", "2Gi").Info(), "NodeResourcesBalancedAllocation"),
            (std::vector<int64_t>{100, 75}));
}

}  // namespace
}  // namespace kubepp::scheduler::testing
