// ProbeWorker: the state of one probe of one container of one pod, and one
// round of upstream's worker.doProbe, which the scheduler runs every
// periodSeconds:
//   - no status for the pod yet, or no container id yet: wait;
//   - pod Succeeded/Failed: stop;
//   - a new container id (a restart): forget the old result, start over
//     from the initial value (readiness Failure, liveness Success, startup
//     Unknown) and leave hold;
//   - on hold (after a liveness/startup failure, until the container is
//     replaced): wait;
//   - container not running: result Failure; stop if it will not be
//     restarted (terminated, restartPolicy Never, not a sidecar);
//   - pod being deleted: liveness/startup set Success and stop;
//   - within initialDelaySeconds of the container's start: wait;
//   - startup gates the rest: until the container has started (its startup
//     probe succeeded, or it has none) only the startup probe runs, after
//     that only the others;
//   - probe; an errored probe is thrown away; otherwise the result is set
//     once it repeated successThreshold (success) or failureThreshold
//     (failure) times in a row; a liveness/startup failure puts the worker
//     on hold.
//
// Thread safety: DoProbe and Finish are called by one thread at a time (the
// scheduler never runs a task twice at once); the rest is constant.
#pragma once

#include <string>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "client/object.h"
#include "kubelet/prober/pod_runtime_status.h"
#include "kubelet/prober/probe_spec.h"
#include "kubelet/prober/prober.h"
#include "kubelet/prober/results_manager.h"

namespace kubepp::kubelet::prober {

// What every worker of a manager shares; all must outlive the workers.
struct WorkerContext {
  const Prober* prober = nullptr;
  ResultsManager* liveness = nullptr;
  ResultsManager* readiness = nullptr;
  ResultsManager* startup = nullptr;
  PodStatusProvider status;
  Clock* clock = nullptr;
};

class ProbeWorker {
 public:
  ProbeWorker(ProbeType type, client::ObjectPtr pod, boost::json::object container, bool init_container,
              ProbeSpec spec, const WorkerContext& context);

  // One round; false when the worker is done for good.
  bool DoProbe();
  // After the last round: the result of the container it probed goes.
  void Finish();

  ProbeType type() const { return type_; }
  const ProbeSpec& spec() const { return spec_; }

 private:
  ResultsManager& Results() const;
  bool Started(const ContainerRuntimeStatus& c) const;

  // Constant after construction.
  const ProbeType type_;
  const client::ObjectPtr pod_;
  const boost::json::object container_;
  const std::string pod_uid_;
  const std::string container_name_;
  const bool init_container_;
  const ProbeSpec spec_;
  const WorkerContext& context_;
  const ProbeResult initial_value_;

  // The probing thread's.
  std::string container_id_;
  ProbeResult last_result_ = ProbeResult::kUnknown;
  int result_run_ = 0;
  bool on_hold_ = false;
};

}  // namespace kubepp::kubelet::prober
