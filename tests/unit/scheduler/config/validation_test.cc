// KubeSchedulerConfiguration validation: upstream's field paths and messages,
// every error of a file reported together.
#include <gtest/gtest.h>

#include "scheduler/config/configuration.h"

namespace kubepp::scheduler::config {
namespace {

std::string Error(const std::string& body) {
  StatusOr<Configuration> c =
      Decode("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n" + body);
  EXPECT_FALSE(c.ok()) << body;
  return c.ok() ? "" : c.status().message();
}

TEST(ConfigValidationTest, TopLevelFields) {
  EXPECT_EQ(Error("parallelism: 0\n"), "parallelism: Invalid value: 0: should be an integer value greater than zero");
  EXPECT_EQ(Error("percentageOfNodesToScore: 101\n"),
            "percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]");
  EXPECT_EQ(Error("podInitialBackoffSeconds: 0\n"),
            "podInitialBackoffSeconds: Invalid value: 0: must be greater than 0");
  EXPECT_EQ(Error("podInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 4\n"),
            "podMaxBackoffSeconds: Invalid value: 4: must be greater than or equal to PodInitialBackoffSeconds");
  EXPECT_EQ(Error("clientConnection:\n  burst: -1\n"), "clientConnection.burst: Invalid value: -1: must be non-negative");
  // Several errors: all of them, in upstream's order, bracketed.
  EXPECT_EQ(Error("parallelism: -2\npodInitialBackoffSeconds: 0\n"),
            "[parallelism: Invalid value: -2: should be an integer value greater than zero, podInitialBackoffSeconds: "
            "Invalid value: 0: must be greater than 0]");
  EXPECT_EQ(Error("extenders:\n- urlPrefix: http://127.0.0.1:1\n"),
            "extenders: Forbidden: kubepp does not call scheduler extenders");
}

TEST(ConfigValidationTest, LeaderElection) {
  EXPECT_EQ(Error("leaderElection:\n  leaseDuration: 5s\n"),
            "leaderElection.leaseDuration: Invalid value: 10s: LeaseDuration must be greater than RenewDeadline");
  EXPECT_EQ(Error("leaderElection:\n  resourceLock: endpoints\n"),
            "leaderElection.resourceLock: Invalid value: \"endpoints\": resourceLock value must be \"leases\"");
  EXPECT_EQ(Error("leaderElection:\n  retryPeriod: 0s\n  resourceName: \"\"\n"),
            "[leaderElection.retryPeriod: Invalid value: 0s: must be greater than zero, "
            "leaderElection.resourceName: Invalid value: \"\": resourceName is required]");
  // Without leader election nothing of it is checked.
  EXPECT_TRUE(Decode("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
                     "leaderElection:\n  leaderElect: false\n  retryPeriod: 0s\n")
                  .ok());
}

TEST(ConfigValidationTest, Profiles) {
  EXPECT_EQ(Error("profiles:\n- schedulerName: a\n- {}\n"), "profiles[1].schedulerName: Required value");
  EXPECT_EQ(Error("profiles:\n- schedulerName: a\n- schedulerName: a\n"),
            "profiles[1].schedulerName: Duplicate value: profiles[0].schedulerName");
  EXPECT_EQ(Error("profiles:\n- percentageOfNodesToScore: -1\n"),
            "profiles[0].percentageOfNodesToScore: Invalid value: -1: not in valid range [0-100]");
  EXPECT_EQ(Error("profiles:\n- pluginConfig:\n  - name: X\n  - name: X\n"),
            "profiles[0].pluginConfig[1]: Duplicate value: \"X\"");
  EXPECT_EQ(Error(R"(profiles:
- schedulerName: a
- schedulerName: b
  plugins:
    queueSort:
      enabled:
      - name: PrioritySort
      disabled:
      - name: "*"
)"),
            "profiles[1].plugins.queueSort: Invalid value: config.PluginSet{Enabled:[]config.Plugin{config.Plugin{"
            "Name:\"PrioritySort\", Weight:0}}, Disabled:[]config.Plugin{config.Plugin{Name:\"*\", Weight:0}}}: "
            "queueSort must be the same for all profiles");
}

TEST(ConfigValidationTest, NodeResourcesFitArgs) {
  EXPECT_EQ(Error(R"(profiles:
- pluginConfig:
  - name: NodeResourcesFit
    args:
      ignoredResourceGroups: [example.com/x]
      scoringStrategy:
        type: Fancy
        resources:
        - name: cpu
          weight: 101
        requestedToCapacityRatio:
          shape:
          - {utilization: 50, score: 5}
          - {utilization: 40, score: 11}
)"),
            "[profiles[0].pluginConfig[0].args.ignoredResourceGroups[0]: Invalid value: \"example.com/x\": resource "
            "group name can't contain '/', "
            "profiles[0].pluginConfig[0].args.scoringStrategy.type: Unsupported value: \"Fancy\": supported values: "
            "\"LeastAllocated\", \"MostAllocated\", \"RequestedToCapacityRatio\", "
            "profiles[0].pluginConfig[0].args.scoringStrategy.resources[0].weight: Invalid value: 101: resource weight "
            "of cpu not in valid range (0, 100], "
            "profiles[0].pluginConfig[0].args.scoringStrategy.shape[1].utilization: Invalid value: 40: values must be "
            "sorted in increasing order, "
            "profiles[0].pluginConfig[0].args.scoringStrategy.shape[1].score: Invalid value: 11: not in valid range "
            "[0, 10]]");
}

TEST(ConfigValidationTest, OtherPluginArgs) {
  EXPECT_EQ(Error(R"(profiles:
- pluginConfig:
  - name: PodTopologySpread
    args:
      defaultConstraints:
      - maxSkew: 1
        topologyKey: zone
        whenUnsatisfiable: ScheduleAnyway
)"),
            "profiles[0].pluginConfig[0].args.defaultingType: Invalid value: \"System\": when .defaultConstraints are "
            "not empty");
  EXPECT_EQ(Error(R"(profiles:
- pluginConfig:
  - name: PodTopologySpread
    args:
      defaultingType: List
      defaultConstraints:
      - maxSkew: 0
        topologyKey: zone
        whenUnsatisfiable: Maybe
        labelSelector: {}
)"),
            "[profiles[0].pluginConfig[0].args.defaultConstraints[0].maxSkew: Invalid value: 0: not in valid range "
            "(0, inf), profiles[0].pluginConfig[0].args.defaultConstraints[0].whenUnsatisfiable: Unsupported value: "
            "\"Maybe\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\", "
            "profiles[0].pluginConfig[0].args.defaultConstraints[0].labelSelector: Forbidden: constraint must not "
            "define a selector, as they deduced for each pod]");
  EXPECT_EQ(Error(R"(profiles:
- pluginConfig:
  - name: DefaultPreemption
    args: {minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0}
)"),
            "[profiles[0].pluginConfig[0].args.minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the "
            "same time as minCandidateNodesAbsolute, profiles[0].pluginConfig[0].args.minCandidateNodesAbsolute: "
            "Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage]");
  EXPECT_EQ(Error("profiles:\n- pluginConfig:\n  - name: InterPodAffinity\n    args: {hardPodAffinityWeight: 101}\n"),
            "profiles[0].pluginConfig[0].args.hardPodAffinityWeight: Invalid value: 101: not in valid range [0, 100]");
  EXPECT_EQ(Error(R"(profiles:
- pluginConfig:
  - name: NodeAffinity
    args:
      addedAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          nodeSelectorTerms:
          - matchExpressions:
            - {key: zone, operator: Near, values: [a]}
)"),
            "profiles[0].pluginConfig[0].args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution."
            "nodeSelectorTerms[0].matchExpressions[0].operator: Unsupported value: \"Near\": supported values: \"In\", "
            "\"NotIn\", \"Exists\", \"DoesNotExist\", \"Gt\", \"Lt\"");
  EXPECT_EQ(Error("profiles:\n- pluginConfig:\n  - name: NodeResourcesBalancedAllocation\n    args:\n"
                  "      resources: [{name: cpu, weight: 2}]\n"),
            "profiles[0].pluginConfig[0].args.resources[0].weight: Invalid value: 2: must be 1");
}

}  // namespace
}  // namespace kubepp::scheduler::config
