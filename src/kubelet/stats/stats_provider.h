// StatsProvider: the figures behind the kubelet's /stats/summary and
// /metrics/resource, gathered the way upstream's kubelet gathers them with
// containerd (its CRI stats provider, which takes pod-level figures from the
// pod's cgroup):
//
//   node        CPU and memory of the root cgroup (memory limit: MemTotal),
//               network of the host's interfaces, nodefs = the filesystem of
//               the kubelet's root directory, imagefs from the runtime's
//               ImageFsInfo, rlimit from /proc, swap from /proc/meminfo,
//               startTime = boot; system container "pods" (the kubepods cgroup)
//   pods        every pod with a running container: containers' CPU, memory,
//               writable layer and swap from CRI ListContainerStats, their
//               logs from the log directory; the pod's CPU, memory and swap
//               from its cgroup (the sum of its containers when it has none),
//               network from its network namespace (read through one of its
//               processes), volumes, ephemeral storage, process count
//
// usageNanoCores: when the runtime reports no rate, it is the rate between
// two samples (cpu_usage_cache.h). Only calls with update_cpu_usage move that
// window; the kubelet makes one every 10 s (CpuUsageUpdater) and requests
// read the rate of the last window, as upstream's summary handler does.
//
// Thread safety: safe from any thread; the caches take their own locks.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/status.h"
#include "kubelet/cri/image_service.h"
#include "kubelet/cri/runtime_service.h"
#include "kubelet/stats/cgroup_stats.h"
#include "kubelet/stats/cpu_usage_cache.h"
#include "kubelet/stats/host_proc.h"
#include "kubelet/stats/summary.h"
#include "kubelet/stats/volume_stats.h"

namespace kubepp::kubelet::stats {

struct StatsProviderOptions {
  std::string node_name;
  std::string
      root_dir;  // the kubelet's root dir: nodefs, and <root_dir>/pods/<uid>/ (volumes, etc-hosts)
  std::string log_root;  // <log_root>/<namespace>_<name>_<uid>/<container>/*.log
  std::string cgroup_root = "/sys/fs/cgroup";
  std::string proc_root = "/proc";
  // The cgroup all pods live under (the "pods" system container); a pod's
  // is <pods_cgroup>[/burstable|/besteffort]/pod<uid>.
  std::string pods_cgroup = "/kubepods";
  // More system containers to report by name ("kubelet", "runtime", "misc")
  // and their cgroups; upstream reports them only when configured.
  std::map<std::string, std::string> system_cgroups;
  // How often each pod's volumes are walked for their disk use
  // (--volume-stats-agg-period); zero: never.
  Clock::Duration volume_stats_period = kVolumeStatsPeriod;
};

class StatsProvider {
 public:
  StatsProvider(cri::RuntimeService& runtime, cri::ImageService& images,
                StatsProviderOptions options, Clock& clock = Clock::Real());

  // Everything /stats/summary serves. Errors (Unavailable) when the runtime
  // cannot list its pods or image filesystem, or the root cgroup cannot be read.
  StatusOr<Summary> GetSummary(bool update_cpu_usage);
  // Node, system container, pod and container CPU and memory only (what
  // /metrics/resource and /stats/summary?only_cpu_and_memory=true serve).
  StatusOr<Summary> GetCpuAndMemory();

 private:
  struct Scope;

  StatusOr<NodeStats> NodeCpuAndMemory(Scope& scope);
  std::vector<ContainerStats> SystemContainers(Scope& scope);
  StatusOr<std::vector<PodStats>> Pods(Scope& scope);
  ContainerStats MakeContainerStats(Scope& scope, const runtime::v1::ContainerStats& stats,
                                    const runtime::v1::Container& container,
                                    const runtime::v1::PodSandboxMetadata& pod);
  void AddPodCgroupStats(Scope& scope, PodStats& pod, const std::string& sandbox_id);
  void AddPodStorage(Scope& scope, PodStats& pod);
  StatusOr<FsStats> ImageFs(Scope& scope);
  std::optional<FsStats> FsOfMountpoint(Scope& scope, const std::string& mountpoint);
  std::optional<uint64_t> NanoCores(Scope& scope, const std::string& key, Time time,
                                    std::optional<uint64_t> usage);
  // The pod's cgroup path, "" when it has none.
  std::string PodCgroup(const std::string& uid) const;

  // Constant after construction.
  cri::RuntimeService& runtime_;
  cri::ImageService& images_;
  const StatsProviderOptions options_;
  Clock& clock_;
  const CgroupReader cgroups_;
  const HostProc host_;

  CpuUsageCache cpu_usage_;
  VolumeStatsCache volumes_;
};

}  // namespace kubepp::kubelet::stats
