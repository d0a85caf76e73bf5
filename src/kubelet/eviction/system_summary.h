// SystemSummaryProvider: the eviction manager's figures measured on this
// machine (host_measurements.h) and asked of the container runtime (CRI):
//
//   node memory       capacity (MemTotal) and the root cgroup's working set
//   pods memory       the kubepods cgroup's working set against what the node
//                     allots pods: capacity - kube-reserved - system-reserved
//                     (the limit upstream's node allocatable enforcement puts
//                     on that cgroup)
//   nodefs            statvfs of the kubelet's root directory
//   imagefs           CRI ImageFsInfo (bytes and inodes the images use, and
//                     their mountpoint) with statvfs of that mountpoint
//   rlimit            /proc
//   per pod           the pod cgroup's working set and process count; each
//                     running container's working set and writable layer
//                     (CRI ListContainerStats) and its log directory; the
//                     pod's emptyDir (on disk), configMap and gitRepo volumes
//
// The pods are the active pods the kubelet hands it on each call.
//
// Thread safety: Get may be called from any thread (one call at a time is
// what the eviction manager makes).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "client/object.h"
#include "kubelet/eviction/summary.h"

namespace kubepp::kubelet {
namespace cri {
class RuntimeService;
class ImageService;
}  // namespace cri
}  // namespace kubepp::kubelet

namespace kubepp::kubelet::eviction {

struct SystemSummaryOptions {
  std::string root_dir;  // the kubelet's: nodefs, and <root_dir>/pods/<uid>/volumes
  std::string log_root;  // <log_root>/<namespace>_<name>_<uid>/<container>/
  std::string cgroup_root = "/sys/fs/cgroup";
  std::string proc_root = "/proc";
  uint64_t memory_capacity_bytes = 0;
  uint64_t reserved_memory_bytes = 0;  // kube-reserved + system-reserved memory
};

class SystemSummaryProvider : public SummaryProvider {
 public:
  // The services must outlive the provider.
  SystemSummaryProvider(cri::RuntimeService& runtime, cri::ImageService& images,
                        std::function<std::vector<client::ObjectPtr>()> active_pods,
                        SystemSummaryOptions options, Clock& clock = Clock::Real());

  StatusOr<Summary> Get() override;
  StatusOr<bool> HasDedicatedImageFs() override;

 private:
  StatusOr<FsStats> ImageFs(Clock::TimePoint now, std::string* mountpoint);
  StatusOr<std::vector<PodStats>> Pods(Clock::TimePoint now);

  cri::RuntimeService& runtime_;
  cri::ImageService& images_;
  const std::function<std::vector<client::ObjectPtr>()> active_pods_;
  const SystemSummaryOptions options_;
  Clock& clock_;
};

}  // namespace kubepp::kubelet::eviction
