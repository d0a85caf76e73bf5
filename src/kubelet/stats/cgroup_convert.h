// A cgroup sample as the Summary API's CPU, memory and swap stats, the way
// upstream converts cadvisor's figures (cadvisorInfoToCPUandMemoryStats,
// cadvisorInfoToSwapStats): availableBytes only under a limit, swap
// availability only under a swap limit.
//
// Thread safety: pure functions.
#pragma once

#include <optional>

#include "kubelet/stats/cgroup_stats.h"
#include "kubelet/stats/summary.h"

namespace kubepp::kubelet::stats {

CpuStats CpuFromCgroup(const CgroupSample& s, Time now, std::optional<uint64_t> usage_nano_cores);
// `limit` overrides the cgroup's own limit (the node's is its memory capacity).
MemoryStats MemoryFromCgroup(const CgroupSample& s, Time now,
                             std::optional<uint64_t> limit = std::nullopt);
// nullopt when the kernel does not account the cgroup's swap.
std::optional<SwapStats> SwapFromCgroup(const CgroupSample& s, Time now);

}  // namespace kubepp::kubelet::stats
