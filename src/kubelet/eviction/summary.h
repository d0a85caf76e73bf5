// What the eviction manager measures: the part of the kubelet's Summary API
// (stats/v1alpha1) that upstream's eviction manager reads, with the same
// names, so a Summary from the stats provider maps onto it field for field.
//
//   node.memory        the node: available = capacity - working set
//   node.pods_memory   all pods together (the "pods" system container, the
//                      kubepods cgroup): available = what the node allots
//                      pods (capacity - reserved) - their working set
//   node.nodefs        the filesystem of the kubelet's root directory
//   node.imagefs       the container runtime's image filesystem
//   node.rlimit        process ids: the kernel's limit and how many are in use
//   pods               per pod: memory working set, its containers' memory,
//                      writable layer and logs, its local volumes, its
//                      ephemeral storage (all of those on disk together,
//                      with its logs and etc-hosts), its process count
//
// SummaryProvider is where they come from: the kubelet's stats provider
// (stats_summary.h), or a fake in tests.
//
// Thread safety: plain values; SummaryProvider implementations are called
// from the eviction manager's thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace kubepp::kubelet::eviction {

struct MemoryStats {
  Clock::TimePoint time;
  std::optional<uint64_t> available_bytes;
  std::optional<uint64_t> working_set_bytes;
};

struct FsStats {
  Clock::TimePoint time;
  std::optional<uint64_t> available_bytes, capacity_bytes, used_bytes;
  std::optional<uint64_t> inodes_free, inodes, inodes_used;
};

struct RlimitStats {
  Clock::TimePoint time;
  std::optional<int64_t> max_pid;
  std::optional<int64_t> running_processes;
};

struct ContainerStats {
  std::string name;
  std::optional<uint64_t> memory_working_set_bytes;
  std::optional<FsStats> rootfs;  // the writable layer
  std::optional<FsStats> logs;
};

struct VolumeStats {
  std::string name;  // the pod's volume name
  FsStats fs;
};

struct PodStats {
  std::string uid;
  std::optional<uint64_t> memory_working_set_bytes;
  std::vector<ContainerStats> containers;
  std::vector<VolumeStats> volumes;
  std::optional<FsStats> ephemeral_storage;
  std::optional<uint64_t> process_count;
};

struct NodeStats {
  std::optional<MemoryStats> memory;
  std::optional<MemoryStats> pods_memory;
  std::optional<FsStats> nodefs;
  std::optional<FsStats> imagefs;
  std::optional<RlimitStats> rlimit;
};

struct Summary {
  NodeStats node;
  std::vector<PodStats> pods;
};

class SummaryProvider {
 public:
  virtual ~SummaryProvider() = default;
  // The figures as of now. An error skips the eviction round.
  virtual StatusOr<Summary> Get() = 0;
  // Whether images live on a filesystem of their own (not the one of the
  // kubelet's root directory); asked once.
  virtual StatusOr<bool> HasDedicatedImageFs() = 0;
};

}  // namespace kubepp::kubelet::eviction
