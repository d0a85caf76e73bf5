// The Recreate strategy: scale every old ReplicaSet to zero, wait until none
// of their pods is left running, then create (or scale up) the new one.
#include "controllers/common/fields.h"
#include "controllers/deployment/deployment_controller.h"
#include "controllers/deployment/deployment_util.h"

namespace kubepp::controllers::deployment {

namespace {

bool OldPodsRunning(const ObjectPtr& new_rs, const std::vector<ObjectPtr>& old_rss,
                    const std::map<std::string, std::vector<ObjectPtr>>& pods) {
  if (SumStatus(old_rss, "replicas") > 0) return true;
  for (const auto& [uid, list] : pods) {
    if (new_rs != nullptr && client::UidOf(*new_rs) == uid) continue;
    for (const ObjectPtr& pod : list) {
      std::string phase = common::StrAt(*pod, {"status", "phase"});
      if (phase == "Failed" || phase == "Succeeded") continue;
      return true;
    }
  }
  return false;
}

}  // namespace

Status DeploymentController::RolloutRecreate(boost::json::object& d, const std::vector<ObjectPtr>& rss,
                                             const PodMap& pods) {
  // No new ReplicaSet yet: creating it now would scale up before the old pods are gone.
  auto revs = GetAllReplicaSetsAndSyncRevision(d, rss, false);
  if (!revs.ok()) return revs.status();
  ObjectPtr new_rs = revs->new_rs;
  std::vector<ObjectPtr> old_rss = revs->old_rss;
  auto all_of = [](std::vector<ObjectPtr> v, const ObjectPtr& n) {
    if (n != nullptr) v.push_back(n);
    return v;
  };

  bool scaled_down = false;
  for (const ObjectPtr& rs : FilterActive(old_rss)) {
    auto r = ScaleAndRecordEvent(rs, 0, d);
    if (!r.ok()) return r.status();
    scaled_down = scaled_down || r->first;
  }
  if (scaled_down) return SyncRolloutStatus(all_of(old_rss, new_rs), new_rs, d);
  if (OldPodsRunning(new_rs, old_rss, pods)) return SyncRolloutStatus(all_of(old_rss, new_rs), new_rs, d);

  if (new_rs == nullptr) {
    revs = GetAllReplicaSetsAndSyncRevision(d, rss, true);
    if (!revs.ok()) return revs.status();
    new_rs = revs->new_rs;
    old_rss = revs->old_rss;
  }
  auto up = ScaleAndRecordEvent(new_rs, Replicas(d), d);
  if (!up.ok()) return up.status();

  const boost::json::object* status = common::Obj(&d, "status");
  if (status != nullptr && DeploymentComplete(d, *status)) KUBEPP_RETURN_IF_ERROR(CleanupDeployment(old_rss, d));
  return SyncRolloutStatus(all_of(old_rss, new_rs), new_rs, d);
}

}  // namespace kubepp::controllers::deployment
