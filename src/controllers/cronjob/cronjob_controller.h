// The CronJob controller (upstream "cronjob", its v2 controller): creates a
// Job named "<cronjob>-<scheduled time in minutes since the epoch>" at each
// activation of spec.schedule (read in spec.timeZone), one sync per
// activation, requeued to wake at the next one.
//
// Per sync: finished Jobs leave status.active (SawCompletedJob) and set
// lastSuccessfulTime; Jobs gone from the API leave it too (MissingJob); the
// most recent unmet activation since lastScheduleTime (or creation) — not
// older than startingDeadlineSeconds — starts a Job unless suspended, too
// late (MissSchedule), already started, or forbidden by concurrencyPolicy
// (Forbid: JobAlreadyActive; Replace deletes the running ones first). More
// than 100 missed activations is reported (TooManyMissedTimes) and the most
// recent still runs. Finished Jobs beyond successfulJobsHistoryLimit (3) and
// failedJobsHistoryLimit (1) are deleted, oldest first, in the background.
//
// Thread safety: Start/Stop from one thread; Sync runs on the workers and
// never concurrently for one key.
#pragma once

#include <memory>
#include <string>

#include "client/informer.h"
#include "client/resource.h"
#include "client/workqueue.h"
#include "controllers/controller.h"
#include "controllers/key_workers.h"

namespace kubepp::controllers::cronjob {

// Activations further apart than this many are reported as missed.
inline constexpr int64_t kMaxMissedSchedules = 100;

class CronJobController : public Controller {
 public:
  // Asks for the cronjob and job informers; call before the factory starts.
  explicit CronJobController(ControllerContext& ctx);
  ~CronJobController() override;

  // Controller:
  void Start() override;
  void Stop() override;

  // One reconcile of the CronJob "ns/name"; public so tests can drive it.
  Status Sync(const std::string& key);
  client::WorkQueue& queue() { return *queue_; }

 private:
  Status CleanupFinishedJobs(const boost::json::object& cj, std::vector<client::ObjectPtr>& jobs);
  bool DeleteJob(const boost::json::object& cj, std::string_view name);

  // Constant after construction.
  ControllerContext& ctx_;
  client::Resource cronjobs_resource_, jobs_resource_;
  client::Informer& cronjob_informer_;
  client::Informer& job_informer_;
  client::EventRecorder& recorder_;
  std::unique_ptr<client::WorkQueue> queue_;
  std::unique_ptr<KeyWorkers> workers_;
};

std::unique_ptr<Controller> NewCronJobController(ControllerContext& ctx);

// The Job's name for an activation: "<cronjob>-<unix minutes>".
std::string JobNameFor(std::string_view cronjob_name, Clock::TimePoint scheduled);

}  // namespace kubepp::controllers::cronjob
