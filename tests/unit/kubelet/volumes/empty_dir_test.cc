#include "kubelet/volumes/empty_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "unit/kubelet/test_util.h"
#include "unit/kubelet/volumes/temp_dir.h"

namespace kubepp::kubelet::volumes {
namespace {

using kubelet::testing::Json;
using testing::TempDir;

TEST(EmptyDirTest, DiskMediumIsA0777Directory) {
  TempDir tmp;
  auto mounter = NewLinuxMounter();
  ::umask(022);
  std::string dir = tmp.path() + "/pods/u/volumes/kubernetes.io~empty-dir/cache";
  ASSERT_TRUE(SetUpEmptyDir(dir, StorageMedium::kDefault, std::nullopt, *mounter).ok());
  struct stat st;
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0777u);
  EXPECT_TRUE(tmp.MountsBelow().empty());
}

TEST(EmptyDirTest, MemoryMediumMountsASizedTmpfsOnce) {
  TempDir tmp;
  auto mounter = NewLinuxMounter();
  std::string dir = tmp.path() + "/mem";
  ASSERT_TRUE(SetUpEmptyDir(dir, StorageMedium::kMemory, 8 << 20, *mounter).ok());
  auto mounts = *mounter->List();
  auto at = MountAt(mounts, dir);
  ASSERT_TRUE(at);
  EXPECT_EQ(at->fs_type, "tmpfs");
  struct statvfs vfs;
  ASSERT_EQ(::statvfs(dir.c_str(), &vfs), 0);
  EXPECT_EQ(static_cast<int64_t>(vfs.f_blocks) * static_cast<int64_t>(vfs.f_frsize), 8 << 20);

  // Again: idempotent, no second tmpfs over the first.
  testing::WriteFile(dir + "/data", "kept");
  ASSERT_TRUE(SetUpEmptyDir(dir, StorageMedium::kMemory, 8 << 20, *mounter).ok());
  EXPECT_EQ(tmp.MountsBelow().size(), 1u);
  EXPECT_EQ(testing::ReadFile(dir + "/data"), "kept");
}

TEST(EmptyDirTest, Media) {
  EXPECT_EQ(*ParseStorageMedium(""), StorageMedium::kDefault);
  EXPECT_EQ(*ParseStorageMedium("Memory"), StorageMedium::kMemory);
  EXPECT_EQ(ParseStorageMedium("HugePages").status().message(),
            "unknown storage medium \"HugePages\"");
}

TEST(EmptyDirTest, MemorySizeIsTheSmallestBound) {
  auto best_effort = Json(R"({"spec":{"containers":[{"name":"a"}]}})");
  auto limited =
      Json(R"({"spec":{"containers":[{"name":"a","resources":{"limits":{"memory":"64Mi"}}}]}})");
  const int64_t node = 1LL << 30;
  EXPECT_EQ(EmptyDirMemorySize(node, best_effort, std::nullopt), node);
  EXPECT_EQ(EmptyDirMemorySize(node, limited, std::nullopt), 64 << 20);
  EXPECT_EQ(EmptyDirMemorySize(node, limited, 16 << 20), 16 << 20);
  EXPECT_EQ(EmptyDirMemorySize(node, limited, 128 << 20),
            64 << 20);  // a larger sizeLimit does not raise it
  EXPECT_EQ(EmptyDirMemorySize(node, best_effort, 0), node);  // zero is no limit
  EXPECT_EQ(EmptyDirMemorySize(std::nullopt, best_effort, std::nullopt), std::nullopt);
  EXPECT_EQ(EmptyDirMemorySize(std::nullopt, limited, std::nullopt), 64 << 20);
}

}  // namespace
}  // namespace kubepp::kubelet::volumes
