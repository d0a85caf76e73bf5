// The eviction manager's figures taken from the stats provider's Summary.
#include "kubelet/eviction/stats_summary.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet::eviction {
namespace {

constexpr uint64_t kMi = 1024 * 1024;

stats::Summary SampleSummary() {
  stats::Summary s;
  s.node.memory = stats::MemoryStats{};
  s.node.memory->available_bytes = 900 * kMi;
  s.node.memory->working_set_bytes = 100 * kMi;
  stats::ContainerStats pods;
  pods.name = stats::kSystemContainerPods;
  pods.memory = stats::MemoryStats{};
  pods.memory->working_set_bytes = 300 * kMi;
  stats::ContainerStats kubelet;
  kubelet.name = stats::kSystemContainerKubelet;
  kubelet.memory = stats::MemoryStats{};
  kubelet.memory->working_set_bytes = 50 * kMi;
  s.node.system_containers = {kubelet, pods};
  s.node.fs = stats::FsStats{};
  s.node.fs->available_bytes = 10;
  s.node.fs->inodes_free = 7;
  s.node.runtime = stats::RuntimeStats{};
  s.node.runtime->image_fs = stats::FsStats{};
  s.node.runtime->image_fs->available_bytes = 20;
  s.node.rlimit = stats::RlimitStats{};
  s.node.rlimit->max_pid = 1000;
  s.node.rlimit->running_processes = 10;

  stats::PodStats pod;
  pod.pod_ref = {"web", "ns", "uid-1"};
  pod.memory = stats::MemoryStats{};
  pod.memory->working_set_bytes = 64 * kMi;
  stats::ContainerStats app;
  app.name = "app";
  app.memory = stats::MemoryStats{};
  app.memory->working_set_bytes = 60 * kMi;
  app.rootfs = stats::FsStats{};
  app.rootfs->used_bytes = 4096;
  app.logs = stats::FsStats{};
  app.logs->used_bytes = 512;
  pod.containers = {app};
  stats::VolumeStats cache;
  cache.name = "cache";
  cache.fs.used_bytes = 1024;
  pod.volumes = {cache};
  pod.process_stats = stats::ProcessStats{3};
  s.pods = {pod};
  return s;
}

TEST(StatsSummary, NodeFiguresAndWhatPodsMayStillUse) {
  Summary s = ToEvictionSummary(SampleSummary(), 1000 * kMi);
  ASSERT_TRUE(s.node.memory);
  EXPECT_EQ(s.node.memory->available_bytes, 900 * kMi);
  ASSERT_TRUE(s.node.pods_memory);
  EXPECT_EQ(s.node.pods_memory->working_set_bytes, 300 * kMi);
  EXPECT_EQ(s.node.pods_memory->available_bytes, 700 * kMi);  // allocatable - the pods' working set
  EXPECT_EQ(s.node.nodefs->available_bytes, 10u);
  EXPECT_EQ(s.node.nodefs->inodes_free, 7u);
  EXPECT_EQ(s.node.imagefs->available_bytes, 20u);
  EXPECT_EQ(s.node.rlimit->max_pid, 1000);
  EXPECT_EQ(s.node.rlimit->running_processes, 10);
}

TEST(StatsSummary, PodsCarryTheirMemoryDiskAndProcesses) {
  Summary s = ToEvictionSummary(SampleSummary(), 1000 * kMi);
  ASSERT_EQ(s.pods.size(), 1u);
  const PodStats& pod = s.pods[0];
  EXPECT_EQ(pod.uid, "uid-1");
  EXPECT_EQ(pod.memory_working_set_bytes, 64 * kMi);
  ASSERT_EQ(pod.containers.size(), 1u);
  EXPECT_EQ(pod.containers[0].name, "app");
  EXPECT_EQ(pod.containers[0].memory_working_set_bytes, 60 * kMi);
  EXPECT_EQ(pod.containers[0].rootfs->used_bytes, 4096u);
  EXPECT_EQ(pod.containers[0].logs->used_bytes, 512u);
  ASSERT_EQ(pod.volumes.size(), 1u);
  EXPECT_EQ(pod.volumes[0].name, "cache");
  EXPECT_EQ(pod.volumes[0].fs.used_bytes, 1024u);
  EXPECT_EQ(pod.process_count, 3u);
}

TEST(StatsSummary, PodsOverTheirAllotmentHaveNothingLeft) {
  stats::Summary summary = SampleSummary();
  Summary s = ToEvictionSummary(summary, 200 * kMi);
  EXPECT_EQ(s.node.pods_memory->available_bytes, 0u);
  // Without a pods container (no pod has started yet) pods use nothing.
  summary.node.system_containers.clear();
  s = ToEvictionSummary(summary, 200 * kMi);
  EXPECT_EQ(s.node.pods_memory->working_set_bytes, 0u);
  EXPECT_EQ(s.node.pods_memory->available_bytes, 200 * kMi);
}

}  // namespace
}  // namespace kubepp::kubelet::eviction
