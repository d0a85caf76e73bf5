// The PersistentVolume binder ("persistentvolume-binder"): binds claims to
// static volumes and keeps both sides' phases, as upstream's
// PersistentVolumeController without dynamic provisioning:
//
//  * an unbound claim gets the smallest Available volume that satisfies it
//    (storageClassName equal, accessModes a superset, capacity at least the
//    request, the claim's selector matches the volume's labels, volumeMode
//    equal), or the volume its spec.volumeName names, or a volume pre-bound
//    to it by claimRef; the volume gets claimRef (and
//    pv.kubernetes.io/bound-by-controller when the controller chose it), the
//    claim spec.volumeName and pv.kubernetes.io/bind-completed; both become
//    Bound, the claim with the volume's capacity and access modes;
//  * a claim whose volume vanished is Lost;
//  * a volume whose claim is gone is Released; reclaimPolicy Retain keeps
//    it Released until someone removes its claimRef (then Available again),
//    Delete deletes it.
//
// Thread safety: Start/Stop from one thread; syncs run on the workers, one
// queue each for claims and volumes, never concurrently for one key.
#pragma once

#include <memory>
#include <string>

#include "client/informer.h"
#include "client/resource.h"
#include "client/workqueue.h"
#include "controllers/controller.h"
#include "controllers/key_workers.h"

namespace kubepp::controllers::volume {

inline constexpr char kAnnBindCompleted[] = "pv.kubernetes.io/bind-completed";
inline constexpr char kAnnBoundByController[] = "pv.kubernetes.io/bound-by-controller";

class PersistentVolumeController : public Controller {
 public:
  explicit PersistentVolumeController(ControllerContext& ctx);
  ~PersistentVolumeController() override;

  // Controller:
  void Start() override;
  void Stop() override;

  Status SyncClaim(const std::string& key);   // "ns/name"
  Status SyncVolume(const std::string& key);  // "name"

 private:
  client::ObjectPtr FindMatchingVolume(const boost::json::object& claim) const;
  // Points the volume at the claim and marks both Bound.
  Status Bind(const boost::json::object& volume, const boost::json::object& claim, bool by_controller);
  Status SetVolumePhase(const boost::json::object& volume, std::string_view phase);
  Status SetClaimPhase(const boost::json::object& claim, std::string_view phase);

  // Constant after construction.
  ControllerContext& ctx_;
  client::Resource pvs_, pvcs_;
  client::Informer& pv_informer_;
  client::Informer& pvc_informer_;
  client::EventRecorder& recorder_;
  std::unique_ptr<client::WorkQueue> claim_queue_, volume_queue_;
  std::unique_ptr<KeyWorkers> claim_workers_, volume_workers_;
};

std::unique_ptr<Controller> NewPersistentVolumeBinder(ControllerContext& ctx);

}  // namespace kubepp::controllers::volume
