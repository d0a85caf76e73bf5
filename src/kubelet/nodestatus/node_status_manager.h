// NodeStatusManager: keeps the kubelet's Node registered and its status
// current, as upstream's kubelet does (kubelet_node_status.go):
//   - registration: InitialNode + TryRegisterNode, retried with back-off
//     (100 ms doubling to 7 s) until it works;
//   - status: every node-status-update-frequency (10 s, up to 4 % jitter)
//     the Node is read, its status recomputed (node_status.h) and patched
//     when something changed (status_change.h) or when
//     node-status-report-frequency (5 min) has passed since the last patch;
//     a round tries 5 times;
//   - fast start: until the Node first reports Ready (at most 120 s after
//     Start), readiness is recomputed every 100 ms from the last Node seen
//     and patched the moment it turns Ready, so a new node does not wait a
//     full interval to take pods;
//   - kubernetes.io/os and kubernetes.io/arch are put back if removed;
//   - spec.podCIDRs changes are handed to `on_pod_cidrs` (the runtime's
//     network config), and count as a change.
// The heartbeat proper is the Lease (node_lease.h).
//
// Writes: status as a JSON merge patch of nodes/status; labels as a merge
// patch of the Node (kubepp's status subresource ignores metadata).
//
// Thread safety: every public method may be called from any thread;
// SyncNodeStatus calls and the thread's rounds are serialized.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "base/status.h"
#include "client/api_client.h"
#include "client/event_recorder.h"
#include "kubelet/nodestatus/node_config.h"
#include "kubelet/nodestatus/node_status.h"

namespace kubepp::kubelet {

struct NodeStatusManagerOptions {
  double jitter_factor = 0.04;  // tests set 0
  Clock::Duration fast_update_interval = std::chrono::milliseconds(100);
  Clock::Duration node_ready_grace_period = std::chrono::seconds(120);
  // Called with "10.244.1.0/24[,fd00::/64]" when spec.podCIDRs differs from
  // what it was last given; returns whether the runtime took a new value.
  std::function<bool(const std::string& pod_cidrs)> on_pod_cidrs;
};

// Node events go to `recorder` about this node (involvedObject kind Node,
// name and uid the node name, as upstream's nodeRef).
EventSink NodeEventSink(client::EventRecorder& recorder, std::string node_name);

class NodeStatusManager {
 public:
  // `client` and `clock` must outlive this object.
  NodeStatusManager(client::ApiClient& client, NodeConfig config, NodeStatusSources sources, EventSink events,
                    Clock& clock = Clock::Real(), NodeStatusManagerOptions options = {});
  ~NodeStatusManager();
  NodeStatusManager(const NodeStatusManager&) = delete;
  NodeStatusManager& operator=(const NodeStatusManager&) = delete;

  // Registers (in the background) and then keeps the status current.
  void Start();
  void Stop();

  // One round as the thread runs it: one registration attempt when not yet
  // registered, then the status update (5 tries). For tests and callers
  // that want the status written now.
  Status SyncNodeStatus();

  bool Registered() const;
  // The Node as last read or written (nullptr before registration).
  client::ObjectPtr LastNode() const;

 private:
  Status RegisterOnceLocked();
  Status UpdateNodeStatusLocked();
  Status TryUpdateNodeStatusLocked();
  // A copy of `original` with the status recomputed; `changed` says
  // whether it must be written.
  boost::json::object UpdateNodeLocked(const boost::json::object& original, bool* changed);
  Status PatchNodeStatusLocked(const boost::json::object& original, const boost::json::object& node);
  // One fast-start check; false once the fast start is over.
  bool FastUpdate();
  bool WaitUntil(Clock::TimePoint deadline);  // false when stopped
  void Run();

  // Constant after construction.
  client::ApiClient& client_;
  const NodeConfig config_;
  const NodeStatusSources sources_;
  const EventSink events_;
  Clock& clock_;
  const NodeStatusManagerOptions options_;

  // Guarded by sync_mu_, held for a whole round (lock order: sync_mu_, then mu_).
  std::mutex sync_mu_;
  Clock::TimePoint last_status_report_{};
  bool last_unschedulable_ = false;
  std::string pod_cidrs_;
  Clock::TimePoint fast_start_{};

  // Guarded by mu_ (never held across API calls).
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool registered_ = false;
  client::ObjectPtr last_node_;
  std::thread thread_;
  std::mt19937_64 random_;  // the thread's
};

}  // namespace kubepp::kubelet
