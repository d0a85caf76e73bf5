#include "controllers/volume/persistentvolume/pv_controller.h"

#include <algorithm>

#include "api/quota/resource_list.h"
#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"

namespace kubepp::controllers::volume {

using client::ObjectPtr;
using namespace common;  // NOLINT

namespace {

std::string ClassOf(const boost::json::object& obj) { return StrAt(obj, {"spec", "storageClassName"}); }

std::string VolumeModeOf(const boost::json::object& obj) {
  std::string mode = StrAt(obj, {"spec", "volumeMode"});
  return mode.empty() ? "Filesystem" : mode;
}

std::vector<std::string> AccessModes(const boost::json::object& obj) {
  std::vector<std::string> out;
  if (const auto* v = ValueAt(obj, {"spec", "accessModes"}); v && v->is_array()) {
    for (const auto& m : v->as_array()) {
      if (m.is_string()) out.emplace_back(m.as_string());
    }
  }
  return out;
}

std::optional<api::Quantity> Storage(const boost::json::object& obj, std::initializer_list<std::string_view> path) {
  auto list = api::quota::ParseResourceList(ObjAt(obj, path));
  auto it = list.find("storage");
  if (it == list.end()) return std::nullopt;
  return it->second;
}

bool HasAnnotation(const boost::json::object& obj, std::string_view key) {
  return AnnotationsOf(obj).contains(key);
}

void SetAnnotation(boost::json::object& obj, std::string_view key, std::string_view value) {
  MutableObj(MutableObj(obj, "metadata"), "annotations")[key] = value;
}

// The claim `volume` is bound or pre-bound to is `claim`.
bool RefersTo(const boost::json::object& volume, const boost::json::object& claim) {
  const boost::json::object* ref = ObjAt(volume, {"spec", "claimRef"});
  if (ref == nullptr) return false;
  if (Str(ref, "namespace") != client::NamespaceOf(claim) || Str(ref, "name") != client::NameOf(claim)) return false;
  std::string uid = Str(ref, "uid");
  return uid.empty() || uid == client::UidOf(claim);
}

// The volume can serve the claim (ignoring who it is bound to).
bool Satisfies(const boost::json::object& volume, const boost::json::object& claim) {
  if (ClassOf(volume) != ClassOf(claim)) return false;
  if (VolumeModeOf(volume) != VolumeModeOf(claim)) return false;
  auto have = AccessModes(volume);
  for (const auto& m : AccessModes(claim)) {
    if (std::find(have.begin(), have.end(), m) == have.end()) return false;
  }
  auto want = Storage(claim, {"spec", "resources", "requests"});
  auto size = Storage(volume, {"spec", "capacity"});
  if (want && (!size || size->Compare(*want) < 0)) return false;
  if (const boost::json::object* sel = ObjAt(claim, {"spec", "selector"})) {
    auto parsed = api::LabelSelector::FromObject(*sel);
    if (!parsed.ok() || !parsed->Matches(ObjAt(volume, {"metadata", "labels"}))) return false;
  }
  return true;
}

}  // namespace

PersistentVolumeController::PersistentVolumeController(ControllerContext& ctx)
    : ctx_(ctx),
      pvs_(client::Resource::Of("", "persistentvolumes")),
      pvcs_(client::Resource::Of("", "persistentvolumeclaims")),
      pv_informer_(ctx.informers.For(pvs_)),
      pvc_informer_(ctx.informers.For(pvcs_)),
      recorder_(ctx.recorder("persistentvolume-controller")),
      claim_queue_(client::WorkQueue::Create("claims", ctx.clock)),
      volume_queue_(client::WorkQueue::Create("volumes", ctx.clock)) {
  auto claim = [this](const ObjectPtr& o) { claim_queue_->Add(client::KeyOf(*o)); };
  auto volume = [this](const ObjectPtr& o) {
    volume_queue_->Add(client::KeyOf(*o));
    // The volume's claim may be waiting for it.
    if (const boost::json::object* ref = ObjAt(*o, {"spec", "claimRef"})) {
      claim_queue_->Add(client::MakeKey(Str(ref, "namespace"), Str(ref, "name")));
    }
  };
  pvc_informer_.AddEventHandler(client::EventHandler{
      claim, [claim](const ObjectPtr&, const ObjectPtr& n) { claim(n); },
      [this](const ObjectPtr& o) {
        // Its volume is now Released (or deleted).
        std::string name = StrAt(*o, {"spec", "volumeName"});
        if (!name.empty()) volume_queue_->Add(name);
      }});
  pv_informer_.AddEventHandler(client::EventHandler{
      [this, volume](const ObjectPtr& o) {
        volume(o);
        // A new Available volume may satisfy a pending claim.
        for (const ObjectPtr& c : pvc_informer_.List()) {
          if (StrAt(*c, {"spec", "volumeName"}).empty()) claim_queue_->Add(client::KeyOf(*c));
        }
      },
      [volume](const ObjectPtr&, const ObjectPtr& n) { volume(n); }, volume});
}

PersistentVolumeController::~PersistentVolumeController() { Stop(); }

void PersistentVolumeController::Start() {
  if (claim_workers_) return;
  claim_workers_ = std::make_unique<KeyWorkers>("claims", *claim_queue_, [this](const std::string& k) { return SyncClaim(k); });
  volume_workers_ = std::make_unique<KeyWorkers>("volumes", *volume_queue_, [this](const std::string& k) { return SyncVolume(k); });
  // One claim worker: two claims must not pick the same volume at once.
  claim_workers_->Start(1);
  volume_workers_->Start(1);
}

void PersistentVolumeController::Stop() {
  if (claim_workers_) claim_workers_->Stop();
  if (volume_workers_) volume_workers_->Stop();
  claim_queue_->ShutDown();
  volume_queue_->ShutDown();
}

ObjectPtr PersistentVolumeController::FindMatchingVolume(const boost::json::object& claim) const {
  ObjectPtr best;
  std::optional<api::Quantity> best_size;
  for (const ObjectPtr& pv : pv_informer_.List()) {
    if (IsBeingDeleted(*pv)) continue;
    if (RefersTo(*pv, claim) && Satisfies(*pv, claim)) return pv;  // pre-bound to this claim
    if (ObjAt(*pv, {"spec", "claimRef"}) != nullptr) continue;
    std::string phase = StrAt(*pv, {"status", "phase"});
    if (!phase.empty() && phase != "Available" && phase != "Pending") continue;
    if (!Satisfies(*pv, claim)) continue;
    auto size = Storage(*pv, {"spec", "capacity"});
    if (best == nullptr || (size && best_size && size->Compare(*best_size) < 0)) {
      best = pv;
      best_size = size;
    }
  }
  return best;
}

Status PersistentVolumeController::SetVolumePhase(const boost::json::object& volume, std::string_view phase) {
  if (StrAt(volume, {"status", "phase"}) == phase) return Status::Ok();
  boost::json::object next = volume;
  MutableObj(next, "status")["phase"] = phase;
  auto written = ctx_.client.Update(pvs_, "", next, "status");
  return written.ok() ? Status::Ok() : written.status();
}

Status PersistentVolumeController::SetClaimPhase(const boost::json::object& claim, std::string_view phase) {
  if (StrAt(claim, {"status", "phase"}) == phase) return Status::Ok();
  boost::json::object next = claim;
  MutableObj(next, "status")["phase"] = phase;
  auto written = ctx_.client.Update(pvcs_, client::NamespaceOf(claim), next, "status");
  return written.ok() ? Status::Ok() : written.status();
}

Status PersistentVolumeController::Bind(const boost::json::object& volume, const boost::json::object& claim,
                                        bool by_controller) {
  // The volume first: once it points at the claim no other claim can take it.
  ObjectPtr pv = std::make_shared<const boost::json::object>(volume);
  const boost::json::object* ref = ObjAt(volume, {"spec", "claimRef"});
  if (ref == nullptr || Str(ref, "uid") != client::UidOf(claim)) {
    boost::json::object next = volume;
    boost::json::object claim_ref;
    claim_ref["kind"] = "PersistentVolumeClaim";
    claim_ref["namespace"] = client::NamespaceOf(claim);
    claim_ref["name"] = client::NameOf(claim);
    claim_ref["uid"] = client::UidOf(claim);
    claim_ref["apiVersion"] = "v1";
    claim_ref["resourceVersion"] = client::ResourceVersionOf(claim);
    MutableObj(next, "spec")["claimRef"] = std::move(claim_ref);
    if (by_controller) SetAnnotation(next, kAnnBoundByController, "yes");
    auto written = ctx_.client.Update(pvs_, "", next);
    if (!written.ok()) return written.status();
    pv = *written;
  }
  if (Status st = SetVolumePhase(*pv, "Bound"); !st.ok()) return st;

  ObjectPtr pvc = std::make_shared<const boost::json::object>(claim);
  if (StrAt(claim, {"spec", "volumeName"}) != client::NameOf(*pv) || !HasAnnotation(claim, kAnnBindCompleted)) {
    boost::json::object next = claim;
    MutableObj(next, "spec")["volumeName"] = client::NameOf(*pv);
    SetAnnotation(next, kAnnBindCompleted, "yes");
    if (by_controller) SetAnnotation(next, kAnnBoundByController, "yes");
    auto written = ctx_.client.Update(pvcs_, client::NamespaceOf(claim), next);
    if (!written.ok()) return written.status();
    pvc = *written;
  }
  boost::json::object status;
  status["phase"] = "Bound";
  if (const auto* modes = ValueAt(*pv, {"spec", "accessModes"})) status["accessModes"] = *modes;
  if (const auto* capacity = ValueAt(*pv, {"spec", "capacity"})) status["capacity"] = *capacity;
  const boost::json::object* old = ObjAt(*pvc, {"status"});
  if (old == nullptr || *old != status) {
    boost::json::object next = *pvc;
    next["status"] = std::move(status);
    auto written = ctx_.client.Update(pvcs_, client::NamespaceOf(claim), next, "status");
    if (!written.ok()) return written.status();
  }
  return Status::Ok();
}

Status PersistentVolumeController::SyncClaim(const std::string& key) {
  auto [ns, name] = client::SplitKey(key);
  ObjectPtr claim = pvc_informer_.Get(ns, name);
  if (claim == nullptr || IsBeingDeleted(*claim)) return Status::Ok();
  std::string volume_name = StrAt(*claim, {"spec", "volumeName"});
  if (volume_name.empty()) {
    ObjectPtr pv = FindMatchingVolume(*claim);
    if (pv == nullptr) {
      if (StrAt(*claim, {"status", "phase"}) != "Pending") {
        std::string message = ClassOf(*claim).empty()
                                  ? "no persistent volumes available for this claim and no storage class is set"
                                  : "storageclass.storage.k8s.io \"" + ClassOf(*claim) + "\" not found";
        recorder_.Event(*claim, "Normal", "FailedBinding", message);
      }
      return SetClaimPhase(*claim, "Pending");
    }
    return Bind(*pv, *claim, /*by_controller=*/!RefersTo(*pv, *claim));
  }
  ObjectPtr pv = pv_informer_.Get(volume_name);
  if (pv == nullptr) {
    if (HasAnnotation(*claim, kAnnBindCompleted)) {
      if (StrAt(*claim, {"status", "phase"}) != "Lost") {
        recorder_.Event(*claim, "Warning", "ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
      }
      return SetClaimPhase(*claim, "Lost");
    }
    return SetClaimPhase(*claim, "Pending");
  }
  const boost::json::object* ref = ObjAt(*pv, {"spec", "claimRef"});
  if (ref == nullptr || RefersTo(*pv, *claim)) return Bind(*pv, *claim, /*by_controller=*/false);
  // The volume belongs to another claim.
  if (HasAnnotation(*claim, kAnnBindCompleted)) {
    if (StrAt(*claim, {"status", "phase"}) != "Lost") {
      recorder_.Event(*claim, "Warning", "ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly");
    }
    return SetClaimPhase(*claim, "Lost");
  }
  return SetClaimPhase(*claim, "Pending");
}

Status PersistentVolumeController::SyncVolume(const std::string& key) {
  ObjectPtr pv = pv_informer_.Get(key);
  if (pv == nullptr || IsBeingDeleted(*pv)) return Status::Ok();
  const boost::json::object* ref = ObjAt(*pv, {"spec", "claimRef"});
  if (ref == nullptr) return SetVolumePhase(*pv, "Available");
  if (Str(ref, "uid").empty()) return SetVolumePhase(*pv, "Available");  // pre-bound, the claim binds it
  ObjectPtr claim = pvc_informer_.Get(Str(ref, "namespace"), Str(ref, "name"));
  if (claim != nullptr && client::UidOf(*claim) == Str(ref, "uid")) {
    std::string volume_name = StrAt(*claim, {"spec", "volumeName"});
    if (volume_name.empty()) {
      claim_queue_->Add(client::KeyOf(*claim));  // the claim's side is not written yet
      return Status::Ok();
    }
    if (volume_name == client::NameOf(*pv)) return SetVolumePhase(*pv, "Bound");
    // The claim went to another volume: give this one back if we chose it.
    if (HasAnnotation(*pv, kAnnBoundByController)) {
      boost::json::object next = *pv;
      MutableObj(next, "spec").erase("claimRef");
      MutableObj(MutableObj(next, "metadata"), "annotations").erase(kAnnBoundByController);
      auto written = ctx_.client.Update(pvs_, "", next);
      if (!written.ok()) return written.status();
      return SetVolumePhase(**written, "Available");
    }
    return SetVolumePhase(*pv, "Released");
  }
  // The claim is gone: release the volume and reclaim it.
  if (StrAt(*pv, {"status", "phase"}) != "Released" && StrAt(*pv, {"status", "phase"}) != "Failed") {
    if (Status st = SetVolumePhase(*pv, "Released"); !st.ok()) return st;
  }
  std::string policy = StrAt(*pv, {"spec", "persistentVolumeReclaimPolicy"});
  if (policy == "Delete") {
    auto deleted = ctx_.client.Delete(pvs_, "", client::NameOf(*pv));
    if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
    return Status::Ok();
  }
  if (policy == "Recycle") {
    recorder_.Event(*pv, "Warning", "VolumeFailedRecycle", "No recycler plugin found for the volume!");
    ObjectPtr now = pv_informer_.Get(key);
    return SetVolumePhase(now ? *now : *pv, "Failed");
  }
  return Status::Ok();  // Retain: Released until an administrator clears claimRef
}

std::unique_ptr<Controller> NewPersistentVolumeBinder(ControllerContext& ctx) {
  return std::make_unique<PersistentVolumeController>(ctx);
}

}  // namespace kubepp::controllers::volume
