// Filesystem capacity by statvfs, and usage by walking a tree like du.
#include "kubelet/stats/fs_usage.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "kubelet/stats/pod_storage.h"
#include "unit/kubelet/stats/fixture_dir.h"

namespace kubepp::kubelet::stats {
namespace {

using testing::FixtureDir;

TEST(FsUsageTest, StatFs) {
  FixtureDir d;
  auto c = StatFs(d.path());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_GT(c->capacity_bytes, 0u);
  EXPECT_LE(c->available_bytes, c->capacity_bytes);
  EXPECT_LE(c->used_bytes, c->capacity_bytes);
  EXPECT_TRUE(StatFs(d.Path("missing")).status().IsNotFound());
}

TEST(FsUsageTest, DiskUsageCountsFilesDirectoriesAndHardLinksOnce) {
  FixtureDir d;
  d.Write("v/a.txt", std::string(10000, 'a'));
  d.Write("v/sub/b.txt", std::string(5000, 'b'));
  ASSERT_EQ(::link(d.Path("v/a.txt").c_str(), d.Path("v/sub/a-again").c_str()), 0);
  ASSERT_EQ(::symlink("/etc", d.Path("v/to-etc").c_str()), 0);
  auto u = MeasureDiskUsage(d.Path("v"));
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  // v, a.txt, sub, b.txt, the symlink (a.txt's second name counts once).
  EXPECT_EQ(u->inodes, 5u);
  // Blocks, not sizes: at least what the two files hold, and /etc not walked.
  EXPECT_GE(u->bytes, 15000u);
  EXPECT_LT(u->bytes, 15000u + 64 * 1024);
  EXPECT_TRUE(MeasureDiskUsage(d.Path("nothing")).status().IsNotFound());
}

TEST(FsUsageTest, LogFilesAndEphemeralStorage) {
  FixtureDir d;
  d.Write("logs/pod/0.log", std::string(4096, 'x'));
  d.Write("logs/pod/container/0.log",
          std::string(8192, 'y'));  // in a subdirectory: not the pod's own
  FsCapacity nodefs{1000000, 400000, 600000, 100, 40, false};
  Time now{std::chrono::seconds(1767225600)};
  auto logs = FilesInDirStats(d.Path("logs/pod"), nodefs, now);
  ASSERT_TRUE(logs.has_value());
  EXPECT_EQ(logs->inodes_used, 1u);
  EXPECT_GE(logs->used_bytes.value_or(0), 4096u);
  EXPECT_LT(logs->used_bytes.value_or(0), 8192u);
  EXPECT_EQ(logs->capacity_bytes, 1000000u);
  EXPECT_EQ(logs->available_bytes, 400000u);
  EXPECT_EQ(logs->inodes, 100u);
  EXPECT_EQ(logs->inodes_free, 40u);
  EXPECT_FALSE(FilesInDirStats(d.Path("none"), nodefs, now).has_value());

  ContainerStats c1;
  c1.rootfs = FsStats{now, {}, {}, 1000, {}, {}, 3};
  c1.logs = FsStats{now + std::chrono::seconds(5), {}, {}, 200, {}, {}, 1};
  ContainerStats no_rootfs;  // logs of a container without a writable layer do not count
  no_rootfs.logs = FsStats{now, {}, {}, 7777, {}, {}, 1};
  VolumeStats v;
  v.fs.used_bytes = 30;
  v.fs.inodes_used = 2;
  v.fs.time = now;
  FsStats pod_logs{now, {}, {}, 4, {}, {}, 1};
  FsStats hosts{now, {}, {}, 5, {}, {}, 1};
  FsStats e = EphemeralStorage({c1, no_rootfs}, {v}, nodefs, now, pod_logs, hosts);
  EXPECT_EQ(e.used_bytes, 1000u + 200 + 30 + 4 + 5);
  EXPECT_EQ(e.inodes_used, 3u + 1 + 2 + 1 + 1);
  EXPECT_EQ(e.time, now + std::chrono::seconds(5));  // the newest part's time
  EXPECT_EQ(e.capacity_bytes, 1000000u);
  EXPECT_EQ(e.available_bytes, 400000u);
}

}  // namespace
}  // namespace kubepp::kubelet::stats
