// The Job controller (upstream "job"): runs a Job's pods to completion.
//
// It keeps min(parallelism, what is left to complete) pods active, counts
// finished pods exactly once, and finishes the Job:
//   - success: `completions` pods succeeded (NonIndexed), every index in
//     [0, completions) succeeded (Indexed), or — without completions — one
//     pod succeeded and none is left running;
//   - failure: more failed pods than backoffLimit (BackoffLimitExceeded),
//     or activeDeadlineSeconds passed since startTime (DeadlineExceeded),
//     or a podFailurePolicy rule with action FailJob matched (PodFailurePolicy).
// As v1.32 does, the interim condition comes first (SuccessCriteriaMet or
// FailureTarget); remaining pods are deleted, and Complete or Failed follows
// once no pod of the Job is left unterminated or uncounted.
//
// Counting uses upstream's tracking finalizer: pods are created with
// batch.kubernetes.io/job-tracking; a finished pod's uid is first written to
// status.uncountedTerminatedPods, then its finalizer is removed, then it
// moves into status.succeeded/failed (and completedIndexes). A crash at any
// step leaves enough in the API to finish the count without double counting;
// a pod whose finalizer removal the pod informer has not shown yet counts as
// counted (FinalizerRemovalExpectations).
//
// A deleted pod counts as failed at once (podReplacementPolicy
// TerminatingOrFailed, the default) or only once its phase is Failed
// (policy Failed: terminating pods keep their place until then).
// A new pod after failures waits 10 s doubling per failure since the last
// success (cap 10 min). Indexed pods carry the index in the annotation and
// label batch.kubernetes.io/job-completion-index and hostname "<job>-<index>".
//
// Thread safety: Start/Stop from one thread; Sync runs on the workers and
// never concurrently for one key.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "client/informer.h"
#include "client/resource.h"
#include "client/workqueue.h"
#include "controllers/common/expectations.h"
#include "controllers/common/pod_control.h"
#include "controllers/job/finalizer_expectations.h"
#include "controllers/controller.h"
#include "controllers/key_workers.h"

namespace kubepp::controllers::job {

class JobController : public Controller {
 public:
  // Asks for the job and pod informers; call before the factory starts.
  explicit JobController(ControllerContext& ctx);
  ~JobController() override;

  // Controller:
  void Start() override;
  void Stop() override;

  // One reconcile of the Job "ns/name" (or of an orphaned pod's finalizer,
  // for keys the pod handlers make). Public so tests can drive it.
  Status Sync(const std::string& key);
  common::Expectations& expectations() { return expectations_; }
  client::WorkQueue& queue() { return *queue_; }

 private:
  class Handlers;
  struct Backoff {
    int64_t failures_after_success = 0;
    Clock::TimePoint last_failure{};
  };

  Status SyncJob(const std::string& key, const client::ObjectPtr& job);
  // Removes the pod's tracking finalizer; with a `job_key`, the removal is
  // expected until the pod informer shows it.
  Status RemoveTrackingFinalizer(const boost::json::object& pod, const std::string& job_key = "");
  // `annotations` (may be null) join the pod's: an index's failure counts.
  Status CreatePod(const boost::json::object& job, std::optional<int64_t> index,
                   const boost::json::object* annotations = nullptr);
  // Writes `status` over `job`'s; returns the stored Job.
  StatusOr<client::ObjectPtr> UpdateStatus(const boost::json::object& job, const boost::json::object& status);
  Status SyncOrphanPod(const std::string& pod_key);

  // Constant after construction.
  ControllerContext& ctx_;
  client::Resource jobs_resource_, pods_resource_;
  client::Informer& job_informer_;
  client::Informer& pod_informer_;
  client::EventRecorder& recorder_;
  common::RealPodControl pod_control_;
  std::unique_ptr<client::WorkQueue> queue_;
  common::Expectations expectations_;
  FinalizerRemovalExpectations finalizer_removals_;
  std::unique_ptr<KeyWorkers> workers_;

  // True while the job informer still holds a copy older than this
  // controller's last status write for `key`: counting from it would miss
  // what that write recorded.
  bool OlderThanOurLastWrite(const std::string& key, const boost::json::object& job);

  std::mutex mu_;
  std::map<std::string, Backoff> backoff_;  // by job key; guarded by mu_
  std::map<std::string, uint64_t> last_written_rv_;  // by job key; guarded by mu_
};

std::unique_ptr<Controller> NewJobController(ControllerContext& ctx);

}  // namespace kubepp::controllers::job
