// The TTL-after-finished controller (upstream "ttl-after-finished"): deletes
// a finished Job (Complete or Failed) ttlSecondsAfterFinished after it
// finished — measured from its terminal condition's lastTransitionTime —
// with Background propagation, so the garbage collector removes its pods.
// Before deleting it re-reads the Job from the API (the TTL may have been
// raised meanwhile) and deletes with a uid precondition (a recreated Job of
// the same name is never touched). Jobs not yet due are requeued for when
// they expire.
//
// Thread safety: Start/Stop from one thread; Sync runs on the workers and
// never concurrently for one key.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "client/informer.h"
#include "client/resource.h"
#include "client/workqueue.h"
#include "controllers/controller.h"
#include "controllers/key_workers.h"

namespace kubepp::controllers::ttlafterfinished {

class TtlAfterFinishedController : public Controller {
 public:
  explicit TtlAfterFinishedController(ControllerContext& ctx);
  ~TtlAfterFinishedController() override;

  // Controller:
  void Start() override;
  void Stop() override;

  // One look at the Job "ns/name"; public so tests can drive it.
  Status Sync(const std::string& key);
  client::WorkQueue& queue() { return *queue_; }

 private:
  // How long until `job` expires: nullopt when it has no TTL or is not finished;
  // zero or negative when due. Error when it finished at no known time.
  StatusOr<std::optional<Clock::Duration>> TimeLeft(const boost::json::object& job) const;

  // Constant after construction.
  ControllerContext& ctx_;
  client::Resource jobs_resource_;
  client::Informer& job_informer_;
  std::unique_ptr<client::WorkQueue> queue_;
  std::unique_ptr<KeyWorkers> workers_;
};

std::unique_ptr<Controller> NewTtlAfterFinishedController(ControllerContext& ctx);

}  // namespace kubepp::controllers::ttlafterfinished
