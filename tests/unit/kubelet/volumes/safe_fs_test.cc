#include "kubelet/volumes/safe_fs.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "unit/kubelet/volumes/temp_dir.h"

namespace kubepp::kubelet::volumes {
namespace {

using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

TEST(SafeFsTest, RemoveAllNeverFollowsLinks) {
  TempDir tmp;
  std::string outside = tmp.path() + "/outside";
  std::string tree = tmp.path() + "/tree";
  std::filesystem::create_directories(outside + "/sub");
  WriteFile(outside + "/precious", "keep");
  std::filesystem::create_directories(tree + "/a/b");
  WriteFile(tree + "/a/b/file", "x");
  ASSERT_EQ(::symlink(outside.c_str(), (tree + "/a/to-dir").c_str()), 0);
  ASSERT_EQ(::symlink((outside + "/precious").c_str(), (tree + "/to-file").c_str()), 0);
  ASSERT_EQ(::chmod((tree + "/a/b").c_str(), 0500), 0);  // root removes it anyway

  ASSERT_TRUE(RemoveAllNoFollow(tree).ok());
  EXPECT_FALSE(std::filesystem::exists(tree));
  EXPECT_EQ(ReadFile(outside + "/precious"), "keep");
  EXPECT_TRUE(std::filesystem::is_directory(outside + "/sub"));

  // A link given as the root is removed itself.
  ASSERT_EQ(::symlink(outside.c_str(), (tmp.path() + "/link").c_str()), 0);
  ASSERT_TRUE(RemoveAllNoFollow(tmp.path() + "/link").ok());
  EXPECT_TRUE(std::filesystem::exists(outside + "/precious"));
  EXPECT_TRUE(RemoveAllNoFollow(tmp.path() + "/missing").ok());
}

TEST(SafeFsTest, RemoveAllStopsAtOtherMounts) {
  TempDir tmp;
  std::string tree = tmp.path() + "/tree";
  std::filesystem::create_directories(tree + "/mnt");
  auto mounter = NewLinuxMounter();
  ASSERT_TRUE(mounter->MountTmpfs(tree + "/mnt", 1 << 20).ok());
  WriteFile(tree + "/mnt/data", "on tmpfs");
  Status st = RemoveAllNoFollow(tree);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("another mount"), std::string::npos) << st.message();
  EXPECT_EQ(ReadFile(tree + "/mnt/data"), "on tmpfs");
  ASSERT_TRUE(mounter->Unmount(tree + "/mnt").ok());
  EXPECT_TRUE(RemoveAllNoFollow(tree).ok());
}

TEST(SafeFsTest, SafeMakeDirCreatesWithExactModeAndStaysInside) {
  TempDir tmp;
  std::string base = tmp.path() + "/vol";
  std::filesystem::create_directories(base + "/existing");
  ::umask(077);
  ASSERT_TRUE(SafeMakeDir(base, "existing/new/deeper", 0775).ok());
  struct stat st;
  ASSERT_EQ(::stat((base + "/existing/new/deeper").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0775u);
  ::umask(022);

  // An existing link inside the volume may be used when it stays inside.
  ASSERT_EQ(::symlink("existing", (base + "/inner-link").c_str()), 0);
  EXPECT_TRUE(SafeMakeDir(base, "inner-link/made", 0755).ok());
  EXPECT_TRUE(std::filesystem::is_directory(base + "/existing/made"));

  // One that leads out of it is refused, and nothing is created outside.
  std::filesystem::create_directories(tmp.path() + "/elsewhere");
  ASSERT_EQ(::symlink((tmp.path() + "/elsewhere").c_str(), (base + "/escape").c_str()), 0);
  Status st2 = SafeMakeDir(base, "escape/evil", 0755);
  EXPECT_FALSE(st2.ok());
  EXPECT_FALSE(std::filesystem::exists(tmp.path() + "/elsewhere/evil"));
  EXPECT_FALSE(SafeMakeDir(base, "a/../../b", 0755).ok());
}

TEST(SafeFsTest, ResolveWithinRefusesEscapes) {
  TempDir tmp;
  std::string base = tmp.path() + "/vol";
  std::filesystem::create_directories(base + "/d");
  std::filesystem::create_directories(tmp.path() + "/secret");
  ASSERT_EQ(::symlink((tmp.path() + "/secret").c_str(), (base + "/out").c_str()), 0);
  ASSERT_EQ(::symlink("d", (base + "/in").c_str()), 0);
  EXPECT_EQ(*ResolveWithin(base, "in"), base + "/d");
  auto escaped = ResolveWithin(base, "out");
  ASSERT_FALSE(escaped.ok());
  EXPECT_NE(escaped.status().message().find("not within volume path"), std::string::npos);
  EXPECT_FALSE(ResolveWithin(base, "missing").ok());
}

}  // namespace
}  // namespace kubepp::kubelet::volumes
