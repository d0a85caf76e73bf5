// Machine figures from fixture cgroup and proc trees, and from real
// directories and filesystems.
#include "kubelet/eviction/host_measurements.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace kubepp::kubelet::eviction {
namespace {

namespace fs = std::filesystem;

class HostMeasurementsTest : public ::testing::Test {
 protected:
  HostMeasurementsTest() {
    root_ = fs::temp_directory_path() /
            ("kubepp-eviction-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(root_);
  }
  ~HostMeasurementsTest() override { fs::remove_all(root_); }

  void Write(const std::string& path, const std::string& text) {
    fs::path p = root_ / path;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  std::string Path(const std::string& sub) const { return (root_ / sub).string(); }

  fs::path root_;
};

TEST_F(HostMeasurementsTest, CgroupV1WorkingSetIsUsageMinusInactiveFile) {
  Write("cg/memory/memory.usage_in_bytes", "1000000\n");
  Write("cg/memory/memory.stat", "cache 5\ninactive_file 7\ntotal_inactive_file 300000\n");
  Write("cg/memory/kubepods/burstable/podu1/memory.usage_in_bytes", "5000\n");
  Write("cg/memory/kubepods/burstable/podu1/memory.stat", "total_inactive_file 9000\n");
  Write("cg/pids/kubepods/burstable/podu1/pids.current", "12\n");
  EXPECT_EQ(CgroupWorkingSet(Path("cg"), Path("proc"), "/"), 700000u);
  // Inactive file pages beyond usage count as nothing.
  EXPECT_EQ(CgroupWorkingSet(Path("cg"), Path("proc"), "/kubepods/burstable/podu1"), 0u);
  EXPECT_EQ(CgroupWorkingSet(Path("cg"), Path("proc"), "/kubepods/besteffort/podu2"), std::nullopt);
  EXPECT_EQ(CgroupProcessCount(Path("cg"), "/kubepods/burstable/podu1"), 12u);
}

TEST_F(HostMeasurementsTest, CgroupV2ReadsMemoryCurrentAndTheRootFromMeminfo) {
  Write("cg/cgroup.controllers", "cpu memory pids\n");
  Write("cg/kubepods/memory.current", "800000\n");
  Write("cg/kubepods/memory.stat", "anon 1\ninactive_file 200000\n");
  Write("cg/kubepods/pids.current", "4\n");
  Write("proc/meminfo",
        "MemTotal:       1000 kB\nMemFree:         200 kB\nInactive(file):  100 kB\n");
  EXPECT_EQ(CgroupWorkingSet(Path("cg"), Path("proc"), "/kubepods"), 600000u);
  EXPECT_EQ(CgroupWorkingSet(Path("cg"), Path("proc"), "/"), 700u * 1024);
  EXPECT_EQ(CgroupProcessCount(Path("cg"), "/kubepods"), 4u);
}

TEST_F(HostMeasurementsTest, RlimitIsTheSmallerKernelLimitAndTheTaskCount) {
  Write("proc/sys/kernel/pid_max", "4194304\n");
  Write("proc/sys/kernel/threads-max", "95000\n");
  Write("proc/loadavg", "1.36 3.49 4.53 2/3518 3715089\n");
  auto r = ReadRlimit(Path("proc"), Clock::TimePoint{});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->max_pid, 95000);
  EXPECT_EQ(r->running_processes, 3518);
  EXPECT_EQ(ReadRlimit(Path("nowhere"), Clock::TimePoint{}), std::nullopt);
}

TEST_F(HostMeasurementsTest, DirectoryUsageCountsAllocatedBlocksAndInodesWithoutFollowingLinks) {
  Write("vol/a", std::string(10000, 'x'));
  Write("vol/sub/b", std::string(5000, 'y'));
  fs::create_symlink("/usr", root_ / "vol" / "link");
  FsStats usage = DirectoryUsage(Path("vol"), Clock::TimePoint{});
  EXPECT_EQ(usage.inodes_used, 5u);  // vol, a, sub, sub/b, link
  // At least the bytes written, in whole blocks; /usr is not counted.
  EXPECT_GE(*usage.used_bytes, 15000u);
  EXPECT_LT(*usage.used_bytes, 1u << 20);
  FsStats missing = DirectoryUsage(Path("none"), Clock::TimePoint{});
  EXPECT_EQ(missing.used_bytes, 0u);
  EXPECT_EQ(missing.inodes_used, 0u);
}

TEST_F(HostMeasurementsTest, FilesystemStatsOfARealDirectory) {
  auto stats = FilesystemStats(root_.string(), Clock::TimePoint{});
  ASSERT_TRUE(stats.has_value());
  EXPECT_GT(*stats->capacity_bytes, 0u);
  EXPECT_LE(*stats->available_bytes, *stats->capacity_bytes);
  EXPECT_LE(*stats->used_bytes, *stats->capacity_bytes);
  EXPECT_EQ(FilesystemStats(Path("none"), Clock::TimePoint{}), std::nullopt);
  EXPECT_EQ(DeviceOf(root_.string()), DeviceOf(Path("")));
}

}  // namespace
}  // namespace kubepp::kubelet::eviction
