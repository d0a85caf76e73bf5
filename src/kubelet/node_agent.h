// NodeAgent: the kubelet's side of its Node — the configuration it
// registers with (name, IP, labels, taints, capacity), registration and
// status updates (nodestatus/node_status_manager.h) and the Lease heartbeat
// (nodestatus/node_lease.h) — wired to the live inputs: machine facts, the
// runtime's version and images, and the kubelet's own health checks.
//
// Thread safety: Start/Stop from one thread; the rest from any thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "client/api_client.h"
#include "client/event_recorder.h"
#include "kubelet/api_pod_environment.h"
#include "kubelet/nodestatus/node_config.h"
#include "kubelet/nodestatus/node_inputs.h"

namespace kubepp::kubelet {

namespace cri {
class ImageService;
}

struct NodeAgentOptions {
  std::string node_name;  // "" = the hostname
  std::string node_ip;    // "" = detect
  std::string root_dir;
  uint16_t port = 10250;
  int max_pods = 110;
  std::vector<std::string> node_labels;           // "k=v"
  std::vector<std::string> register_with_taints;  // "k=v:Effect"
  std::string runtime_name = "containerd";
  std::string runtime_version;
  std::string cluster_domain = "cluster.local";
  ResourceList system_reserved, kube_reserved;
  // Hard eviction thresholds: what of memory and ephemeral-storage they hold
  // back is not allocatable.
  std::vector<EvictionThreshold> eviction_hard = DefaultHardEvictionThresholds();
};

class NodeAgent {
 public:
  // Resolves the node's name and IP and reads the machine; nothing is
  // written until Start.
  static StatusOr<std::unique_ptr<NodeAgent>> Create(client::ApiClient& client, cri::ImageService& images,
                                                     NodeAgentOptions options, Clock& clock = Clock::Real());
  virtual ~NodeAgent() = default;

  // Reasons the node is not ready ("" = ready), asked on every status update.
  virtual void SetHealthChecks(std::function<std::string()> not_ready) = 0;
  // The pressure conditions to report (the eviction manager's), asked on
  // every status update; none until set.
  virtual void SetPressure(std::function<NodePressure()> pressure) = 0;
  virtual Status Start() = 0;
  virtual void Stop() = 0;

  virtual const std::string& node_name() const = 0;
  // The Node's uid once registered ("" before).
  virtual std::string node_uid() const = 0;
  // What pods need to know of the node.
  virtual NodeFacts Facts() const = 0;
};

}  // namespace kubepp::kubelet
