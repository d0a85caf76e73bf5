// RuntimeDiskReclaimer: the kubelet's DiskReclaimer. Dead containers are
// removed through the RuntimeManager, as upstream's DeleteAllUnusedContainers
// does (garbage collection that evicts non-deleted pods): every container and
// sandbox of a finished pod (phase Succeeded or Failed, nothing running) —
// an evicted pod's writable layers are what the disk is short of — and of
// other pods the exited instances beyond the newest two of each container
// and sandboxes that are not the newest. Images are removed by the image
// garbage collector handed in as `delete_unused_images`.
//
// Thread safety: safe from any thread, as the RuntimeManager is.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "kubelet/eviction/disk_reclaimer.h"

namespace kubepp::kubelet {
class RuntimeManager;
}

namespace kubepp::kubelet::eviction {

class RuntimeDiskReclaimer : public DiskReclaimer {
 public:
  // `runtime` must outlive the reclaimer. `delete_unused_images` returns the
  // bytes freed; may be empty. `pod_finished` tells a pod UID whose phase is
  // Succeeded or Failed; may be empty (then none is).
  RuntimeDiskReclaimer(RuntimeManager& runtime,
                       std::function<StatusOr<int64_t>()> delete_unused_images,
                       std::function<bool(const std::string& uid)> pod_finished = {});

  // DiskReclaimer
  Status DeleteAllUnusedContainers() override;
  Status DeleteUnusedImages() override;

 private:
  RuntimeManager& runtime_;
  const std::function<StatusOr<int64_t>()> delete_unused_images_;
  const std::function<bool(const std::string& uid)> pod_finished_;
};

}  // namespace kubepp::kubelet::eviction
