// The kubelet's Summary API (/stats/summary) as values: upstream's
// stats/v1alpha1 types (k8s.io/kubelet/pkg/apis/stats/v1alpha1), field for
// field. A field upstream declares as a pointer with omitempty is a
// std::optional here and is left out of the JSON when empty; a time that is
// unset (TimePoint{}) is JSON null, as Go writes a zero metav1.Time.
//
// summary_json.h turns these into the JSON upstream serves; resource_metrics.h
// turns them into the /metrics/resource text.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"

namespace kubepp::kubelet::stats {

using Time = Clock::TimePoint;  // Time{} is "not set"

// The names upstream gives the node's system containers.
inline constexpr const char* kSystemContainerKubelet = "kubelet";
inline constexpr const char* kSystemContainerRuntime = "runtime";
inline constexpr const char* kSystemContainerMisc = "misc";
inline constexpr const char* kSystemContainerPods = "pods";

struct CpuStats {
  Time time;
  std::optional<uint64_t> usage_nano_cores;         // rate over the sample window
  std::optional<uint64_t> usage_core_nano_seconds;  // cumulative
};

struct MemoryStats {
  Time time;
  std::optional<uint64_t> available_bytes;  // limit - working set; absent without a limit
  std::optional<uint64_t> usage_bytes;
  std::optional<uint64_t> working_set_bytes;
  std::optional<uint64_t> rss_bytes;
  std::optional<uint64_t> page_faults;
  std::optional<uint64_t> major_page_faults;
};

struct SwapStats {
  Time time;
  std::optional<uint64_t> swap_available_bytes;
  std::optional<uint64_t> swap_usage_bytes;
};

struct InterfaceStats {
  std::string name;
  std::optional<uint64_t> rx_bytes, rx_errors, tx_bytes, tx_errors;
};

struct NetworkStats {
  Time time;
  InterfaceStats default_interface;  // inline in the JSON; empty name when none was found
  std::vector<InterfaceStats> interfaces;
};

struct FsStats {
  Time time;
  std::optional<uint64_t> available_bytes, capacity_bytes, used_bytes;
  std::optional<uint64_t> inodes_free, inodes, inodes_used;
};

struct ContainerStats {
  std::string name;
  Time start_time;
  std::optional<CpuStats> cpu;
  std::optional<MemoryStats> memory;
  std::optional<FsStats> rootfs;
  std::optional<FsStats> logs;
  std::optional<SwapStats> swap;
};

struct PodReference {
  std::string name, ns, uid;
};

struct PvcReference {
  std::string name, ns;
};

struct VolumeStats {
  FsStats fs;  // inline in the JSON
  std::string name;
  std::optional<PvcReference> pvc_ref;
};

struct ProcessStats {
  std::optional<uint64_t> process_count;
};

struct PodStats {
  PodReference pod_ref;
  Time start_time;
  std::vector<ContainerStats> containers;
  std::optional<CpuStats> cpu;
  std::optional<MemoryStats> memory;
  std::optional<NetworkStats> network;
  std::vector<VolumeStats> volumes;  // "volume" in the JSON, omitted when empty
  std::optional<FsStats> ephemeral_storage;
  std::optional<ProcessStats> process_stats;
  std::optional<SwapStats> swap;
};

struct RlimitStats {
  Time time;
  std::optional<int64_t> max_pid;            // "maxpid"
  std::optional<int64_t> running_processes;  // "curproc"
};

struct RuntimeStats {
  std::optional<FsStats> image_fs;
  std::optional<FsStats> container_fs;
};

struct NodeStats {
  std::string node_name;
  std::vector<ContainerStats> system_containers;  // omitted when empty
  Time start_time;
  std::optional<CpuStats> cpu;
  std::optional<MemoryStats> memory;
  std::optional<NetworkStats> network;
  std::optional<FsStats> fs;
  std::optional<RuntimeStats> runtime;
  std::optional<RlimitStats> rlimit;
  std::optional<SwapStats> swap;
};

struct Summary {
  NodeStats node;
  std::vector<PodStats> pods;
};

}  // namespace kubepp::kubelet::stats
