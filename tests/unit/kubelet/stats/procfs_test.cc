// The /proc parsers read the kernel's formats and shrug off what they cannot read.
#include "kubelet/stats/procfs.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet::stats {
namespace {

constexpr const char* kProcStat =
    "cpu  3166560 236286 298103 927070 9840 100 8740 66675 0 0\n"
    "cpu0 1599880 104662 146245 462679 5583 0 3600 34414 0 0\n"
    "intr 1 2 3\n"
    "btime 1767225600\n"
    "processes 12345\n";

TEST(ProcfsTest, BusyCpuIsUserNiceSystemIrqSoftirqSteal) {
  // 3166560 + 236286 + 298103 + 100 + 8740 + 66675 ticks at 100 Hz.
  const uint64_t ticks = 3166560ULL + 236286 + 298103 + 100 + 8740 + 66675;
  EXPECT_EQ(ParseProcStatBusyNanos(kProcStat, 100), ticks * 10'000'000ULL);
  EXPECT_EQ(ParseProcStatBusyNanos(kProcStat, 250), ticks * 4'000'000ULL);
  EXPECT_FALSE(ParseProcStatBusyNanos("cpu 1 2 3\n", 100).has_value());
  EXPECT_FALSE(ParseProcStatBusyNanos("", 100).has_value());
  EXPECT_FALSE(ParseProcStatBusyNanos(kProcStat, 0).has_value());
}

TEST(ProcfsTest, BootTime) {
  EXPECT_EQ(ParseProcStatBootTime(kProcStat), 1767225600);
  EXPECT_FALSE(ParseProcStatBootTime("cpu 1 2 3 4 5 6 7 8\n").has_value());
}

TEST(ProcfsTest, MeminfoInBytes) {
  auto m = ParseMeminfo(
      "MemTotal:       16318516 kB\n"
      "MemFree:          512000 kB\n"
      "SwapTotal:             0 kB\n"
      "HugePages_Total:       4\n"
      "garbage line\n");
  EXPECT_EQ(m.at("MemTotal"), 16318516ULL * 1024);
  EXPECT_EQ(m.at("MemFree"), 512000ULL * 1024);
  EXPECT_EQ(m.at("SwapTotal"), 0u);
  EXPECT_EQ(m.at("HugePages_Total"), 4u);  // no unit: a count
  EXPECT_EQ(m.size(), 4u);
}

TEST(ProcfsTest, NetDevCounters) {
  auto ifaces = ParseNetDev(
      "Inter-|   Receive                                                |  Transmit\n"
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs "
      "drop fifo colls "
      "carrier compressed\n"
      "    lo: 31394051360 9257555    0    0    0     0          0         0 31394051360 9257555   "
      " 0    0    0     "
      "0       0          0\n"
      "  eth0: 83887824    3052    7    0    0     0          0         0   150592    2054    9    "
      "0    0     0       "
      "0          0\n"
      "veth1a2b: 10 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0\n"
      "broken: 1 2 3\n");
  ASSERT_EQ(ifaces.size(), 3u);
  EXPECT_EQ(ifaces[0].name, "lo");
  EXPECT_EQ(ifaces[1].name, "eth0");
  EXPECT_EQ(ifaces[1].rx_bytes, 83887824u);
  EXPECT_EQ(ifaces[1].rx_errors, 7u);
  EXPECT_EQ(ifaces[1].tx_bytes, 150592u);
  EXPECT_EQ(ifaces[1].tx_errors, 9u);
  EXPECT_EQ(ifaces[2].name, "veth1a2b");
  EXPECT_TRUE(IsIgnoredInterface("lo"));
  EXPECT_TRUE(IsIgnoredInterface("veth1a2b"));
  EXPECT_TRUE(IsIgnoredInterface("docker0"));
  EXPECT_FALSE(IsIgnoredInterface("eth0"));
  EXPECT_FALSE(IsIgnoredInterface("cni0"));
}

TEST(ProcfsTest, DefaultRouteInterfaceHasTheLowestMetric) {
  const char* route =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
      "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
      "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
      "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";
  EXPECT_EQ(ParseDefaultRouteInterface(route), "eth0");
  EXPECT_FALSE(
      ParseDefaultRouteInterface("Iface\tDestination\n"
                                 "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n")
          .has_value());
}

TEST(ProcfsTest, LoadavgTasks) {
  EXPECT_EQ(ParseLoadavgTasks("1.36 3.49 4.53 2/3518 3715089\n"), 3518);
  EXPECT_FALSE(ParseLoadavgTasks("1.36 3.49 4.53\n").has_value());
  EXPECT_FALSE(ParseLoadavgTasks("1 2 3 4 5\n").has_value());
}

TEST(ProcfsTest, IntText) {
  EXPECT_EQ(ParseIntText("4194304\n"), 4194304);
  EXPECT_EQ(ParseIntText("  -1 "), -1);
  EXPECT_FALSE(ParseIntText("max\n").has_value());
  EXPECT_FALSE(ParseIntText("").has_value());
}

}  // namespace
}  // namespace kubepp::kubelet::stats
