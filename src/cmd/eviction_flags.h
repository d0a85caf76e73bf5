// The kubelet flags about the node's resources, with upstream's names and
// defaults: what is reserved for the system (Node allocatable) and when pods
// are evicted under pressure.
//
//   --system-reserved, --kube-reserved        "cpu=100m,memory=1Gi,ephemeral-storage=1Gi"
//   --enforce-node-allocatable                "pods" (default): the pods' memory is
//                                             held to what the node allots them
//   --eviction-hard                           "memory.available<100Mi,nodefs.available<10%,
//                                             imagefs.available<15%,nodefs.inodesFree<5%"
//   --eviction-soft, --eviction-soft-grace-period, --eviction-minimum-reclaim
//   --eviction-max-pod-grace-period           0: soft evictions use the pod's own
//   --eviction-pressure-transition-period     5m0s
//
// Part of AgentFlags (agent_flags.h). Thread safety: one thread.
#pragma once

#include <cstdint>
#include <string>

#include "base/flags.h"
#include "base/status.h"
#include "kubelet/kubelet.h"

namespace kubepp::cmd {

class EvictionFlags {
 public:
  explicit EvictionFlags(FlagSet& flags);
  // After FlagSet::Parse: fills the kubelet's reservation and eviction
  // options; Invalid with the flag's name for a value that does not parse.
  Status Apply(kubelet::KubeletOptions& options) const;

 private:
  std::string system_reserved_, kube_reserved_, enforce_node_allocatable_ = "pods";
  std::string eviction_hard_, eviction_soft_, eviction_soft_grace_period_,
      eviction_minimum_reclaim_;
  std::string eviction_pressure_transition_period_ = "5m0s";
  int64_t eviction_max_pod_grace_period_ = 0;
};

// "cpu=100m,memory=1Gi" -> {cpu: 100m, memory: 1Gi}. Invalid (naming `flag`)
// for a malformed pair or quantity, or a negative amount.
StatusOr<kubelet::ResourceList> ParseResourceListFlag(const std::string& flag,
                                                      const std::string& text);

}  // namespace kubepp::cmd
