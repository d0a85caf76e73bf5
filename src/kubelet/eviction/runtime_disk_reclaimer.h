// RuntimeDiskReclaimer: the kubelet's DiskReclaimer. Dead containers are
// pruned through the RuntimeManager (exited instances beyond the newest two
// of each container, sandboxes that are not a pod's newest); images are
// removed by the image garbage collector handed in as `delete_unused_images`
// (none yet: then there is nothing to free there).
//
// Thread safety: safe from any thread, as the RuntimeManager is.
#pragma once

#include <cstdint>
#include <functional>

#include "kubelet/eviction/disk_reclaimer.h"

namespace kubepp::kubelet {
class RuntimeManager;
}

namespace kubepp::kubelet::eviction {

class RuntimeDiskReclaimer : public DiskReclaimer {
 public:
  // `runtime` must outlive the reclaimer. `delete_unused_images` returns the
  // bytes freed; may be empty.
  RuntimeDiskReclaimer(RuntimeManager& runtime,
                       std::function<StatusOr<int64_t>()> delete_unused_images);

  // DiskReclaimer
  Status DeleteAllUnusedContainers() override;
  Status DeleteUnusedImages() override;

 private:
  RuntimeManager& runtime_;
  const std::function<StatusOr<int64_t>()> delete_unused_images_;
};

}  // namespace kubepp::kubelet::eviction
