#include "cmd/eviction_flags.h"

#include <sstream>

#include "cmd/duration_flag.h"

namespace kubepp::cmd {
namespace {

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

EvictionFlags::EvictionFlags(FlagSet& flags)
    : eviction_hard_(kubelet::eviction::kDefaultEvictionHard) {
  flags.String(
      "system-reserved", &system_reserved_,
      "resources reserved for the system (not allocatable to pods): cpu=100m,memory=1Gi,...");
  flags.String("kube-reserved", &kube_reserved_,
               "resources reserved for Kubernetes' daemons (not allocatable to pods): "
               "cpu=100m,memory=1Gi,...");
  flags.String("enforce-node-allocatable", &enforce_node_allocatable_,
               "what the node's allocatable is enforced on: \"pods\" (the pods' memory is evicted "
               "down to it) or none");
  flags.String("eviction-hard", &eviction_hard_,
               "thresholds that evict pods at once when met, e.g. "
               "memory.available<100Mi,nodefs.available<10%");
  flags.String(
      "eviction-soft", &eviction_soft_,
      "thresholds that evict pods when met for their grace period, e.g. memory.available<1.5Gi");
  flags.String("eviction-soft-grace-period", &eviction_soft_grace_period_,
               "how long each soft threshold must be met, e.g. memory.available=1m30s");
  flags.String("eviction-minimum-reclaim", &eviction_minimum_reclaim_,
               "how much more than a met threshold must be free again, e.g. "
               "memory.available=0Mi,nodefs.available=500Mi");
  flags.Int(
      "eviction-max-pod-grace-period", &eviction_max_pod_grace_period_,
      "the longest grace period (seconds) of a pod evicted for a soft threshold; 0: the pod's own");
  flags.String("eviction-pressure-transition-period", &eviction_pressure_transition_period_,
               "how long a pressure condition stays after it was last observed");
}

StatusOr<kubelet::ResourceList> ParseResourceListFlag(const std::string& flag,
                                                      const std::string& text) {
  kubelet::ResourceList out;
  for (const auto& item : SplitCommas(text)) {
    size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::Invalid("--" + flag + ": malformed pair, expect resource=quantity: " + item);
    }
    auto quantity = api::Quantity::Parse(item.substr(eq + 1));
    if (!quantity.ok())
      return Status::Invalid("--" + flag + ": " + item + ": " + quantity.status().message());
    if (quantity->Sign() < 0)
      return Status::Invalid("--" + flag + ": " + item + ": must not be negative");
    out[item.substr(0, eq)] = *quantity;
  }
  return out;
}

Status EvictionFlags::Apply(kubelet::KubeletOptions& options) const {
  auto system = ParseResourceListFlag("system-reserved", system_reserved_);
  if (!system.ok()) return system.status();
  auto kube = ParseResourceListFlag("kube-reserved", kube_reserved_);
  if (!kube.ok()) return kube.status();
  options.system_reserved = std::move(*system);
  options.kube_reserved = std::move(*kube);

  kubelet::eviction::ThresholdFlags thresholds;
  thresholds.hard = eviction_hard_;
  thresholds.soft = eviction_soft_;
  thresholds.soft_grace_period = eviction_soft_grace_period_;
  thresholds.minimum_reclaim = eviction_minimum_reclaim_;
  thresholds.enforce_node_allocatable = SplitCommas(enforce_node_allocatable_);
  for (const auto& key : thresholds.enforce_node_allocatable) {
    if (key != "pods" && key != "none" && key != "system-reserved" && key != "kube-reserved") {
      return Status::Invalid("--enforce-node-allocatable: invalid option \"" + key +
                             "\" (valid: pods, system-reserved, kube-reserved, none)");
    }
  }
  auto parsed = kubelet::eviction::ParseThresholdConfig(thresholds);
  if (!parsed.ok()) return Status::Invalid("eviction flags: " + parsed.status().message());
  options.eviction_thresholds = std::move(*parsed);

  if (eviction_max_pod_grace_period_ < 0)
    return Status::Invalid("--eviction-max-pod-grace-period must not be negative");
  options.eviction_max_pod_grace_period_seconds = eviction_max_pod_grace_period_;
  auto transition = ParseDurationFlag("eviction-pressure-transition-period",
                                      eviction_pressure_transition_period_);
  if (!transition.ok()) return transition.status();
  options.eviction_pressure_transition_period = *transition;
  return Status::Ok();
}

}  // namespace kubepp::cmd
