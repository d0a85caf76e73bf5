// Leader election on a coordination.k8s.io/v1 Lease, as upstream's
// leaderelection package: the holder renews spec.renewTime every
// retry_period; a candidate takes the lease once it has seen the same
// renewTime for lease_duration; every write is a compare-and-swap on the
// Lease's resourceVersion, so two candidates never both lead. A leader that
// cannot renew within renew_deadline stops leading (on_stopped_leading) and
// campaigns again. on_started_leading runs on a thread of its own and may
// block until on_stopped_leading is called; that thread is joined after
// on_stopped_leading returns. Candidates retry every retry_period, without
// jitter, so tests on a FakeClock can step them.
//
// Thread safety: Run, Stop and IsLeader may be called from any thread.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "base/clock.h"
#include "client/api_client.h"

namespace kubepp::client {

struct LeaderElectionConfig {
  std::string lease_namespace = "kube-system";
  std::string lease_name;  // "kube-controller-manager", "kube-scheduler"
  std::string identity;    // unique per candidate: "<hostname>_<random>"
  Clock::Duration lease_duration = std::chrono::seconds(15);
  Clock::Duration renew_deadline = std::chrono::seconds(10);
  Clock::Duration retry_period = std::chrono::seconds(2);
  std::function<void()> on_started_leading;  // runs on its own thread
  std::function<void()> on_stopped_leading;
  std::function<void(const std::string& identity)> on_new_leader;  // optional
};

class LeaderElector {
 public:
  static std::unique_ptr<LeaderElector> Create(ApiClient& client, LeaderElectionConfig config,
                                               Clock& clock = Clock::Real());
  virtual ~LeaderElector() = default;
  virtual void Run() = 0;   // starts campaigning in the background
  // Stops; a leader releases the lease (holderIdentity cleared) so another
  // candidate takes over at once.
  virtual void Stop() = 0;
  virtual bool IsLeader() const = 0;
};

}  // namespace kubepp::client
