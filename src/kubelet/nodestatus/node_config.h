// NodeConfig: what the kubelet's flags and configuration say about the Node
// it registers — its name, labels, taints, how many pods it takes, what is
// reserved for the system, where it listens and how often it reports — with
// upstream's defaults (KubeletConfiguration v1beta1). The dynamic parts of a
// Node (machine facts, runtime health, pressure) are inputs of their own;
// see node_inputs.h.
//
// Thread safety: a plain value.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "api/quantity/quantity.h"
#include "base/clock.h"
#include "kubelet/nodestatus/hard_eviction.h"
#include "kubelet/nodestatus/taints.h"

namespace kubepp::kubelet {

// Resource name -> amount ("cpu" -> 100m, "memory" -> 1Gi).
using ResourceList = std::map<std::string, api::Quantity>;

struct NodeConfig {
  // metadata.name and the kubernetes.io/hostname label: --hostname-override
  // or the machine's hostname, lower-cased (NodeHostname in node_labels.h).
  std::string node_name;
  std::string hostname;
  bool hostname_overridden = false;
  // --node-ip: the InternalIP to report; "" = detect (node_ip.h).
  std::string node_ip;
  // --node-labels, added to the labels the kubelet sets itself (and allowed
  // to override them, as upstream). ValidateNodeLabels checks them.
  std::map<std::string, std::string> node_labels;
  // --register-with-taints, set when the Node is created (never reconciled).
  std::vector<Taint> register_with_taints;
  bool register_node = true;
  bool register_schedulable = true;
  // Volumes attach through the attach/detach controller (the annotation
  // volumes.kubernetes.io/controller-managed-attach-detach=true).
  bool enable_controller_attach_detach = true;
  std::string provider_id;

  int max_pods = 110;
  int pods_per_core = 0;  // > 0: pods capacity is min(cores * this, max_pods)
  ResourceList kube_reserved, system_reserved;
  std::vector<EvictionThreshold> eviction_hard = DefaultHardEvictionThresholds();

  // Where the kubelet keeps its state; ephemeral-storage is this filesystem.
  std::string root_dir = "/var/lib/kubelet";
  int kubelet_port = 10250;
  // Images reported in status.images, largest first; -1 = all.
  int node_status_max_images = 50;

  Clock::Duration node_status_update_frequency = std::chrono::seconds(10);
  Clock::Duration node_status_report_frequency = std::chrono::minutes(5);
  int node_lease_duration_seconds = 40;
};

}  // namespace kubepp::kubelet
