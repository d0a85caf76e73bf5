// The flags of the node agent (kubelet and its containerd), shared by
// `kubepp kubelet` and `kubepp server`, with upstream kubelet's names where
// one exists (--hostname-override, --node-ip, --pod-manifest-path, ...).
#pragma once

#include <memory>
#include <string>

#include "base/flags.h"
#include "base/status.h"
#include "cmd/agent.h"
#include "cmd/eviction_flags.h"

namespace kubepp::cmd {

class AgentFlags {
 public:
  // Registers the flags on `flags`; values land in this object.
  explicit AgentFlags(FlagSet& flags);
  // After FlagSet::Parse: the options (data_dir and kubeconfig are the caller's).
  StatusOr<AgentOptions> Options() const;

 private:
  std::string runtime_endpoint_, image_dir_, root_dir_, hostname_override_, node_ip_, pod_cidr_, cluster_dns_,
      cluster_domain_ = "cluster.local", resolv_conf_ = "/etc/resolv.conf", pod_manifest_path_, node_labels_,
      taints_, insecure_registries_, pod_infra_container_image_, minimum_image_ttl_, image_gc_period_,
      volume_stats_agg_period_, cni_conf_dir_;
  int64_t max_pods_ = 110, port_ = 10250, image_gc_high_ = 85, image_gc_low_ = 80;
  bool remove_pods_on_exit_ = false;
  EvictionFlags eviction_;
};

}  // namespace kubepp::cmd
