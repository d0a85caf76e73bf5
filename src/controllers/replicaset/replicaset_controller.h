// The ReplicaSet controller (and, with another ReplicaSetKind, the
// ReplicationController controller): keeps spec.replicas active pods that
// match the selector, adopting matching orphans and releasing pods that no
// longer match, and reports status (replicas, fullyLabeledReplicas,
// readyReplicas, availableReplicas, observedGeneration, ReplicaFailure).
//
// Creations go out in slow-start batches (1, 2, 4, ...) of at most 500 per
// sync; expectations keep a sync from acting again before the informer has
// seen the effect of the last one. Scale-down deletes the pods ranked first
// by common::SortForDeletion.
//
// Thread safety: Start/Stop from one thread; Sync runs on the workers and
// never concurrently for one key.
#pragma once

#include <memory>
#include <string>

#include "client/informer.h"
#include "client/resource.h"
#include "client/workqueue.h"
#include "controllers/common/expectations.h"
#include "controllers/common/pod_control.h"
#include "controllers/controller.h"
#include "controllers/key_workers.h"

namespace kubepp::controllers::replicaset {

// What differs between ReplicaSets and ReplicationControllers.
struct ReplicaSetKind {
  client::Resource resource;
  std::string api_version;  // "apps/v1", "v1"
  std::string kind;         // "ReplicaSet", "ReplicationController"
  std::string component;    // event source: "replicaset-controller", "replication-controller"
  bool map_selector = false;  // spec.selector is a plain label map (ReplicationController)

  static ReplicaSetKind ReplicaSets();
  static ReplicaSetKind ReplicationControllers();
};

// The most pods one sync creates or deletes (upstream's BurstReplicas).
inline constexpr int kBurstReplicas = 500;

class ReplicaSetController : public Controller {
 public:
  // Asks `ctx.informers` for its informers and adds handlers; call before the
  // factory starts. `pod_control` defaults to RealPodControl.
  ReplicaSetController(ControllerContext& ctx, ReplicaSetKind kind,
                       std::unique_ptr<common::PodControl> pod_control = nullptr);
  ~ReplicaSetController() override;

  // Controller:
  void Start() override;
  void Stop() override;

  // One reconcile of the ReplicaSet with key "ns/name" (the workers call it;
  // public so tests can drive it step by step).
  Status Sync(const std::string& key);
  common::Expectations& expectations() { return expectations_; }
  client::WorkQueue& queue() { return *queue_; }

 private:
  class Handlers;

  Status ManageReplicas(const std::vector<client::ObjectPtr>& pods, const boost::json::object& rs,
                        const std::string& key);
  std::vector<client::ObjectPtr> RelatedPods(const boost::json::object& rs) const;
  Status UpdateStatus(const boost::json::object& rs, boost::json::object status);

  // Constant after construction.
  ControllerContext& ctx_;
  ReplicaSetKind kind_;
  client::Resource pods_resource_;
  client::Informer& rs_informer_;
  client::Informer& pod_informer_;
  std::unique_ptr<common::PodControl> pod_control_;
  std::unique_ptr<client::WorkQueue> queue_;
  common::Expectations expectations_;
  std::unique_ptr<KeyWorkers> workers_;
};

std::unique_ptr<Controller> NewReplicaSetController(ControllerContext& ctx);
std::unique_ptr<Controller> NewReplicationManager(ControllerContext& ctx);

}  // namespace kubepp::controllers::replicaset
