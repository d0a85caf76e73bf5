// ProberManager: the kubelet's container probing, as upstream's
// prober.Manager. For every container with a probe it runs a worker
// (worker.h) per probe type, on a shared ProbeScheduler (a few threads, not
// one per probe), and keeps their verdicts in three ResultsManagers.
//
// What the kubelet gives it:
//   - PodStatusProvider: its current status of a pod by uid (phase, pod IP,
//     each container's id, state and start time; pod_runtime_status.h);
//   - ExecRunner: runs a command in a container (CRI ExecSync) for exec
//     probes (exec_probe.h);
//   - an EventRecorder for "Unhealthy"/"ProbeWarning" events (may be null);
//   - the pods: AddPod when a pod starts on the node, StopLivenessAndStartup
//     when it starts terminating, RemovePod when it is gone, CleanupPods to
//     drop everything else.
// What it gives back:
//   - liveness(), readiness(), startup(): results and their changes. The pod
//     workers kill and restart a container on a liveness (or startup)
//     Failure, and resync the pod's status on readiness changes;
//   - UpdatePodStatus: sets containerStatuses[].started and .ready in a
//     v1 PodStatus from the results (no readiness probe: ready once started).
// Workers of sidecars (init containers with restartPolicy Always) are run
// too; probe parameters are read once, at AddPod.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <tuple>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "client/event_recorder.h"
#include "client/object.h"
#include "kubelet/prober/exec_probe.h"
#include "kubelet/prober/pod_runtime_status.h"
#include "kubelet/prober/probe_scheduler.h"
#include "kubelet/prober/prober.h"
#include "kubelet/prober/results_manager.h"
#include "kubelet/prober/worker.h"

namespace kubepp::kubelet::prober {

struct ProberManagerOptions {
  int threads = 4;  // probes running at once
  // A kubelet that just started spreads each worker's first probe over its
  // period, so restarts do not probe everything at once. Tests turn it off.
  bool initial_jitter = true;
};

class ProberManager {
 public:
  // `clock` (and `recorder`, when given) must outlive the manager.
  ProberManager(PodStatusProvider status, ExecRunner exec, client::EventRecorder* recorder,
                Clock& clock = Clock::Real(), ProberManagerOptions options = {});
  // With the checks given (tests).
  ProberManager(PodStatusProvider status, ProbeChecks checks, client::EventRecorder* recorder, Clock& clock,
                ProberManagerOptions options);
  ~ProberManager();
  ProberManager(const ProberManager&) = delete;
  ProberManager& operator=(const ProberManager&) = delete;

  void AddPod(const client::ObjectPtr& pod);
  void StopLivenessAndStartup(const boost::json::object& pod);
  void RemovePod(const boost::json::object& pod);
  // Stops the workers of every pod whose uid is not in `desired_pod_uids`.
  void CleanupPods(const std::set<std::string>& desired_pod_uids);
  // `pod` is the Pod, `pod_status` its v1 PodStatus to fill in.
  void UpdatePodStatus(const boost::json::object& pod, boost::json::object& pod_status);

  ResultsManager& liveness() { return liveness_; }
  ResultsManager& readiness() { return readiness_; }
  ResultsManager& startup() { return startup_; }

  size_t WorkerCount() const;
  // For tests on a FakeClock: waits until no probe is due or running.
  bool Settle(std::chrono::milliseconds timeout) { return scheduler_.Settle(timeout); }
  // Stops every worker and the threads (also done by the destructor).
  void Stop();

 private:
  using Key = std::tuple<std::string, std::string, ProbeType>;  // pod uid, container, type
  struct Entry {
    std::shared_ptr<ProbeWorker> worker;
    ProbeScheduler::TaskId task = 0;
  };

  void AddWorkerLocked(const client::ObjectPtr& pod, const boost::json::object& container, bool init_container,
                       ProbeType type);
  void StopWorkersLocked(const boost::json::object& pod, std::initializer_list<ProbeType> types);
  // started and ready of one container status, as upstream computes them.
  bool IsStarted(std::string_view pod_uid, const boost::json::object& container_status) const;
  void SetReady(std::string_view pod_uid, boost::json::object& container_status);
  std::optional<Entry> Find(const Key& key) const;

  // Constant after construction.
  Clock& clock_;
  const ProberManagerOptions options_;
  const Clock::TimePoint start_;
  const Prober prober_;
  ResultsManager liveness_, readiness_, startup_;
  const WorkerContext context_;

  mutable std::mutex mu_;
  std::map<Key, Entry> workers_;  // guarded by mu_
  uint64_t jitter_state_;         // guarded by mu_

  // Last, so it stops (and joins) before the rest goes.
  ProbeScheduler scheduler_;
};

}  // namespace kubepp::kubelet::prober
