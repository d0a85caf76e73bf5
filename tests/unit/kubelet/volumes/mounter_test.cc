#include "kubelet/volumes/mounter.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet::volumes {
namespace {

TEST(MounterTest, ParsesMountInfo) {
  const char* text =
      "22 1 253:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
      "36 35 98:0 /mnt1 /mnt/with\\040space rw,noatime master:1 - ext3 /dev/root "
      "rw,errors=continue\n"
      "40 22 0:45 / /var/lib/kubelet/pods/u/volumes/kubernetes.io~secret/s rw - tmpfs tmpfs "
      "rw,size=1024k\n"
      "garbage\n";
  std::vector<MountPoint> mounts = ParseMountInfo(text);
  ASSERT_EQ(mounts.size(), 3u);
  EXPECT_EQ(mounts[0].path, "/");
  EXPECT_EQ(mounts[0].fs_type, "ext4");
  EXPECT_EQ(mounts[1].path, "/mnt/with space");
  EXPECT_EQ(mounts[1].fs_type, "ext3");
  EXPECT_EQ(mounts[2].fs_type, "tmpfs");
  EXPECT_TRUE(MountAt(mounts, "/var/lib/kubelet/pods/u/volumes/kubernetes.io~secret/s"));
  EXPECT_FALSE(MountAt(mounts, "/var/lib/kubelet"));
}

TEST(MounterTest, ListsThisProcessMounts) {
  auto mounter = NewLinuxMounter();
  auto mounts = mounter->List();
  ASSERT_TRUE(mounts.ok());
  EXPECT_TRUE(MountAt(*mounts, "/"));
  EXPECT_TRUE(MountAt(*mounts, "/proc"));
}

}  // namespace
}  // namespace kubepp::kubelet::volumes
