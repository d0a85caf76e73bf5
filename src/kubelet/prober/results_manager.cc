#include "kubelet/prober/results_manager.h"

namespace kubepp::kubelet::prober {

std::optional<ProbeResult> ResultsManager::Get(std::string_view container_id) const {
  std::lock_guard lock(mu_);
  auto it = results_.find(std::string(container_id));
  if (it == results_.end()) return std::nullopt;
  return it->second;
}

void ResultsManager::Set(std::string_view container_id, ProbeResult result, std::string_view pod_uid) {
  std::vector<Listener> listeners;
  {
    std::lock_guard lock(mu_);
    auto [it, inserted] = results_.try_emplace(std::string(container_id), result);
    if (!inserted) {
      if (it->second == result) return;
      it->second = result;
    }
    listeners = listeners_;
  }
  ProbeResultUpdate update{std::string(container_id), result, std::string(pod_uid)};
  for (const auto& l : listeners) l(update);
}

void ResultsManager::Remove(std::string_view container_id) {
  std::lock_guard lock(mu_);
  results_.erase(std::string(container_id));
}

void ResultsManager::AddListener(Listener listener) {
  std::lock_guard lock(mu_);
  listeners_.push_back(std::move(listener));
}

}  // namespace kubepp::kubelet::prober
