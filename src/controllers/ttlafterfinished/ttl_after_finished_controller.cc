#include "controllers/ttlafterfinished/ttl_after_finished_controller.h"

#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"
#include "controllers/job/job_util.h"

namespace kubepp::controllers::ttlafterfinished {

using client::ObjectPtr;

namespace {

constexpr std::string_view kComponent = "ttl-after-finished-controller";

bool NeedsCleanup(const boost::json::object& job) {
  return common::IntAt(job, {"spec", "ttlSecondsAfterFinished"}).has_value() && !common::IsBeingDeleted(job) &&
         job::IsJobFinished(job);
}

}  // namespace

TtlAfterFinishedController::TtlAfterFinishedController(ControllerContext& ctx)
    : ctx_(ctx),
      jobs_resource_(client::Resource::Of("batch", "jobs")),
      job_informer_(ctx.informers.For(jobs_resource_)),
      queue_(client::WorkQueue::Create(std::string(kComponent), ctx.clock)) {
  auto enqueue = [this](const ObjectPtr& job) {
    if (NeedsCleanup(*job)) queue_->Add(client::KeyOf(*job));
  };
  job_informer_.AddEventHandler(
      client::EventHandler{enqueue, [enqueue](const ObjectPtr&, const ObjectPtr& job) { enqueue(job); }, nullptr});
}

TtlAfterFinishedController::~TtlAfterFinishedController() { Stop(); }

void TtlAfterFinishedController::Start() {
  if (workers_) return;
  workers_ = std::make_unique<KeyWorkers>(std::string(kComponent), *queue_,
                                          [this](const std::string& key) { return Sync(key); });
  workers_->Start(std::max(1, ctx_.options.concurrent_syncs));
}

void TtlAfterFinishedController::Stop() {
  if (workers_) workers_->Stop();
  queue_->ShutDown();
}

StatusOr<std::optional<Clock::Duration>> TtlAfterFinishedController::TimeLeft(const boost::json::object& job) const {
  if (!NeedsCleanup(job)) return std::optional<Clock::Duration>();
  auto finished = job::JobFinishTime(job);
  if (!finished) {
    return Status::Internal("unable to find the time when the Job " + client::KeyOf(job) + " finished");
  }
  int64_t ttl = *common::IntAt(job, {"spec", "ttlSecondsAfterFinished"});
  return std::optional<Clock::Duration>(*finished + std::chrono::seconds(ttl) - ctx_.clock.Now());
}

Status TtlAfterFinishedController::Sync(const std::string& key) {
  auto [ns, name] = client::SplitKey(key);
  ObjectPtr cached = job_informer_.Get(ns, name);
  if (cached == nullptr) return Status::Ok();
  auto left = TimeLeft(*cached);
  if (!left.ok()) return left.status();
  if (!*left) return Status::Ok();
  if (**left > Clock::Duration::zero()) {
    queue_->AddAfter(key, **left);
    return Status::Ok();
  }
  // The cache may be stale (a raised TTL, a replaced Job): decide on a fresh copy.
  auto fresh = ctx_.client.Get(jobs_resource_, ns, name);
  if (!fresh.ok()) return fresh.status().IsNotFound() ? Status::Ok() : fresh.status();
  left = TimeLeft(**fresh);
  if (!left.ok()) return left.status();
  if (!*left) return Status::Ok();
  if (**left > Clock::Duration::zero()) {
    queue_->AddAfter(key, **left);
    return Status::Ok();
  }
  VLOG(2) << "cleaning up finished job " << key;
  client::DeleteOptions opts;
  opts.propagation_policy = "Background";
  opts.precondition_uid = std::string(client::UidOf(**fresh));
  auto deleted = ctx_.client.Delete(jobs_resource_, ns, name, opts);
  if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
  return Status::Ok();
}

std::unique_ptr<Controller> NewTtlAfterFinishedController(ControllerContext& ctx) {
  return std::make_unique<TtlAfterFinishedController>(ctx);
}

}  // namespace kubepp::controllers::ttlafterfinished
