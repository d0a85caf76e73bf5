#include "kubelet/eviction/runtime_disk_reclaimer.h"

#include "base/log.h"
#include "kubelet/kuberuntime/runtime_manager.h"

namespace kubepp::kubelet::eviction {

RuntimeDiskReclaimer::RuntimeDiskReclaimer(RuntimeManager& runtime,
                                           std::function<StatusOr<int64_t>()> delete_unused_images,
                                           std::function<bool(const std::string& uid)> pod_finished)
    : runtime_(runtime),
      delete_unused_images_(std::move(delete_unused_images)),
      pod_finished_(std::move(pod_finished)) {}

Status RuntimeDiskReclaimer::DeleteAllUnusedContainers() {
  auto pods = runtime_.ListPods();
  if (!pods.ok()) return pods.status();
  Status last;
  for (const auto& [uid, status] : *pods) {
    if (pod_finished_ && pod_finished_(uid) && !status.AnythingRunning()) {
      if (Status st = runtime_.RemovePod(status); !st.ok()) {
        KLOG(WARNING) << "eviction manager: removing the containers of finished pod " << uid << ": "
                      << st.ToString();
        last = st;
      }
      continue;
    }
    runtime_.PruneDead(status);
  }
  return last;
}

Status RuntimeDiskReclaimer::DeleteUnusedImages() {
  if (!delete_unused_images_) return Status::Ok();
  auto freed = delete_unused_images_();
  if (!freed.ok()) return freed.status();
  KLOG(INFO) << "eviction manager: unused images freed " << *freed << " bytes";
  return Status::Ok();
}

}  // namespace kubepp::kubelet::eviction
