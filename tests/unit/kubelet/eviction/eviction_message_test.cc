// Eviction messages as upstream words them.
#include "kubelet/eviction/eviction_message.h"

#include <gtest/gtest.h>

#include "../test_util.h"

namespace kubepp::kubelet::eviction {
namespace {

using testing::Json;
constexpr uint64_t kMi = 1 << 20;

Threshold Hard(std::string signal, std::string quantity) {
  Threshold t;
  t.signal = std::move(signal);
  t.value.quantity = *api::Quantity::Parse(quantity);
  return t;
}

const boost::json::object kPod = Json(R"({"metadata":{"name":"web","namespace":"ns","uid":"u1"},
  "spec":{"containers":[{"name":"app","resources":{"requests":{"memory":"64Mi"}}},{"name":"sidecar"}],
          "initContainers":[{"name":"setup","resources":{"requests":{"memory":"1Gi"}}}]}})");

TEST(EvictionMessageTest, NamesTheThresholdAndTheContainersOverTheirRequests) {
  Observations observations;
  observations["memory.available"] = Observation{50 * kMi, 1024 * kMi};
  PodStats stats;
  stats.uid = "u1";
  stats.containers = {ContainerStats{"app", 180 * kMi, {}, {}},
                      ContainerStats{"sidecar", 20 * kMi, {}, {}},
                      ContainerStats{"setup", 10 * kMi, {}, {}}};
  std::string message =
      EvictionMessage("memory", kPod, &stats, {Hard("memory.available", "100Mi")}, observations);
  EXPECT_EQ(message,
            "The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. "
            "Container app was using 180Mi, request is 64Mi, has larger consumption of memory. "
            "Container sidecar was using 20Mi, request is 0, has larger consumption of memory. ");
}

TEST(EvictionMessageTest, AvailableAmountsPrintAsQuantities) {
  Observations observations;
  observations["allocatableMemory.available"] = Observation{52535296, 1024 * kMi};
  std::string message = EvictionMessage(
      "memory", kPod, nullptr, {Hard("allocatableMemory.available", "100Mi")}, observations);
  EXPECT_EQ(
      message,
      "The node was low on resource: memory. Threshold quantity: 100Mi, available: 51304Ki. ");
}

// Binary amounts print as Go prints them: with a binary suffix when exact,
// in decimal below 1Ki ("1k"), else in plain bytes ("2000").
TEST(EvictionMessageTest, PercentageThresholdsPrintTheirAmountAndDiskCountsLayerAndLogs) {
  Threshold nodefs;
  nodefs.signal = "nodefs.available";
  nodefs.value.percentage = 0.1f;
  Observations observations;
  observations["nodefs.available"] = Observation{1000, 20000};
  PodStats stats;
  ContainerStats app;
  app.name = "app";
  app.rootfs = FsStats{};
  app.rootfs->used_bytes = 3 * kMi;
  app.logs = FsStats{};
  app.logs->used_bytes = kMi;
  stats.containers = {app};
  std::string message = EvictionMessage("ephemeral-storage", kPod, &stats, {nodefs}, observations);
  EXPECT_EQ(
      message,
      "The node was low on resource: ephemeral-storage. Threshold quantity: 2000, available: 1k. "
      "Container app was using 4Mi, request is 0, has larger consumption of ephemeral-storage. ");
}

TEST(EvictionMessageTest, WithoutAnObservationOnlyTheResourceIsNamed) {
  EXPECT_EQ(EvictionMessage("pids", kPod, nullptr, {Hard("pid.available", "100")}, {}),
            "The node was low on resource: pids. ");
  EXPECT_EQ(NodeConditionMessage({"MemoryPressure", "DiskPressure"}),
            "The node had condition: [MemoryPressure DiskPressure]. ");
}

}  // namespace
}  // namespace kubepp::kubelet::eviction
