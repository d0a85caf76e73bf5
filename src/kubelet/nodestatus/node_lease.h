// NodeLeaseController: the kubelet's heartbeat, a Lease named after the node
// in kube-node-lease (holderIdentity = node name, leaseDurationSeconds 40)
// whose spec.renewTime it moves every renew interval (40 s * 0.25 = 10 s,
// with up to 4 % jitter), as upstream's lease controller
// (component-helpers/apimachinery/lease) run by the kubelet:
//   - it updates from the Lease it wrote last, without a GET; on failure it
//     falls back to get-or-create (retried with back-off 200 ms doubling to
//     7 s), then updates; each update is tried 5 times, a Conflict reading
//     the Lease afresh first;
//   - the Lease is owned by the Node (an ownerReference with the Node's uid,
//     read from the API), so deleting the Node collects it; until the Node
//     can be read the Lease is not created, and an existing Lease without
//     the reference gets it on a later renewal.
// The node lifecycle controller reads renewTime to decide the node is alive.
//
// Thread safety: Start, Stop and Sync may be called from any thread; Sync
// calls are serialized.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "base/status.h"
#include "client/api_client.h"

namespace kubepp::kubelet {

inline constexpr std::string_view kNodeLeaseNamespace = "kube-node-lease";

// A new node Lease as created: name and namespace, holderIdentity,
// leaseDurationSeconds, renewTime `now` and, when `node_uid` is not empty,
// the ownerReference to the Node.
boost::json::object NewNodeLease(std::string_view node_name, std::string_view node_uid,
                                 int64_t lease_duration_seconds, Clock::TimePoint now);

struct NodeLeaseOptions {
  std::string node_name;
  int64_t lease_duration_seconds = 40;
  // 0: lease_duration_seconds * 0.25 (upstream's NodeLeaseRenewIntervalFraction).
  Clock::Duration renew_interval{0};
  double jitter_factor = 0.04;  // tests set 0
};

class NodeLeaseController {
 public:
  // `client` and `clock` must outlive this object.
  NodeLeaseController(client::ApiClient& client, NodeLeaseOptions options, Clock& clock = Clock::Real());
  ~NodeLeaseController();
  NodeLeaseController(const NodeLeaseController&) = delete;
  NodeLeaseController& operator=(const NodeLeaseController&) = delete;

  // Renews now and then every renew interval on a thread of its own.
  void Start();
  // Stops the thread (a back-off wait in progress ends at once).
  void Stop();

  // One renewal round (what the thread runs each interval).
  void Sync();

  Clock::Duration renew_interval() const { return renew_interval_; }

 private:
  // The Lease to write based on `base` (nullptr: a new one), renewTime now;
  // a missing ownerReference is filled from the Node. Fails when the Node
  // cannot be read (the Lease is then not created this round).
  StatusOr<boost::json::object> NewLease(const client::ObjectPtr& base);
  // Get-or-create. ok with lease nullptr when the Lease could not be built.
  struct Ensured {
    client::ObjectPtr lease;
    bool created = false;
  };
  StatusOr<Ensured> EnsureLease();
  // EnsureLease until it works or Stop(); nullopt when stopped.
  std::optional<Ensured> BackoffEnsureLease();
  Status RetryUpdateLease(client::ObjectPtr base);
  // Waits `d` on the clock; false when stopped first.
  bool Sleep(Clock::Duration d);
  void Run();

  // Constant after construction.
  client::ApiClient& client_;
  const NodeLeaseOptions options_;
  Clock& clock_;
  const Clock::Duration renew_interval_;

  std::mutex sync_mu_;          // serializes Sync
  client::ObjectPtr latest_;    // guarded by sync_mu_: the Lease as last written

  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
  std::mt19937_64 random_;  // used by the thread only
};

}  // namespace kubepp::kubelet
