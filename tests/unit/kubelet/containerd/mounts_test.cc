#include "kubelet/containerd/mounts.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace kubepp::kubelet::containerd {
namespace {

const char* kMountinfo =
    "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
    "100 22 0:50 / /tmp/k/data/containerd/state/cri/sandboxes/abc/shm rw - tmpfs shm rw\n"
    "101 22 0:51 / /tmp/k/data/containerd/state/task/k8s.io/abc/rootfs rw - overlay overlay rw\n"
    "102 22 0:4 net:[4026532] /tmp/k/data/containerd/state/cri/netns/cni-1 rw - nsfs nsfs rw\n"
    "103 22 0:52 / /tmp/k/data\\040with\\040space rw - tmpfs tmpfs rw\n"
    "104 22 0:53 / /tmp/kother rw - tmpfs tmpfs rw\n"
    "105 22 0:54 / /tmp/k rw - tmpfs tmpfs rw\n";

TEST(MountsTest, MountsUnderADirectoryDeepestFirst) {
  auto points = MountPointsUnder(kMountinfo, "/tmp/k/data/containerd/");
  std::vector<std::string> sorted = points;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<std::string>{"/tmp/k/data/containerd/state/cri/netns/cni-1",
                                              "/tmp/k/data/containerd/state/cri/sandboxes/abc/shm",
                                              "/tmp/k/data/containerd/state/task/k8s.io/abc/rootfs"}));
  // Nested mounts come before the mounts they are nested in.
  auto all = MountPointsUnder(kMountinfo, "/tmp/k");
  for (size_t i = 0; i < all.size(); ++i) {
    for (size_t j = i + 1; j < all.size(); ++j) {
      EXPECT_NE(all[j].rfind(all[i] + "/", 0), 0u) << all[j] << " (nested) comes after " << all[i];
    }
  }
}

TEST(MountsTest, TheDirectoryItselfAndEscapedNamesButNotSiblingsWithTheSamePrefix) {
  auto points = MountPointsUnder(kMountinfo, "/tmp/k");
  EXPECT_EQ(points.size(), 5u);
  EXPECT_EQ(points.back(), "/tmp/k");
  EXPECT_NE(std::find(points.begin(), points.end(), "/tmp/k/data with space"), points.end());
  EXPECT_EQ(std::find(points.begin(), points.end(), "/tmp/kother"), points.end());
  EXPECT_TRUE(MountPointsUnder(kMountinfo, "/nowhere").empty());
}

TEST(MountsTest, UnmountUnderAnUnmountedDirectoryDoesNothing) {
  auto count = UnmountUnder("/nonexistent/kubepp/dir");
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(*count, 0);
}

}  // namespace
}  // namespace kubepp::kubelet::containerd
