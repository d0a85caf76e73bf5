// KubeSchedulerConfiguration decoding: the kind, strict decoding, v1
// defaults, plugin set merging and what ApplyTo hands the scheduler.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "scheduler/config/configuration.h"
#include "scheduler/framework/framework.h"
#include "scheduler/plugins/registry.h"
#include "scheduler/scheduler.h"

namespace kubepp::scheduler::config {
namespace {

using framework::ExtensionPoint;

const char* kHeader = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";

Configuration MustDecode(const std::string& text) {
  StatusOr<Configuration> c = Decode(text);
  EXPECT_TRUE(c.ok()) << c.status().message();
  return c.ok() ? *c : Configuration{};
}

std::string DecodeError(const std::string& text) {
  StatusOr<Configuration> c = Decode(text);
  EXPECT_FALSE(c.ok());
  return c.ok() ? "" : c.status().message();
}

const PluginConfig* ArgsOf(const Profile& p, std::string_view name) {
  for (const PluginConfig& pc : p.plugin_config) {
    if (pc.name == name) return &pc;
  }
  return nullptr;
}

std::vector<std::string> Names(const std::vector<framework::PluginRef>& refs) {
  std::vector<std::string> out;
  for (const auto& r : refs) out.push_back(r.name);
  return out;
}

TEST(ConfigDecodeTest, AMinimalFileGetsTheV1Defaults) {
  Configuration c = MustDecode(kHeader);
  EXPECT_EQ(c.parallelism, 16);
  EXPECT_EQ(c.pod_initial_backoff_seconds, 1);
  EXPECT_EQ(c.pod_max_backoff_seconds, 10);
  EXPECT_FALSE(c.percentage_of_nodes_to_score.has_value());
  EXPECT_TRUE(c.leader_election.leader_elect);
  EXPECT_EQ(c.leader_election.lease_duration, std::chrono::seconds(15));
  EXPECT_EQ(c.leader_election.resource_name, "kube-scheduler");
  EXPECT_EQ(c.leader_election.resource_namespace, "kube-system");
  ASSERT_EQ(c.profiles.size(), 1u);
  const Profile& p = c.profiles[0];
  EXPECT_EQ(p.scheduler_name.value_or(""), "default-scheduler");
  EXPECT_EQ(Names(p.plugins.multi_point.enabled), Names(plugins::DefaultMultiPoint().enabled));
  // Every enabled in-tree plugin with an args type gets defaulted args.
  std::vector<std::string> with_args;
  for (const PluginConfig& pc : p.plugin_config) with_args.push_back(pc.name);
  EXPECT_EQ(with_args,
            (std::vector<std::string>{"DefaultPreemption", "InterPodAffinity", "NodeAffinity",
                                      "NodeResourcesBalancedAllocation", "NodeResourcesFit",
                                      "PodTopologySpread", "VolumeBinding"}));
  EXPECT_EQ(boost::json::serialize(ArgsOf(p, "NodeResourcesFit")->args),
            R"({"scoringStrategy":{"type":"LeastAllocated","resources":[{"name":"cpu","weight":1},{"name":"memory","weight":1}]}})");
  EXPECT_EQ(boost::json::serialize(ArgsOf(p, "DefaultPreemption")->args),
            R"({"minCandidateNodesPercentage":10,"minCandidateNodesAbsolute":100})");
  EXPECT_EQ(boost::json::serialize(ArgsOf(p, "PodTopologySpread")->args), R"({"defaultingType":"System"})");
  EXPECT_EQ(boost::json::serialize(ArgsOf(p, "InterPodAffinity")->args), R"({"hardPodAffinityWeight":1})");
}

TEST(ConfigDecodeTest, TwoProfilesAsKubeSchedulerReadsThem) {
  Configuration c = MustDecode(std::string(kHeader) + R"(
parallelism: 4
percentageOfNodesToScore: 30
podInitialBackoffSeconds: 2
podMaxBackoffSeconds: 20
leaderElection:
  leaderElect: false
profiles:
- schedulerName: default-scheduler
- schedulerName: packer
  percentageOfNodesToScore: 70
  plugins:
    multiPoint:
      disabled:
      - name: TaintToleration
    score:
      disabled:
      - name: NodeResourcesBalancedAllocation
      enabled:
      - name: NodeResourcesFit
        weight: 5
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
        resources:
        - name: cpu
)");
  ASSERT_EQ(c.profiles.size(), 2u);
  EXPECT_FALSE(c.leader_election.leader_elect);
  SchedulerOptions options;
  ApplyTo(c, &options);
  EXPECT_EQ(options.parallelism, 4);
  EXPECT_EQ(options.queue.initial_backoff, std::chrono::seconds(2));
  EXPECT_EQ(options.queue.max_backoff, std::chrono::seconds(20));
  ASSERT_EQ(options.profiles.size(), 2u);
  EXPECT_EQ(options.profiles[0].percentage_of_nodes_to_score, 30);  // the global value
  EXPECT_EQ(options.profiles[1].percentage_of_nodes_to_score, 70);  // the profile's own
  EXPECT_EQ(boost::json::serialize(options.profiles[1].plugin_args.at("NodeResourcesFit")),
            R"({"scoringStrategy":{"type":"MostAllocated","resources":[{"name":"cpu","weight":1}]}})");

  auto packer = framework::Framework::Create(plugins::InTreeRegistry(), options.profiles[1], framework::Handle{});
  ASSERT_TRUE(packer.ok()) << packer.status().ToString();
  for (ExtensionPoint point : {ExtensionPoint::kFilter, ExtensionPoint::kPreScore, ExtensionPoint::kScore}) {
    for (const auto& r : (*packer)->ListPlugins(point)) EXPECT_NE(r.name, "TaintToleration");
  }
  auto score = (*packer)->ListPlugins(ExtensionPoint::kScore);
  ASSERT_FALSE(score.empty());
  EXPECT_EQ(score.front().name, "NodeResourcesFit");  // an explicit entry runs first
  EXPECT_EQ(score.front().weight, 5);
  for (const auto& r : score) EXPECT_NE(r.name, "NodeResourcesBalancedAllocation");
  EXPECT_TRUE(Scheduler::CheckProfiles(options).ok());
}

TEST(ConfigDecodeTest, JsonWithArgsTypeMetaAndNulls) {
  Configuration c = MustDecode(R"({"apiVersion": "kubescheduler.config.k8s.io/v1",
    "kind": "KubeSchedulerConfiguration", "percentageOfNodesToScore": null,
    "profiles": [{"pluginConfig": [{"name": "InterPodAffinity", "args": {
      "apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "InterPodAffinityArgs", "hardPodAffinityWeight": 7}}]}]})");
  ASSERT_EQ(c.profiles.size(), 1u);
  EXPECT_EQ(ArgsOf(c.profiles[0], "InterPodAffinity")->args.at("hardPodAffinityWeight").as_int64(), 7);
}

TEST(ConfigDecodeTest, KindAndVersion) {
  EXPECT_EQ(DecodeError("apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n"),
            "no kind \"KubeSchedulerConfiguration\" is registered for version \"kubescheduler.config.k8s.io/v1beta3\"");
  EXPECT_EQ(DecodeError("apiVersion: kubescheduler.config.k8s.io/v1\n"),
            "Object 'Kind' is missing in '{\"apiVersion\":\"kubescheduler.config.k8s.io/v1\"}'");
  EXPECT_NE(DecodeError(std::string(kHeader) + "profiles: [\n").find("error converting YAML to JSON"),
            std::string::npos);
}

TEST(ConfigDecodeTest, UnknownFieldsAreStrictDecodingErrors) {
  EXPECT_EQ(DecodeError(std::string(kHeader) + R"(
paralelism: 3
profiles:
- schedulerName: a
  plugins:
    score:
      enabeld: []
)"),
            "strict decoding error: unknown field \"paralelism\", unknown field \"profiles[0].plugins.score.enabeld\"");
  EXPECT_EQ(DecodeError(std::string(kHeader) + R"(
profiles:
- pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        typ: MostAllocated
)"),
            "strict decoding error: decoding args for plugin NodeResourcesFit: strict decoding error: "
            "unknown field \"scoringStrategy.typ\"");
  // Args of plugins without an args type are kept as they are (out-of-tree plugins).
  Configuration c = MustDecode(std::string(kHeader) + R"(
profiles:
- pluginConfig:
  - name: MyPlugin
    args:
      anything: [1, 2]
)");
  EXPECT_EQ(boost::json::serialize(ArgsOf(c.profiles[0], "MyPlugin")->args), R"({"anything":[1,2]})");
}

TEST(ConfigDecodeTest, WrongTypesFailAsGoDecodingDoes) {
  EXPECT_EQ(DecodeError(std::string(kHeader) + "parallelism: lots\n"),
            "json: cannot unmarshal string into Go struct field KubeSchedulerConfiguration.parallelism of type int32");
  EXPECT_EQ(DecodeError(std::string(kHeader) + "profiles:\n- plugins:\n    score:\n      enabled:\n      - name: X\n"
                                               "        weight: heavy\n"),
            "json: cannot unmarshal string into Go struct field Plugin.profiles.plugins.score.enabled.weight of type int32");
  EXPECT_EQ(DecodeError(std::string(kHeader) + "leaderElection:\n  leaseDuration: soon\n"),
            "time: invalid duration \"soon\"");
  EXPECT_EQ(DecodeError(std::string(kHeader) + R"(
profiles:
- pluginConfig:
  - name: DefaultPreemption
    args:
      kind: InterPodAffinityArgs
)"),
            "args for plugin DefaultPreemption were not of type DefaultPreemptionArgs.kubescheduler.config.k8s.io, got "
            "InterPodAffinityArgs.kubescheduler.config.k8s.io");
}

TEST(ConfigDecodeTest, LoadFileReportsAMissingFile) {
  StatusOr<Configuration> c = LoadFile("/nonexistent/kubepp-scheduler.yaml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "open /nonexistent/kubepp-scheduler.yaml: no such file or directory");
}

TEST(ConfigDecodeTest, FrameworkErrorsAreReportedBeforeStart) {
  Configuration c = MustDecode(std::string(kHeader) + R"(
profiles:
- plugins:
    score:
      enabled:
      - name: Nope
)");
  SchedulerOptions options;
  ApplyTo(c, &options);
  Status st = Scheduler::CheckProfiles(options);
  EXPECT_EQ(st.message(),
            "initializing profiles: creating profile for scheduler name default-scheduler: ScorePlugin \"Nope\" does "
            "not exist");
  // Disabling every multiPoint plugin leaves no queue sort and no binder.
  c = MustDecode(std::string(kHeader) + "profiles:\n- plugins:\n    multiPoint:\n      disabled:\n      - name: \"*\"\n");
  ApplyTo(c, &options);
  EXPECT_EQ(Scheduler::CheckProfiles(options).message(),
            "initializing profiles: creating profile for scheduler name default-scheduler: only one queue sort plugin "
            "required for profile with scheduler name \"default-scheduler\", but got 0");
}

}  // namespace
}  // namespace kubepp::scheduler::config
