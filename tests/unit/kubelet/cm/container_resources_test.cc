#include "kubelet/cm/container_resources.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "unit/kubelet/test_util.h"

namespace kubepp::kubelet::cm {
namespace {

using testing::Json;

TEST(ContainerResourcesTest, SharesAndQuotaConversions) {
  EXPECT_EQ(MilliCpuToShares(0), 2);
  EXPECT_EQ(MilliCpuToShares(1), 2);
  EXPECT_EQ(MilliCpuToShares(2), 2);
  EXPECT_EQ(MilliCpuToShares(3), 3);
  EXPECT_EQ(MilliCpuToShares(100), 102);
  EXPECT_EQ(MilliCpuToShares(1000), 1024);
  EXPECT_EQ(MilliCpuToShares(300000), 262144);  // capped

  EXPECT_EQ(MilliCpuToQuota(0, kQuotaPeriod), 0);
  EXPECT_EQ(MilliCpuToQuota(5, kQuotaPeriod), 1000);  // at least 1ms
  EXPECT_EQ(MilliCpuToQuota(10, kQuotaPeriod), 1000);
  EXPECT_EQ(MilliCpuToQuota(250, kQuotaPeriod), 25000);
  EXPECT_EQ(MilliCpuToQuota(2500, kQuotaPeriod), 250000);
}

boost::json::object PodWith(const char* container) {
  auto pod = Json(R"({"metadata":{"uid":"u"},"spec":{"containers":[]}})");
  pod["spec"].as_object()["containers"].as_array().push_back(Json(container));
  return pod;
}

TEST(ContainerResourcesTest, FromRequestsAndLimits) {
  NodeResourceOptions node;
  node.memory_capacity = 8LL << 30;
  auto pod = PodWith(R"({"name":"a","resources":{"requests":{"cpu":"250m","memory":"256Mi"},
      "limits":{"cpu":"500m","memory":"512Mi"}}})");
  LinuxContainerResources r =
      ContainerResources(pod, pod.at("spec").at("containers").at(0).as_object(), node);
  EXPECT_EQ(r.cpu_shares, 256);
  EXPECT_EQ(r.cpu_period, 100000);
  EXPECT_EQ(r.cpu_quota, 50000);
  EXPECT_EQ(r.memory_limit_in_bytes, 512LL << 20);
  EXPECT_EQ(r.oom_score_adj, 1000 - (1000 * (256LL << 20)) / (8LL << 30));  // Burstable: 969
  EXPECT_TRUE(r.unified.empty());
  EXPECT_TRUE(r.hugepage_limits.empty());
}

TEST(ContainerResourcesTest, DefaultsWithoutResources) {
  NodeResourceOptions node;
  node.memory_capacity = 1 << 30;
  auto pod = PodWith(R"({"name":"a"})");
  LinuxContainerResources r =
      ContainerResources(pod, pod.at("spec").at("containers").at(0).as_object(), node);
  EXPECT_EQ(r.cpu_shares, 2);
  EXPECT_EQ(r.cpu_period, 100000);
  EXPECT_EQ(r.cpu_quota, 0);
  EXPECT_EQ(r.memory_limit_in_bytes, 0);
  EXPECT_EQ(r.oom_score_adj, 1000);

  node.cpu_cfs_quota = false;
  r = ContainerResources(pod, pod.at("spec").at("containers").at(0).as_object(), node);
  EXPECT_EQ(r.cpu_period, 0);
  EXPECT_EQ(r.cpu_quota, 0);
}

TEST(ContainerResourcesTest, LimitStandsInForAMissingCpuRequest) {
  NodeResourceOptions node;
  node.memory_capacity = 1 << 30;
  auto pod = PodWith(R"({"name":"a","resources":{"limits":{"cpu":"2"}}})");
  EXPECT_EQ(
      ContainerResources(pod, pod.at("spec").at("containers").at(0).as_object(), node).cpu_shares,
      2048);
  // An explicit zero request is a request.
  auto zero = PodWith(R"({"name":"a","resources":{"requests":{"cpu":"0"},"limits":{"cpu":"2"}}})");
  EXPECT_EQ(
      ContainerResources(zero, zero.at("spec").at("containers").at(0).as_object(), node).cpu_shares,
      2);
}

TEST(ContainerResourcesTest, CgroupV2GroupOomKillAndHugepages) {
  NodeResourceOptions node;
  node.memory_capacity = 1 << 30;
  node.cgroup_v2 = true;
  node.huge_page_sizes = {"1GB", "2MB"};
  auto pod = PodWith(
      R"({"name":"a","resources":{"requests":{"cpu":"1","memory":"64Mi","hugepages-2Mi":"8Mi"},
      "limits":{"cpu":"1","memory":"64Mi","hugepages-2Mi":"8Mi"}}})");
  LinuxContainerResources r =
      ContainerResources(pod, pod.at("spec").at("containers").at(0).as_object(), node);
  EXPECT_EQ(r.unified, (std::map<std::string, std::string>{{"memory.oom.group", "1"}}));
  EXPECT_EQ(r.hugepage_limits, (std::vector<HugepageLimit>{{"1GB", 0}, {"2MB", 8u << 20}}));
  EXPECT_EQ(r.oom_score_adj, -997);

  node.single_process_oom_kill = true;
  EXPECT_TRUE(ContainerResources(pod, pod.at("spec").at("containers").at(0).as_object(), node)
                  .unified.empty());
}

TEST(ContainerResourcesTest, HugePageSizes) {
  EXPECT_EQ(HugePageUnitSize(2 << 20), "2MB");
  EXPECT_EQ(HugePageUnitSize(1LL << 30), "1GB");
  EXPECT_EQ(HugePageUnitSize(64 << 10), "64KB");
  EXPECT_EQ(HugePageUnitSize(1000), "1000B");
  EXPECT_FALSE(HugePageUnitSize(3000 * 1024));  // 3000KB is not whole megabytes

  auto dir =
      std::filesystem::temp_directory_path() / ("kubepp-hugepages-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "hugepages-2048kB");
  std::filesystem::create_directories(dir / "hugepages-1048576kB");
  std::filesystem::create_directories(dir / "other");
  EXPECT_EQ(NodeHugePageSizes(dir.string()), (std::vector<std::string>{"1GB", "2MB"}));
  std::filesystem::remove_all(dir);
  EXPECT_TRUE(NodeHugePageSizes(dir.string()).empty());
}

}  // namespace
}  // namespace kubepp::kubelet::cm
