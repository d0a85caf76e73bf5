// The image filesystem's usage: statvfs of a real directory, and the CRI's
// answer naming the filesystem.
#include "kubelet/images/image_fs_usage.h"

#include <gtest/gtest.h>

#include "fakes/fake_runtime.h"

namespace kubepp::kubelet {
namespace {

TEST(ImageFsUsageTest, StatFilesystemMeasuresARealDirectory) {
  auto usage = StatFilesystem("/");
  ASSERT_TRUE(usage.ok()) << usage.status().ToString();
  EXPECT_EQ(usage->mountpoint, "/");
  EXPECT_GT(usage->capacity_bytes, 0u);
  EXPECT_LE(usage->available_bytes, usage->capacity_bytes);
  EXPECT_FALSE(StatFilesystem("/no/such/dir/for/kubepp").ok());
}

TEST(ImageFsUsageTest, CriSourceMeasuresTheMountpointTheRuntimeNames) {
  fakes::FakeRuntime runtime;
  auto source = NewCriImageFsUsage(runtime);
  // The fake names containerd's usual snapshotter directory, absent here.
  auto usage = source->Usage();
  ASSERT_FALSE(usage.ok());
  EXPECT_NE(usage.status().message().find("/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs"),
            std::string::npos);
  runtime.SetImageFsMountpoint("/tmp");
  usage = source->Usage();
  ASSERT_TRUE(usage.ok()) << usage.status().ToString();
  EXPECT_EQ(usage->mountpoint, "/tmp");
  EXPECT_GT(usage->capacity_bytes, 0u);
  runtime.FailNext("ImageFsInfo", Status::Unavailable("rpc error: code = Unavailable desc = down"));
  EXPECT_EQ(source->Usage().status().message(), "rpc error: code = Unavailable desc = down");
}

}  // namespace
}  // namespace kubepp::kubelet
