#include "kubelet/container/runtime_status.h"

namespace kubepp::kubelet {

const ContainerRuntimeStatus* PodRuntimeStatus::Newest(const std::string& name) const {
  for (const auto& c : containers) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const ContainerRuntimeStatus* PodRuntimeStatus::Previous(const std::string& name) const {
  bool seen_newest = false;
  for (const auto& c : containers) {
    if (c.name != name) continue;
    if (seen_newest) return &c;
    seen_newest = true;
  }
  return nullptr;
}

bool PodRuntimeStatus::AnythingRunning() const {
  for (const auto& c : containers) {
    if (c.state == ContainerState::kRunning) return true;
  }
  for (const auto& s : sandboxes) {
    if (s.ready) return true;
  }
  return false;
}

}  // namespace kubepp::kubelet
