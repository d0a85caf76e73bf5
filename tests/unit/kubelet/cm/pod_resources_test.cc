#include "kubelet/cm/pod_resources.h"

#include <gtest/gtest.h>

#include "unit/kubelet/test_util.h"

namespace kubepp::kubelet::cm {
namespace {

using testing::Json;

TEST(PodResourcesTest, MemoryLimitOnlyWhenEveryContainerHasOne) {
  auto both = Json(R"({"spec":{"containers":[{"name":"a","resources":{"limits":{"memory":"100Mi"}}},
      {"name":"b","resources":{"requests":{"memory":"10Mi"},"limits":{"memory":"50Mi"}}}]}})");
  EXPECT_EQ(PodMemoryLimit(both), 150LL << 20);
  auto one = Json(R"({"spec":{"containers":[{"name":"a","resources":{"limits":{"memory":"100Mi"}}},
      {"name":"b","resources":{"requests":{"memory":"10Mi"}}}]}})");
  EXPECT_EQ(PodMemoryLimit(one), std::nullopt);
  auto best_effort = Json(R"({"spec":{"containers":[{"name":"a"}]}})");
  EXPECT_EQ(PodMemoryLimit(best_effort), std::nullopt);
}

TEST(PodResourcesTest, InitContainersAndSidecarsAndOverhead) {
  // Regular init container alone needs 300Mi next to the 20Mi sidecar before it;
  // afterwards the app (100Mi) runs with the sidecar: max(320, 120) = 320Mi.
  auto pod = Json(R"({"spec":{"overhead":{"memory":"5Mi"},
      "initContainers":[{"name":"proxy","restartPolicy":"Always","resources":{"limits":{"memory":"20Mi"}}},
                        {"name":"migrate","resources":{"limits":{"memory":"300Mi"}}}],
      "containers":[{"name":"app","resources":{"limits":{"memory":"100Mi"}}}]}})");
  EXPECT_EQ(PodMemoryLimit(pod), 325LL << 20);
  auto small_init =
      Json(R"({"spec":{"initContainers":[{"name":"i","resources":{"limits":{"memory":"10Mi"}}}],
      "containers":[{"name":"app","resources":{"limits":{"memory":"100Mi"}}}]}})");
  EXPECT_EQ(PodMemoryLimit(small_init), 100LL << 20);
}

TEST(PodResourcesTest, PodLimitOfOneResourceAddsWhatIsSet) {
  // Only the containers that set a limit count: upstream's PodLimits sums what
  // it finds, and the pod has a limit as soon as one container sets it.
  auto pod = Json(R"({"spec":{"overhead":{"ephemeral-storage":"1Mi","cpu":"10m"},
      "containers":[{"name":"a","resources":{"limits":{"ephemeral-storage":"2Mi"}}},
                    {"name":"b","resources":{"limits":{"ephemeral-storage":"1Mi"}}},
                    {"name":"c"}]}})");
  auto storage = PodLimit(pod, "ephemeral-storage");
  ASSERT_TRUE(storage.has_value());
  EXPECT_EQ(storage->String(), "4Mi");
  // No container limits cpu: the overhead alone makes no limit.
  EXPECT_EQ(PodLimit(pod, "cpu"), std::nullopt);

  // An init container larger than the sum wins; a sidecar adds to both phases.
  auto init = Json(R"({"spec":{
      "initContainers":[{"name":"s","restartPolicy":"Always","resources":{"limits":{"ephemeral-storage":"1Mi"}}},
                        {"name":"big","resources":{"limits":{"ephemeral-storage":"8Mi"}}}],
      "containers":[{"name":"app","resources":{"limits":{"ephemeral-storage":"2Mi"}}}]}})");
  EXPECT_EQ(PodLimit(init, "ephemeral-storage")->String(), "9Mi");
  // An init container that sets none adds the sidecars before it only.
  auto unset_init = Json(R"({"spec":{"initContainers":[{"name":"i"}],
      "containers":[{"name":"app","resources":{"limits":{"ephemeral-storage":"2Mi"}}}]}})");
  EXPECT_EQ(PodLimit(unset_init, "ephemeral-storage")->String(), "2Mi");
}

}  // namespace
}  // namespace kubepp::kubelet::cm
