// CgroupReader reads cgroup v1 and v2 files the way cadvisor does for the kubelet.
#include "kubelet/stats/cgroup_stats.h"

#include <gtest/gtest.h>

#include "kubelet/stats/cgroup_convert.h"
#include "unit/kubelet/stats/fixture_dir.h"

namespace kubepp::kubelet::stats {
namespace {

using testing::FixtureDir;

TEST(CgroupStatsTest, FlatKeyedAndWorkingSet) {
  auto m = ParseFlatKeyed("cache 100\nrss 200\ntotal_inactive_file 300\nbad line\nx 12a\n");
  EXPECT_EQ(m.at("cache"), 100u);
  EXPECT_EQ(m.at("total_inactive_file"), 300u);
  EXPECT_EQ(m.count("bad"), 0u);
  EXPECT_EQ(m.count("x"), 0u);
  EXPECT_EQ(WorkingSet(1000, 300), 700u);
  EXPECT_EQ(WorkingSet(300, 1000), 0u);  // never below zero
  EXPECT_TRUE(IsMemoryUnlimited(9223372036854771712ULL));
  EXPECT_FALSE(IsMemoryUnlimited(uint64_t{1} << 62));
}

void WriteV1(const FixtureDir& d, const std::string& cgroup, uint64_t cpu, uint64_t usage,
             uint64_t inactive, const std::string& limit) {
  d.Write("cpuacct" + cgroup + "/cpuacct.usage", std::to_string(cpu) + "\n");
  d.Write("memory" + cgroup + "/memory.usage_in_bytes", std::to_string(usage) + "\n");
  d.Write("memory" + cgroup + "/memory.limit_in_bytes", limit + "\n");
  d.Write("memory" + cgroup + "/memory.stat",
          "cache 5\nrss 6\npgfault 70\npgmajfault 8\ninactive_file 1\ntotal_rss "
          "4096\ntotal_inactive_file " +
              std::to_string(inactive) + "\ntotal_pgfault 999\n");
}

TEST(CgroupStatsTest, ReadsCgroupV1) {
  FixtureDir d;
  d.MakeDir("cpuacct");
  d.MakeDir("memory");
  WriteV1(d, "/kubepods/burstable/podabc", 123456789, 10485760, 4194304, "67108864");
  d.Write("memory/kubepods/burstable/podabc/memory.memsw.usage_in_bytes", "11534336\n");
  d.Write("memory/kubepods/burstable/podabc/memory.memsw.limit_in_bytes", "9223372036854771712\n");
  d.Write("memory/kubepods/burstable/podabc/c1/cgroup.procs", "42\n43\n");
  CgroupReader reader(d.path());
  EXPECT_FALSE(reader.unified());
  EXPECT_TRUE(reader.Exists("/kubepods/burstable/podabc"));
  EXPECT_FALSE(reader.Exists("/kubepods/podzzz"));
  EXPECT_TRUE(reader.Read("/kubepods/podzzz").status().IsNotFound());

  auto s = reader.Read("/kubepods/burstable/podabc");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->cpu_usage_nanos, 123456789u);
  EXPECT_EQ(s->memory_usage_bytes, 10485760u);
  EXPECT_EQ(s->working_set_bytes, 10485760u - 4194304u);  // usage - total_inactive_file
  EXPECT_EQ(s->rss_bytes, 4096u);                         // total_rss
  EXPECT_EQ(s->page_faults, 70u);                         // the cgroup's own, not total_
  EXPECT_EQ(s->major_page_faults, 8u);
  EXPECT_EQ(s->memory_limit_bytes, 67108864u);
  EXPECT_EQ(s->swap_usage_bytes, 11534336u - 10485760u);  // memsw - usage
  EXPECT_FALSE(s->swap_limit_bytes.has_value());          // unlimited
  EXPECT_EQ(reader.Procs("/kubepods/burstable/podabc/c1"), (std::vector<int>{42, 43}));
  EXPECT_EQ(reader.Children("/kubepods/burstable/podabc"), (std::vector<std::string>{"c1"}));
  EXPECT_NE(reader.CreationTime("/kubepods/burstable/podabc"), Clock::TimePoint{});

  // The conversion upstream applies: available = limit - working set.
  Time now{std::chrono::seconds(1767225600)};
  MemoryStats m = MemoryFromCgroup(*s, now);
  EXPECT_EQ(m.available_bytes, 67108864u - (10485760u - 4194304u));
  EXPECT_EQ(m.working_set_bytes, 10485760u - 4194304u);
  EXPECT_EQ(m.time, now);
  CpuStats c = CpuFromCgroup(*s, now, 250000000);
  EXPECT_EQ(c.usage_core_nano_seconds, 123456789u);
  EXPECT_EQ(c.usage_nano_cores, 250000000u);
  auto swap = SwapFromCgroup(*s, now);
  ASSERT_TRUE(swap.has_value());
  EXPECT_EQ(swap->swap_usage_bytes, 1048576u);
  EXPECT_FALSE(swap->swap_available_bytes.has_value());
}

TEST(CgroupStatsTest, UnlimitedMemoryHasNoAvailableBytes) {
  FixtureDir d;
  WriteV1(d, "/kubepods/besteffort/podx", 1, 100, 10, "9223372036854771712");
  CgroupReader reader(d.path());
  auto s = reader.Read("/kubepods/besteffort/podx");
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->memory_limit_bytes.has_value());
  EXPECT_FALSE(s->swap_usage_bytes.has_value());  // no memsw: the kernel does not account swap
  EXPECT_FALSE(MemoryFromCgroup(*s, Time{}).available_bytes.has_value());
  EXPECT_FALSE(SwapFromCgroup(*s, Time{}).has_value());
  // The node's limit is its capacity.
  EXPECT_EQ(MemoryFromCgroup(*s, Time{}, 1000).available_bytes, 910u);
}

TEST(CgroupStatsTest, CombinedCpuCpuacctHierarchy) {
  FixtureDir d;
  d.Write("cpu,cpuacct/cpuacct.usage", "555\n");
  d.Write("memory/memory.usage_in_bytes", "1000\n");
  CgroupReader reader(d.path());
  auto s = reader.Read("/");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->cpu_usage_nanos, 555u);
  EXPECT_EQ(s->working_set_bytes, 1000u);  // no memory.stat: nothing inactive
}

TEST(CgroupStatsTest, ReadsCgroupV2) {
  FixtureDir d;
  d.Write("cgroup.controllers", "cpu memory pids\n");
  d.Write("kubepods/podv2/cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n");
  d.Write("kubepods/podv2/memory.current", "8388608\n");
  d.Write("kubepods/podv2/memory.max", "max\n");
  d.Write("kubepods/podv2/memory.stat",
          "anon 2097152\nfile 4194304\ninactive_file 1048576\npgfault 11\npgmajfault 2\n");
  d.Write("kubepods/podv2/memory.swap.current", "4096\n");
  d.Write("kubepods/podv2/memory.swap.max", "1048576\n");
  CgroupReader reader(d.path());
  EXPECT_TRUE(reader.unified());
  auto s = reader.Read("/kubepods/podv2");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->cpu_usage_nanos, 2500000000u);
  EXPECT_EQ(s->memory_usage_bytes, 8388608u);
  EXPECT_EQ(s->working_set_bytes, 8388608u - 1048576u);
  EXPECT_EQ(s->rss_bytes, 2097152u);
  EXPECT_EQ(s->page_faults, 11u);
  EXPECT_EQ(s->major_page_faults, 2u);
  EXPECT_FALSE(s->memory_limit_bytes.has_value());  // "max"
  EXPECT_EQ(s->swap_usage_bytes, 4096u);
  EXPECT_EQ(s->swap_limit_bytes, 1048576u);
  auto swap = SwapFromCgroup(*s, Time{});
  ASSERT_TRUE(swap.has_value());
  EXPECT_EQ(swap->swap_available_bytes, 1048576u - 4096u);
}

}  // namespace
}  // namespace kubepp::kubelet::stats
