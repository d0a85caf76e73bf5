// fsGroup ownership as upstream's SetVolumeOwnership sets it: group and
// group permissions on the whole tree, setgid on directories, links changed
// but never followed, and OnRootMismatch skipping a root already in order.
#include "kubelet/volumes/volume_ownership.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "unit/kubelet/volumes/temp_dir.h"

namespace kubepp::kubelet::volumes {
namespace {

using testing::TempDir;
using testing::WriteFile;

constexpr gid_t kGroup = 2345;

struct stat Lstat(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st;
}

mode_t Mode(const std::string& path) { return Lstat(path).st_mode & 07777; }
gid_t Group(const std::string& path) { return Lstat(path).st_gid; }

class VolumeOwnershipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "changing a file's group to any group needs root";
    dir_ = tmp_.path() + "/volume";
    outside_ = tmp_.path() + "/outside";
    std::filesystem::create_directories(dir_ + "/sub");
    ::chmod(dir_.c_str(), 0755);
    ::chmod((dir_ + "/sub").c_str(), 0750);
    WriteFile(dir_ + "/a", "a");
    ::chmod((dir_ + "/a").c_str(), 0644);
    WriteFile(dir_ + "/sub/b", "b");
    ::chmod((dir_ + "/sub/b").c_str(), 0600);
    WriteFile(outside_, "not the volume's");
    ::chmod(outside_.c_str(), 0600);
    ASSERT_EQ(::symlink(outside_.c_str(), (dir_ + "/link").c_str()), 0);
  }

  TempDir tmp_;
  std::string dir_, outside_;
};

TEST_F(VolumeOwnershipTest, ReadWriteVolumesGetGroupReadWriteAndSetgidDirectories) {
  ASSERT_TRUE(SetVolumeOwnership(dir_, kGroup, false, false).ok());
  EXPECT_EQ(Group(dir_), kGroup);
  EXPECT_EQ(Mode(dir_), 02775u);
  EXPECT_EQ(Group(dir_ + "/sub"), kGroup);
  EXPECT_EQ(Mode(dir_ + "/sub"), 02770u);
  EXPECT_EQ(Group(dir_ + "/a"), kGroup);
  EXPECT_EQ(Mode(dir_ + "/a"), 0664u);
  EXPECT_EQ(Mode(dir_ + "/sub/b"), 0660u);
  // The link itself changes group; what it points at is left alone.
  EXPECT_EQ(Group(dir_ + "/link"), kGroup);
  EXPECT_EQ(Group(outside_), 0u);
  EXPECT_EQ(Mode(outside_), 0600u);
}

TEST_F(VolumeOwnershipTest, ReadOnlyVolumesGetGroupReadOnly) {
  ASSERT_TRUE(SetVolumeOwnership(dir_, kGroup, true, false).ok());
  EXPECT_EQ(Mode(dir_), 02755u);
  EXPECT_EQ(Mode(dir_ + "/sub"), 02750u);
  EXPECT_EQ(Mode(dir_ + "/a"), 0644u);
  EXPECT_EQ(Mode(dir_ + "/sub/b"), 0640u);
  EXPECT_EQ(Group(dir_ + "/sub/b"), kGroup);
}

TEST_F(VolumeOwnershipTest, OnRootMismatchLeavesAVolumeWhoseRootIsInOrder) {
  ASSERT_EQ(::chown(dir_.c_str(), static_cast<uid_t>(-1), kGroup), 0);
  ASSERT_EQ(::chmod(dir_.c_str(), 02770), 0);
  ASSERT_TRUE(SetVolumeOwnership(dir_, kGroup, false, true).ok());
  EXPECT_EQ(Group(dir_ + "/a"), 0u);
  EXPECT_EQ(Mode(dir_ + "/a"), 0644u);
  // Without setgid on the root the whole tree is changed.
  ASSERT_EQ(::chmod(dir_.c_str(), 0770), 0);
  ASSERT_TRUE(SetVolumeOwnership(dir_, kGroup, false, true).ok());
  EXPECT_EQ(Group(dir_ + "/a"), kGroup);
  EXPECT_EQ(Mode(dir_), 02770u);
}

TEST_F(VolumeOwnershipTest, AMissingDirectoryIsAnError) {
  EXPECT_FALSE(SetVolumeOwnership(tmp_.path() + "/missing", kGroup, false, false).ok());
}

}  // namespace
}  // namespace kubepp::kubelet::volumes
