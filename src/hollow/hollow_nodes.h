// HollowNodes: many fake kubelets in one process, for control-plane tests and
// benchmarks (upstream's kubemark / KWOK). Each hollow node registers a Node
// with realistic capacity, addresses, nodeInfo and Ready conditions, renews
// its Lease in kube-node-lease, refreshes its conditions' heartbeat every
// `status_report_frequency`, and "runs" the pods bound to it: a bound pod is
// reported Running through pods/status exactly as a kubelet writes it, may
// complete (see pod_lifecycle.h), and a pod marked for deletion is deleted
// with gracePeriodSeconds=0 as a kubelet does once its containers stopped.
//
// Cost is independent of one thread per node: one pod informer and one node
// informer serve every hollow node, and a small pool of workers drains one
// workqueue whose keys are "node/<name>" (register, refresh status),
// "lease/<name>" (renew) and "pod/<ns>/<name>" (status, deletion). Periodic
// work is the same key re-added with a delay.
//
// Stop() deletes nothing: the Nodes stay, like those of a stopped kubelet,
// and go NotReady once the node lifecycle controller sees their leases age.
//
// Thread safety: Start, Stop and WaitForRegistered may be called from any
// thread; Start and Stop at most once each.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/status.h"
#include "client/api_client.h"

namespace kubepp::hollow {

struct HollowNodesOptions {
  int count = 1;
  std::string name_prefix = "hollow-node-";  // nodes are <prefix>0 .. <prefix><count-1>
  // Capacity (= allocatable), as Quantity strings.
  std::string cpu = "4";
  std::string memory = "16Gi";
  std::string ephemeral_storage = "100Gi";
  std::string pods = "110";
  std::map<std::string, std::string> node_labels;  // added to the well-known ones
  // > 0: node i gets topology.kubernetes.io/zone=zone-<i % zones> (and the
  // matching region label), so topology spreading has domains to spread over.
  int zones = 0;
  std::chrono::seconds lease_duration{40};
  Clock::Duration lease_renew_interval = std::chrono::seconds(10);
  Clock::Duration status_report_frequency = std::chrono::minutes(5);
  // Real kubelets write their pods' status each on its own; a few workers for
  // a thousand nodes make those writes the bottleneck of a rollout.
  int workers = 16;
  // false: the nodes are API objects only, as in upstream's scheduler_perf; pods bound to them
  // stay as the scheduler left them and no pod informer runs.
  bool run_pods = true;
};

class HollowNodes {
 public:
  // `client` and `clock` must outlive this object.
  HollowNodes(client::ApiClient& client, HollowNodesOptions options, Clock& clock = Clock::Real());
  ~HollowNodes();
  HollowNodes(const HollowNodes&) = delete;
  HollowNodes& operator=(const HollowNodes&) = delete;

  // Starts registering the nodes, the informers and the workers, and returns
  // (registration goes on in the background; see WaitForRegistered).
  Status Start();
  // True once every node is registered; false if `timeout` passes first.
  bool WaitForRegistered(Clock::Duration timeout);
  int Registered() const;
  // Stops the workers and informers; no writes happen after it returns.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kubepp::hollow
