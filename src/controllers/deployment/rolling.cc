// The RollingUpdate strategy: one step grows the new ReplicaSet as far as
// replicas+maxSurge allows, or else shrinks old ones as far as keeping
// replicas-maxUnavailable available allows (unhealthy old pods first).
#include <algorithm>

#include "base/log.h"
#include "controllers/common/fields.h"
#include "controllers/common/ranking.h"
#include "controllers/deployment/deployment_controller.h"
#include "controllers/deployment/deployment_util.h"

namespace kubepp::controllers::deployment {

Status DeploymentController::RolloutRolling(boost::json::object& d, const std::vector<ObjectPtr>& rss) {
  auto revs = GetAllReplicaSetsAndSyncRevision(d, rss, true);
  if (!revs.ok()) return revs.status();
  ObjectPtr new_rs = revs->new_rs;
  std::vector<ObjectPtr> all = revs->old_rss;
  all.push_back(new_rs);

  auto scaled_up = ReconcileNewReplicaSet(all, new_rs, d);
  if (!scaled_up.ok()) return scaled_up.status();
  if (*scaled_up) return SyncRolloutStatus(all, new_rs, d);

  auto scaled_down = ReconcileOldReplicaSets(all, FilterActive(revs->old_rss), new_rs, d);
  if (!scaled_down.ok()) return scaled_down.status();
  if (*scaled_down) return SyncRolloutStatus(all, new_rs, d);

  const boost::json::object* status = common::Obj(&d, "status");
  if (status != nullptr && DeploymentComplete(d, *status)) {
    KUBEPP_RETURN_IF_ERROR(CleanupDeployment(revs->old_rss, d));
  }
  return SyncRolloutStatus(all, new_rs, d);
}

StatusOr<bool> DeploymentController::ReconcileNewReplicaSet(const std::vector<ObjectPtr>& all_rss,
                                                            const ObjectPtr& new_rs, const boost::json::object& d) {
  if (Replicas(*new_rs) == Replicas(d)) return false;
  if (Replicas(*new_rs) > Replicas(d)) {
    auto r = ScaleAndRecordEvent(new_rs, Replicas(d), d);
    if (!r.ok()) return r.status();
    return r->first;
  }
  auto count = NewRSNewReplicas(d, all_rss, *new_rs);
  if (!count.ok()) return count.status();
  auto r = ScaleAndRecordEvent(new_rs, *count, d);
  if (!r.ok()) return r.status();
  return r->first;
}

StatusOr<bool> DeploymentController::ReconcileOldReplicaSets(const std::vector<ObjectPtr>& all_rss,
                                                             std::vector<ObjectPtr> old_rss, const ObjectPtr& new_rs,
                                                             const boost::json::object& d) {
  int64_t old_pods = SumSpecReplicas(old_rss);
  if (old_pods == 0) return false;
  int64_t all_pods = SumSpecReplicas(all_rss);
  int64_t min_available = Replicas(d) - MaxUnavailable(d);
  int64_t new_unavailable = Replicas(*new_rs) - StatusInt(*new_rs, "availableReplicas");
  // Pods that may go now: everything beyond the availability floor, where the
  // new ReplicaSet's not-yet-available pods count as unavailable.
  int64_t max_scaled_down = all_pods - min_available - new_unavailable;
  if (max_scaled_down <= 0) return false;

  auto cleaned = CleanupUnhealthyReplicas(old_rss, d, max_scaled_down);
  if (!cleaned.ok()) return cleaned.status();
  std::vector<ObjectPtr> all = old_rss;
  all.push_back(new_rs);
  auto scaled = ScaleDownOldForRollingUpdate(all, old_rss, d);
  if (!scaled.ok()) return scaled.status();
  return *cleaned + *scaled > 0;
}

StatusOr<int64_t> DeploymentController::CleanupUnhealthyReplicas(std::vector<ObjectPtr>& old_rss,
                                                                 const boost::json::object& d, int64_t max_cleanup) {
  common::SortReplicaSetsByCreation(old_rss);
  int64_t total = 0;
  for (ObjectPtr& rs : old_rss) {
    if (total >= max_cleanup) break;
    int64_t replicas = Replicas(*rs), available = StatusInt(*rs, "availableReplicas");
    if (replicas == 0 || replicas == available) continue;
    int64_t down = std::min(max_cleanup - total, replicas - available);
    auto r = ScaleAndRecordEvent(rs, replicas - down, d);
    if (!r.ok()) return r.status();
    total += down;
    rs = r->second;
  }
  return total;
}

StatusOr<int64_t> DeploymentController::ScaleDownOldForRollingUpdate(const std::vector<ObjectPtr>& all_rss,
                                                                     std::vector<ObjectPtr> old_rss,
                                                                     const boost::json::object& d) {
  int64_t min_available = Replicas(d) - MaxUnavailable(d);
  int64_t available = SumStatus(all_rss, "availableReplicas");
  if (available <= min_available) return int64_t{0};
  common::SortReplicaSetsByCreation(old_rss);
  int64_t budget = available - min_available;
  int64_t total = 0;
  for (const ObjectPtr& rs : old_rss) {
    if (total >= budget) break;
    if (Replicas(*rs) == 0) continue;
    int64_t down = std::min(Replicas(*rs), budget - total);
    auto r = ScaleAndRecordEvent(rs, Replicas(*rs) - down, d);
    if (!r.ok()) return r.status();
    total += down;
  }
  return total;
}

}  // namespace kubepp::controllers::deployment
