// StatsSummaryProvider: the eviction manager's figures read from the
// kubelet's stats provider (/stats/summary's source), as upstream's
// eviction manager reads its summary provider:
//
//   node memory     the node's memory (MemTotal against the root cgroup's
//                   working set)
//   pods memory     the "pods" system container's working set against what
//                   the node allots pods: capacity - kube-reserved -
//                   system-reserved
//   nodefs, imagefs the node's filesystem and the runtime's image filesystem
//   rlimit          process ids
//   per pod         memory, containers (memory, writable layer, logs),
//                   volumes and process count of every pod with a running
//                   container
//
// ToEvictionSummary is the mapping alone (pure; tests use it). A dedicated
// image filesystem is one on another device than the kubelet's root
// directory, asked of the runtime (CRI ImageFsInfo) and the filesystem.
//
// Thread safety: Get may be called from any thread (the stats provider locks
// what it shares).
#pragma once

#include <cstdint>
#include <string>

#include "kubelet/eviction/summary.h"
#include "kubelet/stats/summary.h"

namespace kubepp::kubelet {
namespace cri {
class ImageService;
}  // namespace cri
namespace stats {
class StatsProvider;
}  // namespace stats
}  // namespace kubepp::kubelet

namespace kubepp::kubelet::eviction {

// `allocatable_memory_bytes`: capacity - kube-reserved - system-reserved.
Summary ToEvictionSummary(const stats::Summary& summary, uint64_t allocatable_memory_bytes);

class StatsSummaryProvider : public SummaryProvider {
 public:
  // `stats` and `images` must outlive the provider.
  StatsSummaryProvider(stats::StatsProvider& stats, cri::ImageService& images, std::string root_dir,
                       uint64_t allocatable_memory_bytes);

  StatusOr<Summary> Get() override;
  StatusOr<bool> HasDedicatedImageFs() override;

 private:
  stats::StatsProvider& stats_;
  cri::ImageService& images_;
  const std::string root_dir_;
  const uint64_t allocatable_memory_bytes_;
};

}  // namespace kubepp::kubelet::eviction
