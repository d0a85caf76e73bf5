// The order in which pods are evicted for a signal under pressure, most
// evictable first (upstream's rank functions):
//
//   memory   pods using more memory than they request, then lower priority,
//            then more memory above their request
//   disk     pods using more disk than they request, then lower priority,
//            then more disk above their ephemeral-storage request; disk being
//            what the signal's filesystem holds of them (writable layers,
//            logs, local volumes: emptyDir, hostPath, configMap, gitRepo)
//   pids     lower priority, then more processes
//
// A pod without stats is ranked first (nothing shows it is harmless).
//
// Thread safety: pure functions on caller-owned values.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "client/object.h"
#include "kubelet/eviction/summary.h"

namespace kubepp::kubelet::eviction {

// The stats of a pod; nullptr when there are none.
using PodStatsFunc = std::function<const PodStats*(const boost::json::object& pod)>;
using RankFunc =
    std::function<void(std::vector<client::ObjectPtr>& pods, const PodStatsFunc& stats)>;

// Which of a pod's disk usage a disk signal counts.
enum class FsStatsType { kRoot, kLogs, kLocalVolumeSource };

void RankMemoryPressure(std::vector<client::ObjectPtr>& pods, const PodStatsFunc& stats);
void RankPidPressure(std::vector<client::ObjectPtr>& pods, const PodStatsFunc& stats);
// `resource` is ephemeral-storage (bytes) or inodes.
RankFunc RankDiskPressure(std::vector<FsStatsType> measure, std::string_view resource);

// The rank function of a signal; empty for a signal without one. Without a
// dedicated image filesystem every disk signal counts everything; with one,
// nodefs counts logs and local volumes and imagefs the writable layers.
RankFunc RankFuncFor(std::string_view signal, bool dedicated_imagefs);

// Stats by pod uid; `pods` must outlive the function.
PodStatsFunc StatsByUid(const std::vector<PodStats>& pods);

// What a pod requests of `resource` (upstream's GetResourceRequestQuantity):
// the sum over its containers, at least the largest init container's, plus
// spec.overhead when the sum is not zero. In the resource's unit (bytes).
int64_t PodRequest(const boost::json::object& pod, std::string_view resource);
// spec.priority, 0 when unset.
int64_t PodPriority(const boost::json::object& pod);

}  // namespace kubepp::kubelet::eviction
