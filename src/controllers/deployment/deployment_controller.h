// The Deployment controller: rolls a Deployment's pod template out through
// ReplicaSets named "<deployment>-<pod-template-hash>", as upstream.
//
// A sync reads the cache, claims the ReplicaSets the selector matches, then
// does exactly one of: status only (being deleted), scale proportionally
// (paused, or spec.replicas changed), or one step of the strategy —
// RollingUpdate (grow the new ReplicaSet within replicas+maxSurge, shrink old
// ones while at least replicas-maxUnavailable stay available) or Recreate
// (old pods gone first, then the new ReplicaSet at full size). Each step ends
// with the status (replicas, updated, ready, available, unavailable,
// observedGeneration, collisionCount) and the Progressing and Available
// conditions; a rollout that makes no progress within
// progressDeadlineSeconds is marked ProgressDeadlineExceeded.
//
// Revisions: the new ReplicaSet always carries max(old revisions)+1, so
// `kubectl rollout undo` (which copies an old ReplicaSet's template back into
// the Deployment) makes that ReplicaSet the newest revision again, with the
// revisions it served before in revision-history.
//
// Thread safety: Start/Stop from one thread; Sync runs on the workers and
// never concurrently for one key.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "client/informer.h"
#include "client/resource.h"
#include "client/workqueue.h"
#include "controllers/controller.h"
#include "controllers/key_workers.h"

namespace kubepp::controllers::deployment {

using client::ObjectPtr;

class DeploymentController : public Controller {
 public:
  // Asks for informers and adds handlers; call before the factory starts.
  explicit DeploymentController(ControllerContext& ctx);
  ~DeploymentController() override;

  // Controller:
  void Start() override;
  void Stop() override;

  // One reconcile of the Deployment "ns/name" (public so tests can drive it).
  Status Sync(const std::string& key);
  client::WorkQueue& queue() { return *queue_; }

 private:
  class Handlers;
  struct Revisions {
    ObjectPtr new_rs;              // nullptr when not created yet
    std::vector<ObjectPtr> old_rss;
  };
  using PodMap = std::map<std::string, std::vector<ObjectPtr>>;  // ReplicaSet uid -> its pods

  // deployment_controller.cc
  StatusOr<std::vector<ObjectPtr>> ClaimReplicaSets(const boost::json::object& d);
  PodMap PodsByReplicaSet(const boost::json::object& d, const std::vector<ObjectPtr>& rss);
  Status UpdateDeploymentStatus(boost::json::object& d);
  // Writes the revision annotation of `d` (a status write would not carry it).
  Status PatchRevision(boost::json::object& d);

  // sync.cc
  Status SyncStatusOnly(boost::json::object& d, const std::vector<ObjectPtr>& rss);
  Status SyncScale(boost::json::object& d, const std::vector<ObjectPtr>& rss);
  Status CheckPausedConditions(boost::json::object& d);
  StatusOr<Revisions> GetAllReplicaSetsAndSyncRevision(boost::json::object& d, const std::vector<ObjectPtr>& rss,
                                                        bool create);
  StatusOr<ObjectPtr> GetNewReplicaSet(boost::json::object& d, const std::vector<ObjectPtr>& rss,
                                       const std::vector<ObjectPtr>& old_rss, bool create);
  Status Scale(boost::json::object& d, const ObjectPtr& new_rs, std::vector<ObjectPtr> old_rss);
  // {scaled, the ReplicaSet as written}.
  StatusOr<std::pair<bool, ObjectPtr>> ScaleAndRecordEvent(const ObjectPtr& rs, int64_t new_scale,
                                                           const boost::json::object& d);
  StatusOr<std::pair<bool, ObjectPtr>> ScaleReplicaSet(const ObjectPtr& rs, int64_t new_scale,
                                                       const boost::json::object& d, std::string_view operation);
  Status CleanupDeployment(const std::vector<ObjectPtr>& old_rss, const boost::json::object& d);
  Status SyncDeploymentStatus(const std::vector<ObjectPtr>& all_rss, const ObjectPtr& new_rs,
                              boost::json::object& d);
  boost::json::object CalculateStatus(const std::vector<ObjectPtr>& all_rss, const ObjectPtr& new_rs,
                                      const boost::json::object& d);
  StatusOr<bool> IsScalingEvent(boost::json::object& d, const std::vector<ObjectPtr>& rss);

  // rolling.cc
  Status RolloutRolling(boost::json::object& d, const std::vector<ObjectPtr>& rss);
  StatusOr<bool> ReconcileNewReplicaSet(const std::vector<ObjectPtr>& all_rss, const ObjectPtr& new_rs,
                                        const boost::json::object& d);
  StatusOr<bool> ReconcileOldReplicaSets(const std::vector<ObjectPtr>& all_rss, std::vector<ObjectPtr> old_rss,
                                         const ObjectPtr& new_rs, const boost::json::object& d);
  StatusOr<int64_t> CleanupUnhealthyReplicas(std::vector<ObjectPtr>& old_rss, const boost::json::object& d,
                                             int64_t max_cleanup);
  StatusOr<int64_t> ScaleDownOldForRollingUpdate(const std::vector<ObjectPtr>& all_rss,
                                                 std::vector<ObjectPtr> old_rss, const boost::json::object& d);

  // recreate.cc
  Status RolloutRecreate(boost::json::object& d, const std::vector<ObjectPtr>& rss, const PodMap& pods);

  // progress.cc
  Status SyncRolloutStatus(const std::vector<ObjectPtr>& all_rss, const ObjectPtr& new_rs, boost::json::object& d);
  void RequeueStuckDeployment(const boost::json::object& d, const boost::json::object& new_status);

  // Constant after construction.
  ControllerContext& ctx_;
  client::Resource deployments_, replicasets_, pods_;
  client::Informer& d_informer_;
  client::Informer& rs_informer_;
  client::Informer& pod_informer_;
  client::EventRecorder& recorder_;
  std::unique_ptr<client::WorkQueue> queue_;
  std::unique_ptr<KeyWorkers> workers_;
};

std::unique_ptr<Controller> NewDeploymentController(ControllerContext& ctx);

}  // namespace kubepp::controllers::deployment
