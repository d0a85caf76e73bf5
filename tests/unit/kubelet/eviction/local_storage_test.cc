// Local storage limits as upstream's localStorageEviction judges them: the
// emptyDir sizeLimit, the pod's total ephemeral-storage limit, a container's
// own limit (writable layer counted only without a dedicated image
// filesystem), in that order, with upstream's messages.
#include "kubelet/eviction/local_storage.h"

#include <gtest/gtest.h>

#include "../test_util.h"

namespace kubepp::kubelet::eviction {
namespace {

using testing::Json;

constexpr uint64_t kMi = 1 << 20;

FsStats Used(uint64_t bytes) {
  FsStats fs;
  fs.used_bytes = bytes;
  return fs;
}

// Pod "p": emptyDir "cache" (sizeLimit 1Mi), emptyDir "scratch" (no limit),
// container "app" limited to `app_limit`, container "side" to 10Mi.
boost::json::object PodWithLimits(const std::string& app_limit) {
  return Json(R"({"metadata":{"name":"p","namespace":"ns","uid":"p"},"spec":{
    "volumes":[{"name":"cache","emptyDir":{"sizeLimit":"1024Ki"}},{"name":"scratch","emptyDir":{}}],
    "containers":[{"name":"app","resources":{"limits":{"ephemeral-storage":")" +
              app_limit + R"("}}},
                  {"name":"side","resources":{"limits":{"ephemeral-storage":"10Mi"}}}]}})");
}

PodStats Stats(uint64_t cache, uint64_t scratch, uint64_t app_rootfs, uint64_t app_logs) {
  PodStats s;
  s.uid = "p";
  s.volumes = {VolumeStats{"cache", Used(cache)}, VolumeStats{"scratch", Used(scratch)}};
  s.containers = {ContainerStats{"app", std::nullopt, Used(app_rootfs), Used(app_logs)},
                  ContainerStats{"side", std::nullopt, Used(0), Used(0)}};
  s.ephemeral_storage = Used(cache + scratch + app_rootfs + app_logs);
  return s;
}

TEST(LocalStorageTest, WithinEveryLimitNothingIsExceeded) {
  // Exactly at a limit is not over it.
  EXPECT_EQ(LocalStorageLimitExceeded(PodWithLimits("2Mi"), Stats(kMi, 0, kMi, 0), false),
            std::nullopt);
  // A pod without limits or size limits never is.
  auto free_pod = Json(R"({"metadata":{"uid":"p"},"spec":{
    "volumes":[{"name":"cache","emptyDir":{}}],"containers":[{"name":"app"}]}})");
  EXPECT_EQ(LocalStorageLimitExceeded(free_pod, Stats(500 * kMi, 0, 500 * kMi, 0), false),
            std::nullopt);
}

TEST(LocalStorageTest, AnEmptyDirOverItsSizeLimitComesFirst) {
  auto message =
      LocalStorageLimitExceeded(PodWithLimits("1Mi"), Stats(2 * kMi, 0, 5 * kMi, 0), false);
  EXPECT_EQ(message, R"(Usage of EmptyDir volume "cache" exceeds the limit "1Mi". )");
}

TEST(LocalStorageTest, ThePodOverItsContainersLimitsTogether) {
  // 3Mi + 9Mi in volumes: over the 12Mi the containers may use together.
  auto message = LocalStorageLimitExceeded(PodWithLimits("2Mi"), Stats(0, 13 * kMi, 0, 0), false);
  EXPECT_EQ(message,
            "Pod ephemeral local storage usage exceeds the total limit of containers 12Mi. ");
}

TEST(LocalStorageTest, AContainerOverItsOwnLimit) {
  auto pod = PodWithLimits("1Mi");
  // Logs count always.
  EXPECT_EQ(LocalStorageLimitExceeded(pod, Stats(0, 0, 0, 2 * kMi), true),
            R"(Container app exceeded its local ephemeral storage limit "1Mi". )");
  // The writable layer counts only when it is on the node's filesystem.
  EXPECT_EQ(LocalStorageLimitExceeded(pod, Stats(0, 0, 2 * kMi, 0), false),
            R"(Container app exceeded its local ephemeral storage limit "1Mi". )");
  EXPECT_EQ(LocalStorageLimitExceeded(pod, Stats(0, 0, 2 * kMi, 0), true), std::nullopt);
}

}  // namespace
}  // namespace kubepp::kubelet::eviction
