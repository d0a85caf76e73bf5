#include "kubelet/qos/oom_score.h"

#include <gtest/gtest.h>

#include "unit/kubelet/test_util.h"

namespace kubepp::kubelet::qos {
namespace {

using testing::Json;

constexpr int64_t kCapacity = 4000000000;  // bytes

const boost::json::object& Container(const boost::json::object& pod, size_t i = 0,
                                     const char* list = "containers") {
  return pod.at("spec").at(list).at(i).as_object();
}

TEST(OomScoreTest, GuaranteedAndBestEffort) {
  auto guaranteed = Json(R"({"spec":{"containers":[{"name":"a","resources":{
      "requests":{"cpu":"1","memory":"1G"},"limits":{"cpu":"1","memory":"1G"}}}]}})");
  EXPECT_EQ(ContainerOomScoreAdjust(guaranteed, Container(guaranteed), kCapacity), -997);
  auto best_effort = Json(R"({"spec":{"containers":[{"name":"a"}]}})");
  EXPECT_EQ(ContainerOomScoreAdjust(best_effort, Container(best_effort), kCapacity), 1000);
}

TEST(OomScoreTest, BurstableScalesWithTheMemoryRequest) {
  struct Case {
    const char* memory_request;
    int want;
  } cases[] = {
      {"1G", 750},                           // a quarter of the node
      {"2G", 500},       {"3999999999", 3},  // would be 1: clamped above Guaranteed
      {"5G", 3},                             // more than the node
      {"100", 999},                          // would be 1000: kept below BestEffort
      {"4000000", 999},                      // 1000 - 1 = 999
      {"40000000", 990},
  };
  for (const Case& c : cases) {
    auto pod = Json(R"({"spec":{"containers":[{"name":"a","resources":{"requests":{}}}]}})");
    pod["spec"]
        .as_object()["containers"]
        .as_array()[0]
        .as_object()["resources"]
        .as_object()["requests"]
        .as_object()["memory"] = c.memory_request;
    EXPECT_EQ(ContainerOomScoreAdjust(pod, Container(pod), kCapacity), c.want) << c.memory_request;
  }
  // A burstable container without a memory request (cpu only) scores 999.
  auto cpu_only =
      Json(R"({"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1"}}}]}})");
  EXPECT_EQ(ContainerOomScoreAdjust(cpu_only, Container(cpu_only), kCapacity), 999);
}

TEST(OomScoreTest, SidecarScoresNoHigherThanTheSmallestRegularContainer) {
  auto pod = Json(R"({"spec":{
      "initContainers":[{"name":"proxy","restartPolicy":"Always","resources":{"requests":{"memory":"400M"}}},
                        {"name":"setup","resources":{"requests":{"memory":"400M"}}}],
      "containers":[{"name":"big","resources":{"requests":{"memory":"2G"}}},
                    {"name":"small","resources":{"requests":{"memory":"1G"}}}]}})");
  EXPECT_EQ(ContainerOomScoreAdjust(pod, Container(pod, 0, "initContainers"), kCapacity),
            750);  // not 900
  EXPECT_EQ(ContainerOomScoreAdjust(pod, Container(pod, 1, "initContainers"), kCapacity),
            900);  // not a sidecar
  EXPECT_EQ(ContainerOomScoreAdjust(pod, Container(pod, 0), kCapacity), 500);
  EXPECT_EQ(ContainerOomScoreAdjust(pod, Container(pod, 1), kCapacity), 750);
}

TEST(OomScoreTest, NodeCriticalPodsAreProtectedWhateverTheirClass) {
  auto pod = Json(R"({"metadata":{"annotations":{"kubernetes.io/config.source":"file"}},
      "spec":{"priorityClassName":"system-node-critical","containers":[{"name":"a"}]}})");
  EXPECT_TRUE(IsCriticalPod(pod));
  EXPECT_TRUE(IsNodeCriticalPod(pod));
  EXPECT_EQ(ContainerOomScoreAdjust(pod, Container(pod), kCapacity), -997);

  auto by_priority =
      Json(R"({"spec":{"priority":2000001000,"priorityClassName":"system-node-critical",
      "containers":[{"name":"a"}]}})");
  EXPECT_EQ(ContainerOomScoreAdjust(by_priority, Container(by_priority), kCapacity), -997);

  // Cluster-critical is critical but not node-critical: its class decides.
  auto cluster_critical =
      Json(R"({"spec":{"priority":2000000000,"priorityClassName":"system-cluster-critical",
      "containers":[{"name":"a"}]}})");
  EXPECT_TRUE(IsCriticalPod(cluster_critical));
  EXPECT_FALSE(IsNodeCriticalPod(cluster_critical));
  EXPECT_EQ(ContainerOomScoreAdjust(cluster_critical, Container(cluster_critical), kCapacity),
            1000);

  auto from_api = Json(R"({"metadata":{"annotations":{"kubernetes.io/config.source":"api"}},
      "spec":{"priorityClassName":"system-node-critical","containers":[{"name":"a"}]}})");
  EXPECT_FALSE(IsCriticalPod(from_api));
  auto mirror =
      Json(R"({"metadata":{"annotations":{"kubernetes.io/config.mirror":"abc"}},"spec":{}})");
  EXPECT_TRUE(IsCriticalPod(mirror));
}

}  // namespace
}  // namespace kubepp::kubelet::qos
