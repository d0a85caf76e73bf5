// The disruption controller: keeps the status of every PodDisruptionBudget
// (policy/v1) current — expectedPods, desiredHealthy, currentHealthy,
// disruptionsAllowed, observedGeneration, the DisruptionAllowed condition —
// so the pods/eviction subresource can decide from the budget alone.
//
//  * minAvailable as a number: expectedPods is the number of selected pods
//    and desiredHealthy the number;
//  * minAvailable as a percentage, or maxUnavailable: expectedPods is the
//    sum of the scales of the pods' controllers (ReplicaSet — or its
//    Deployment —, ReplicationController, StatefulSet), desiredHealthy
//    rounds the percentage of it up (minAvailable) or is expectedPods minus
//    the rounded-up maxUnavailable;
//  * currentHealthy counts selected pods that are Ready and neither being
//    deleted nor recently evicted (status.disruptedPods, which entries leave
//    once the pod is gone or after 2 minutes).
// disruptionsAllowed = max(0, currentHealthy - desiredHealthy). A budget
// whose pods have no supported controller allows nothing (SyncFailed).
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

namespace kubepp::controllers::disruption {

// How long an evicted pod stays in status.disruptedPods waiting to be deleted.
inline constexpr std::chrono::minutes kDeletionTimeout{2};

class DisruptionController : public Controller {
 public:
  explicit DisruptionController(ControllerContext& ctx);
  ~DisruptionController() override;

  // Controller:
  void Start() override;
  void Stop() override;

  // Recomputes the status of the budget with key "ns/name".
  Status Sync(const std::string& key);

 private:
  void EnqueueBudgetsOf(const boost::json::object& pod);
  // Sum of the scales of the controllers of `pods` (each controller once); an
  // error message when a pod's controller is not one of the supported kinds
  // or is gone. Pods without a controller are left out and named in `unmanaged`.
  StatusOr<int64_t> ExpectedScale(const std::vector<client::ObjectPtr>& pods,
                                  std::vector<std::string>* unmanaged) const;

  // Constant after construction.
  ControllerContext& ctx_;
  client::Resource pdbs_;
  client::Informer& pdb_informer_;
  client::Informer& pod_informer_;
  client::Informer& rs_informer_;
  client::Informer& deploy_informer_;
  client::Informer& rc_informer_;
  client::Informer& sts_informer_;
  std::unique_ptr<client::WorkQueue> queue_;
  std::unique_ptr<KeyWorkers> workers_;
};

std::unique_ptr<Controller> NewDisruptionController(ControllerContext& ctx);

}  // namespace kubepp::controllers::disruption
