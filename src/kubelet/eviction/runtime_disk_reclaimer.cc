#include "kubelet/eviction/runtime_disk_reclaimer.h"

#include "base/log.h"
#include "kubelet/kuberuntime/runtime_manager.h"

namespace kubepp::kubelet::eviction {

RuntimeDiskReclaimer::RuntimeDiskReclaimer(RuntimeManager& runtime,
                                           std::function<StatusOr<int64_t>()> delete_unused_images)
    : runtime_(runtime), delete_unused_images_(std::move(delete_unused_images)) {}

Status RuntimeDiskReclaimer::DeleteAllUnusedContainers() {
  auto pods = runtime_.ListPods();
  if (!pods.ok()) return pods.status();
  for (const auto& [uid, status] : *pods) runtime_.PruneDead(status);
  return Status::Ok();
}

Status RuntimeDiskReclaimer::DeleteUnusedImages() {
  if (!delete_unused_images_) return Status::Ok();
  auto freed = delete_unused_images_();
  if (!freed.ok()) return freed.status();
  KLOG(INFO) << "eviction manager: unused images freed " << *freed << " bytes";
  return Status::Ok();
}

}  // namespace kubepp::kubelet::eviction
