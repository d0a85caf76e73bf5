#include "kubelet/eviction/stats_summary.h"

#include <sys/stat.h>

#include <optional>

#include "kubelet/cri/image_service.h"
#include "kubelet/stats/stats_provider.h"

namespace kubepp::kubelet::eviction {

namespace {

FsStats ToFs(const stats::FsStats& fs) {
  FsStats out;
  out.time = fs.time;
  out.available_bytes = fs.available_bytes;
  out.capacity_bytes = fs.capacity_bytes;
  out.used_bytes = fs.used_bytes;
  out.inodes_free = fs.inodes_free;
  out.inodes = fs.inodes;
  out.inodes_used = fs.inodes_used;
  return out;
}

std::optional<FsStats> ToFs(const std::optional<stats::FsStats>& fs) {
  if (!fs) return std::nullopt;
  return ToFs(*fs);
}

std::optional<uint64_t> WorkingSet(const std::optional<stats::MemoryStats>& memory) {
  return memory ? memory->working_set_bytes : std::nullopt;
}

std::optional<uint64_t> DeviceOf(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return static_cast<uint64_t>(st.st_dev);
}

}  // namespace

Summary ToEvictionSummary(const stats::Summary& summary, uint64_t allocatable_memory_bytes) {
  Summary out;
  const stats::NodeStats& node = summary.node;
  if (node.memory) out.node.memory = MemoryStats{node.memory->time, node.memory->available_bytes,
                                                 node.memory->working_set_bytes};
  // Before the first pod starts the pods' cgroup may not exist: pods use nothing.
  uint64_t pods_working_set = 0;
  Clock::TimePoint pods_time = node.memory ? node.memory->time : Clock::TimePoint{};
  for (const auto& c : node.system_containers) {
    if (c.name != stats::kSystemContainerPods || !c.memory) continue;
    pods_working_set = c.memory->working_set_bytes.value_or(0);
    pods_time = c.memory->time;
  }
  out.node.pods_memory = MemoryStats{
      pods_time, pods_working_set > allocatable_memory_bytes ? 0 : allocatable_memory_bytes - pods_working_set,
      pods_working_set};
  out.node.nodefs = ToFs(node.fs);
  if (node.runtime) out.node.imagefs = ToFs(node.runtime->image_fs);
  if (node.rlimit) out.node.rlimit = RlimitStats{node.rlimit->time, node.rlimit->max_pid, node.rlimit->running_processes};

  for (const stats::PodStats& pod : summary.pods) {
    PodStats p;
    p.uid = pod.pod_ref.uid;
    p.memory_working_set_bytes = WorkingSet(pod.memory);
    for (const stats::ContainerStats& c : pod.containers) {
      ContainerStats container;
      container.name = c.name;
      container.memory_working_set_bytes = WorkingSet(c.memory);
      container.rootfs = ToFs(c.rootfs);
      container.logs = ToFs(c.logs);
      p.containers.push_back(std::move(container));
    }
    for (const stats::VolumeStats& v : pod.volumes) p.volumes.push_back(VolumeStats{v.name, ToFs(v.fs)});
    p.ephemeral_storage = ToFs(pod.ephemeral_storage);
    if (pod.process_stats) p.process_count = pod.process_stats->process_count;
    out.pods.push_back(std::move(p));
  }
  return out;
}

StatsSummaryProvider::StatsSummaryProvider(stats::StatsProvider& stats, cri::ImageService& images,
                                           std::string root_dir, uint64_t allocatable_memory_bytes)
    : stats_(stats), images_(images), root_dir_(std::move(root_dir)),
      allocatable_memory_bytes_(allocatable_memory_bytes) {}

StatusOr<Summary> StatsSummaryProvider::Get() {
  // Eviction reads no CPU: the CPU rate window stays the CPU updater's to move.
  auto summary = stats_.GetSummary(/*update_cpu_usage=*/false);
  if (!summary.ok()) return summary.status();
  return ToEvictionSummary(*summary, allocatable_memory_bytes_);
}

StatusOr<bool> StatsSummaryProvider::HasDedicatedImageFs() {
  runtime::v1::ImageFsInfoRequest request;
  auto info = images_.ImageFsInfo(request);
  if (!info.ok()) return info.status();
  if (info->image_filesystems().empty()) return Status::Unavailable("the runtime reports no image filesystem");
  const std::string& mountpoint = info->image_filesystems(0).fs_id().mountpoint();
  auto images = DeviceOf(mountpoint);
  auto root = DeviceOf(root_dir_);
  if (!images || !root) return Status::Unavailable("cannot stat " + mountpoint + " or " + root_dir_);
  return *images != *root;
}

}  // namespace kubepp::kubelet::eviction
