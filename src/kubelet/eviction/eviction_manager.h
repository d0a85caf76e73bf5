// EvictionManager: node-pressure eviction (upstream's pkg/kubelet/eviction).
// Every monitoring interval (10 s) one round:
//
//   1. measure (SummaryProvider) and derive each signal's observation;
//   2. find the thresholds met — a threshold met before stays met until its
//      minimum reclaim is available again — and note since when each is met;
//   3. raise the Node conditions they map to (MemoryPressure, DiskPressure,
//      PIDPressure); a condition stays raised until the pressure transition
//      period (5 min) has passed without it being observed. The NodeAgent
//      reports them (Pressure()), the node lifecycle controller taints the
//      node for them, and Admit refuses new pods that cannot run under them;
//   4. before any threshold, evict every pod over its own storage limits
//      (local_storage.h) at once, with no DisruptionTarget condition; if any
//      was, the round ends there;
//   5. of the thresholds met for their grace period (hard ones at once) with
//      fresh figures, take the most urgent (memory first). For disk, first
//      free node-level disk (DiskReclaimer: dead containers, unused images)
//      and measure again: if that resolved it, nobody is evicted;
//   6. rank the active pods for the signal (ranking.h) and evict the first
//      that may be evicted — critical pods (static, mirror, system-critical
//      priority) never are. At most one pod per round.
//
// Evicting records a Warning event "Evicted" on the pod with the eviction
// message (eviction_message.h) and kills it through `kill_pod` with grace
// period 0 for a hard threshold, or for a soft one the pod's own
// terminationGracePeriodSeconds capped at --eviction-max-pod-grace-period
// (when that is positive). The pod ends phase Failed, reason "Evicted", with
// a DisruptionTarget condition (reason TerminationByKubelet).
//
// Lifecycle: Start runs the rounds on a thread of its own; Stop ends it.
// Synchronize runs one round on the caller's thread (tests).
// Thread safety: Admit and Pressure may be called from any thread; rounds
// are serialized.
#pragma once

#include <boost/json/object.hpp>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "client/event_recorder.h"
#include "client/object.h"
#include "kubelet/eviction/disk_reclaimer.h"
#include "kubelet/eviction/observations.h"
#include "kubelet/eviction/ranking.h"
#include "kubelet/eviction/summary.h"
#include "kubelet/eviction/thresholds.h"
#include "kubelet/eviction/thresholds_met.h"
#include "kubelet/lifecycle/pod_admission.h"
#include "kubelet/lifecycle/pod_termination.h"
#include "kubelet/nodestatus/node_inputs.h"

namespace kubepp::kubelet::eviction {

struct EvictionConfig {
  std::vector<Threshold> thresholds = DefaultThresholds();
  // --eviction-pressure-transition-period
  Clock::Duration pressure_transition_period = std::chrono::minutes(5);
  // --eviction-max-pod-grace-period; <= 0: the pod's own.
  int64_t max_pod_grace_period_seconds = 0;
  Clock::Duration monitoring_interval = std::chrono::seconds(10);
  // Evict pods over their own ephemeral-storage limits and emptyDir size
  // limits (local_storage.h), before and whatever the thresholds.
  bool local_storage_capacity_isolation = true;
};

// The rest of the kubelet, as the eviction manager sees it.
struct EvictionDeps {
  // Required.
  SummaryProvider* stats = nullptr;
  // Required: the pods the node runs (admitted, not finished).
  std::function<std::vector<client::ObjectPtr>()> active_pods;
  // Required: ends the pod as `termination` says; returns once its
  // containers stopped (or failed to).
  using KillPodFunc =
      std::function<Status(const boost::json::object& pod, const PodTermination& termination)>;
  KillPodFunc kill_pod;
  // None: nothing to free before evicting for disk.
  DiskReclaimer* reclaimer = nullptr;
  // Events about pods; may be null.
  client::EventRecorder* recorder = nullptr;
  // Events about the Node; may be empty.
  EventSink node_events;
};

class EvictionManager {
 public:
  EvictionManager(EvictionConfig config, EvictionDeps deps, Clock& clock = Clock::Real());
  ~EvictionManager();
  EvictionManager(const EvictionManager&) = delete;
  EvictionManager& operator=(const EvictionManager&) = delete;

  void Start();
  void Stop();  // idempotent

  // One round; the pod it evicted, nullptr if none.
  client::ObjectPtr Synchronize();

  // Upstream's eviction admit handler (admission.h) over the conditions held now.
  PodAdmitResult Admit(const boost::json::object& pod) const;
  // The pressure conditions held now, for the Node's status.
  NodePressure Pressure() const;

 private:
  // Frees node-level disk for `signal`; true when that brought every
  // threshold back under (with its minimum reclaim).
  bool ReclaimNodeLevelResources(std::string_view signal);
  // False when the pod may not be evicted (critical).
  bool EvictPod(const client::ObjectPtr& pod, int64_t grace_seconds, const std::string& message,
                bool disruption_condition);
  // Evicts every pod over a local storage limit; the first evicted, if any.
  client::ObjectPtr LocalStorageEviction(const std::vector<client::ObjectPtr>& pods,
                                         const PodStatsFunc& stats);
  int64_t SoftGracePeriod(const boost::json::object& pod) const;
  void Run();

  // Constant after construction.
  const EvictionConfig config_;
  const EvictionDeps deps_;
  Clock& clock_;

  // Touched by rounds only (serialized by round_mu_).
  std::mutex round_mu_;
  std::optional<bool> dedicated_imagefs_;
  std::vector<Threshold> thresholds_met_;  // met (with grace period), not yet resolved
  ThresholdsObservedAt thresholds_first_observed_at_;
  NodeConditionsObservedAt node_conditions_last_observed_at_;
  Observations last_observations_;

  // Guarded by mu_.
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> node_conditions_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kubepp::kubelet::eviction
