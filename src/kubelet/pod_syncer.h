// PodSyncer: the kubelet's pod workers. Every pod bound to the node — and
// every pod the runtime still holds something for — is a key (its uid) in a
// work queue; a sync brings the runtime in line with the pod (sandbox, init
// containers in order, app containers, restarts with CrashLoopBackOff,
// probe-driven restarts), reports the pod's status, and tears down pods
// that are deleted, finished or gone from the API. A key is synced again
// when the pod changes, when the runtime reports a change (PLEG), when a
// probe result changes, when a back-off ends, and once a minute (so ConfigMap
// and Secret volumes follow their sources).
//
// Admission: a pod the syncer has not run yet (not finished, not being
// deleted) starts only if every admit handler admits it; a refused pod is
// reported Failed with the handler's reason and "Pod was rejected: ..."
// (lifecycle/pod_admission.h) and never started.
//
// TerminatePod ends a running pod on the kubelet's own initiative (eviction,
// lifecycle/pod_termination.h).
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "client/api_client.h"
#include "client/event_recorder.h"
#include "client/workqueue.h"
#include "kubelet/kuberuntime/runtime_manager.h"
#include "kubelet/lifecycle/pod_admission.h"
#include "kubelet/lifecycle/pod_termination.h"
#include "kubelet/status/status_manager.h"

namespace kubepp::kubelet {

struct PodSyncerOptions {
  int workers = 16;  // pods synced at once (upstream runs one goroutine per pod)
  Clock::Duration resync = std::chrono::minutes(1);
  std::vector<std::string> host_ips;  // the node's addresses, first is hostIP
  // Where the Warning event of a refused pod goes; may be null.
  client::EventRecorder* recorder = nullptr;
};

// Probe state the syncer consults (all optional: a missing function means
// no probes, i.e. ready once running, never unhealthy).
struct ProbeState {
  std::function<bool(const std::string& container_id)> ready;
  std::function<bool(const std::string& container_id)> started;
  // Preferred over ready/started: see PodStatusInputs::update_readiness.
  std::function<void(const boost::json::object& pod, boost::json::object& statuses)> update_readiness;
  std::function<bool(const std::string& container_id)> liveness_failed;
  std::function<bool(const std::string& container_id)> startup_failed;
  // Tells the prober which containers of a pod run now (after each sync).
  std::function<void(const client::ObjectPtr& pod, const PodRuntimeStatus& status)> observe;
  std::function<void(const std::string& uid)> forget;
  // The pod is being torn down: liveness and startup probes stop.
  std::function<void(const boost::json::object& pod)> terminating;
};

class PodSyncer {
 public:
  PodSyncer(RuntimeManager& runtime, PodEnvironment& environment, StatusManager& statuses, Clock& clock,
            PodSyncerOptions options);
  ~PodSyncer();

  void SetProbeState(ProbeState probes);
  // Consulted in the order added, before a pod first starts. Add before Start.
  void AddAdmitHandler(PodAdmitHandler handler);
  void Start();
  void Stop();

  // The pod as the API shows it now (from the informer).
  void UpsertPod(const client::ObjectPtr& pod);
  void RemovePod(const std::string& uid);
  // Something about the pod with this uid changed: sync it soon.
  void Enqueue(const std::string& uid);
  // The pods the kubelet knows from the API.
  std::vector<client::ObjectPtr> Pods() const;
  client::ObjectPtr PodByUid(const std::string& uid) const;
  // The status the last sync of the pod computed (nullopt before one).
  std::optional<boost::json::object> LastStatus(const std::string& uid) const;
  // The pods the node runs or is about to: admitted, not finished and not
  // being terminated by TerminatePod.
  std::vector<client::ObjectPtr> ActivePods() const;

  // Stops the pod's containers with the termination's grace period and
  // reports it Failed as the termination says. Blocks until its containers
  // have stopped; Timeout if that took longer than `timeout`, NotFound for a
  // pod the syncer does not know.
  Status TerminatePod(const std::string& uid, PodTermination termination, Clock::Duration timeout);

  // One sync of one pod (what the workers run); exposed for tests.
  void SyncOne(const std::string& uid);

 private:
  void Work();
  // Runs the admit handlers once per pod; the refusal, if any.
  std::optional<PodAdmitResult> Admission(const std::string& uid, const boost::json::object& pod);
  void MarkTerminated(const std::string& uid);

  RuntimeManager& runtime_;
  PodEnvironment& environment_;
  StatusManager& statuses_;
  Clock& clock_;
  const PodSyncerOptions options_;
  std::unique_ptr<client::WorkQueue> queue_;
  mutable std::mutex mu_;
  std::map<std::string, client::ObjectPtr> pods_;                    // uid -> pod
  std::map<std::string, std::map<std::string, StartFailure>> failures_;  // uid -> container -> failure
  std::map<std::string, boost::json::object> last_status_;               // uid -> last computed status
  ProbeState probes_;
  std::vector<PodAdmitHandler> admit_handlers_;
  std::set<std::string> admitted_;                        // uids
  std::map<std::string, PodAdmitResult> rejected_;        // uid -> why
  std::map<std::string, PodTermination> terminations_;    // uid -> how the kubelet ends it
  std::set<std::string> terminated_;                      // terminations carried out
  std::condition_variable terminated_cv_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kubepp::kubelet
