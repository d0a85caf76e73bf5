// Rollout progress: the Progressing condition (and its deadline) and the
// ReplicaFailure condition promoted from the ReplicaSets.
#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"
#include "controllers/deployment/deployment_controller.h"
#include "controllers/deployment/deployment_util.h"

namespace kubepp::controllers::deployment {

using namespace common;  // NOLINT

Status DeploymentController::SyncRolloutStatus(const std::vector<ObjectPtr>& all_rss, const ObjectPtr& new_rs,
                                               boost::json::object& d) {
  boost::json::object status = CalculateStatus(all_rss, new_rs, d);
  Clock::TimePoint now = ctx_.clock.Now();
  if (!HasProgressDeadline(d)) RemoveCondition(status, "Progressing");

  static const boost::json::object kEmpty;
  const boost::json::object* old_status = Obj(&d, "status");
  const boost::json::object* current = GetCondition(old_status ? *old_status : kEmpty, "Progressing");
  // A finished rollout being resynced has no progress to estimate.
  bool complete = IntOr(&status, "replicas", 0) == IntOr(&status, "updatedReplicas", 0) && current != nullptr &&
                  Str(current, "reason") == kNewRSAvailableReason;
  std::string subject = new_rs ? "ReplicaSet \"" + std::string(client::NameOf(*new_rs)) + "\""
                               : "Deployment \"" + std::string(client::NameOf(d)) + "\"";
  if (HasProgressDeadline(d) && !complete) {
    if (DeploymentComplete(d, status)) {
      SetCondition(status, NewCondition("Progressing", "True", kNewRSAvailableReason,
                                        subject + " has successfully progressed.", now));
    } else if (DeploymentProgressing(d, status)) {
      boost::json::object cond =
          NewCondition("Progressing", "True", kReplicaSetUpdatedReason, subject + " is progressing.", now);
      // Progress refreshes lastUpdateTime even when the reason stays the same.
      if (current != nullptr) {
        if (Str(current, "status") == "True") {
          if (const boost::json::value* t = Field(current, "lastTransitionTime")) cond["lastTransitionTime"] = *t;
        }
        RemoveCondition(status, "Progressing");
      }
      SetCondition(status, std::move(cond));
    } else if (DeploymentTimedOut(d, status, now)) {
      SetCondition(status, NewCondition("Progressing", "False", kTimedOutReason,
                                        subject + " has timed out progressing.", now));
    }
  }
  // The ReplicaSets' failure to create or delete pods is the Deployment's too.
  const boost::json::object* failure = nullptr;
  for (const ObjectPtr& rs : all_rss) {
    if (rs == nullptr) continue;
    const boost::json::object* rs_status = Obj(rs.get(), "status");
    if (rs_status == nullptr) continue;
    if (const boost::json::object* c = GetCondition(*rs_status, "ReplicaFailure")) {
      failure = c;
      break;
    }
  }
  if (failure != nullptr) {
    boost::json::object cond;
    cond["type"] = "ReplicaFailure";
    cond["status"] = Str(failure, "status");
    if (const boost::json::value* t = Field(failure, "lastTransitionTime")) {
      cond["lastUpdateTime"] = *t;
      cond["lastTransitionTime"] = *t;
    }
    cond["reason"] = Str(failure, "reason");
    cond["message"] = Str(failure, "message");
    SetCondition(status, std::move(cond));
  } else {
    RemoveCondition(status, "ReplicaFailure");
  }

  if (StatusEqual(old_status ? *old_status : kEmpty, status)) {
    RequeueStuckDeployment(d, status);
    return Status::Ok();
  }
  d["status"] = std::move(status);
  return UpdateDeploymentStatus(d);
}

void DeploymentController::RequeueStuckDeployment(const boost::json::object& d,
                                                  const boost::json::object& new_status) {
  static const boost::json::object kEmpty;
  const boost::json::object* old_status = Obj(&d, "status");
  const boost::json::object* current = GetCondition(old_status ? *old_status : kEmpty, "Progressing");
  if (!HasProgressDeadline(d) || current == nullptr) return;
  if (DeploymentComplete(d, new_status) || Str(current, "reason") == kTimedOutReason) return;
  auto from = ParseTime(Field(current, "lastUpdateTime"));
  if (!from) return;
  // No sign of progress: look again when the deadline passes, or it would
  // only be noticed at the next unrelated event.
  auto deadline = *from + std::chrono::seconds(IntAt(d, {"spec", "progressDeadlineSeconds"}).value_or(600));
  auto after = deadline - ctx_.clock.Now();
  std::string key = client::KeyOf(d);
  if (after < std::chrono::seconds(1)) {
    queue_->AddRateLimited(key);
    return;
  }
  VLOG(4) << "queueing up deployment " << key << " for a progress check after " << after.count() / 1000000000 << "s";
  queue_->AddAfter(key, after + std::chrono::seconds(1));
}

}  // namespace kubepp::controllers::deployment
