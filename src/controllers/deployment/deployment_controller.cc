#include "controllers/deployment/deployment_controller.h"

#include <algorithm>

#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"
#include "controllers/common/owner_refs.h"
#include "controllers/deployment/deployment_util.h"

namespace kubepp::controllers::deployment {

using namespace common;  // NOLINT

namespace {

std::optional<api::LabelSelector> SelectorOf(const boost::json::object& d) {
  const boost::json::object* sel = ObjAt(d, {"spec", "selector"});
  if (sel == nullptr) return api::LabelSelector();
  auto parsed = api::LabelSelector::FromObject(*sel);
  if (!parsed.ok()) return std::nullopt;
  return std::move(*parsed);
}

}  // namespace

// Informer handlers: they find the Deployment an event concerns and enqueue it.
class DeploymentController::Handlers {
 public:
  explicit Handlers(DeploymentController& c) : c_(c) {}

  void Enqueue(const ObjectPtr& d) { c_.queue_->Add(client::KeyOf(*d)); }

  ObjectPtr ResolveControllerRef(std::string_view ns, const boost::json::object* ref) const {
    if (ref == nullptr || Str(ref, "kind") != "Deployment") return nullptr;
    ObjectPtr d = c_.d_informer_.Get(ns, Str(ref, "name"));
    if (d == nullptr || client::UidOf(*d) != Str(ref, "uid")) return nullptr;
    return d;
  }

  // Deployments whose selector matches an orphan ReplicaSet.
  std::vector<ObjectPtr> DeploymentsSelecting(const boost::json::object& rs) const {
    std::vector<ObjectPtr> out;
    const boost::json::object* labels = ObjAt(rs, {"metadata", "labels"});
    for (const ObjectPtr& d : c_.d_informer_.ListNamespace(client::NamespaceOf(rs))) {
      auto sel = SelectorOf(*d);
      if (!sel || sel->Empty() || !sel->Matches(labels)) continue;
      out.push_back(d);
    }
    return out;
  }

  void AddReplicaSet(const ObjectPtr& rs) {
    if (IsBeingDeleted(*rs)) {
      DeleteReplicaSet(rs);
      return;
    }
    const boost::json::object* ref = GetControllerOf(*rs);
    if (ref != nullptr) {
      if (ObjectPtr d = ResolveControllerRef(client::NamespaceOf(*rs), ref)) Enqueue(d);
      return;
    }
    for (const ObjectPtr& d : DeploymentsSelecting(*rs)) Enqueue(d);
  }

  void UpdateReplicaSet(const ObjectPtr& old_rs, const ObjectPtr& new_rs) {
    if (client::ResourceVersionOf(*old_rs) == client::ResourceVersionOf(*new_rs)) return;
    const boost::json::object* old_ref = GetControllerOf(*old_rs);
    const boost::json::object* new_ref = GetControllerOf(*new_rs);
    bool ref_changed = (old_ref == nullptr) != (new_ref == nullptr) ||
                       (old_ref != nullptr && *old_ref != *new_ref);
    std::string_view ns = client::NamespaceOf(*new_rs);
    if (ref_changed && old_ref != nullptr) {
      if (ObjectPtr d = ResolveControllerRef(ns, old_ref)) Enqueue(d);
    }
    if (new_ref != nullptr) {
      if (ObjectPtr d = ResolveControllerRef(ns, new_ref)) Enqueue(d);
      return;
    }
    if (ref_changed || LabelsOf(*old_rs) != LabelsOf(*new_rs)) {
      for (const ObjectPtr& d : DeploymentsSelecting(*new_rs)) Enqueue(d);
    }
  }

  void DeleteReplicaSet(const ObjectPtr& rs) {
    if (ObjectPtr d = ResolveControllerRef(client::NamespaceOf(*rs), GetControllerOf(*rs))) Enqueue(d);
  }

  // Recreate waits for old pods to go away: their deletion is its cue.
  void DeletePod(const ObjectPtr& pod) {
    const boost::json::object* ref = GetControllerOf(*pod);
    if (ref == nullptr || Str(ref, "kind") != "ReplicaSet") return;
    ObjectPtr rs = c_.rs_informer_.Get(client::NamespaceOf(*pod), Str(ref, "name"));
    if (rs == nullptr || client::UidOf(*rs) != Str(ref, "uid")) return;
    ObjectPtr d = ResolveControllerRef(client::NamespaceOf(*rs), GetControllerOf(*rs));
    if (d != nullptr && StrAt(*d, {"spec", "strategy", "type"}) == "Recreate") Enqueue(d);
  }

 private:
  DeploymentController& c_;
};

DeploymentController::DeploymentController(ControllerContext& ctx)
    : ctx_(ctx),
      deployments_(client::Resource::Of("apps", "deployments")),
      replicasets_(client::Resource::Of("apps", "replicasets")),
      pods_(client::Resource::Of("", "pods")),
      d_informer_(ctx.informers.For(deployments_)),
      rs_informer_(ctx.informers.For(replicasets_)),
      pod_informer_(ctx.informers.For(pods_)),
      recorder_(ctx.recorder("deployment-controller")),
      queue_(client::WorkQueue::Create("deployment", ctx.clock)) {
  auto h = std::make_shared<Handlers>(*this);
  d_informer_.AddEventHandler(client::EventHandler{
      [h](const ObjectPtr& d) { h->Enqueue(d); },
      [h](const ObjectPtr&, const ObjectPtr& d) { h->Enqueue(d); },
      [h](const ObjectPtr& d) { h->Enqueue(d); }});
  rs_informer_.AddEventHandler(client::EventHandler{
      [h](const ObjectPtr& rs) { h->AddReplicaSet(rs); },
      [h](const ObjectPtr& old_rs, const ObjectPtr& new_rs) { h->UpdateReplicaSet(old_rs, new_rs); },
      [h](const ObjectPtr& rs) { h->DeleteReplicaSet(rs); }});
  pod_informer_.AddEventHandler(client::EventHandler{
      [](const ObjectPtr&) {}, [](const ObjectPtr&, const ObjectPtr&) {},
      [h](const ObjectPtr& pod) { h->DeletePod(pod); }});
}

DeploymentController::~DeploymentController() { Stop(); }

void DeploymentController::Start() {
  if (workers_) return;
  workers_ = std::make_unique<KeyWorkers>("deployment", *queue_, [this](const std::string& key) { return Sync(key); });
  workers_->Start(std::max(1, ctx_.options.concurrent_syncs));
}

void DeploymentController::Stop() {
  if (workers_) workers_->Stop();
  queue_->ShutDown();
}

Status DeploymentController::Sync(const std::string& key) {
  auto [ns, name] = client::SplitKey(key);
  ObjectPtr cached = d_informer_.Get(ns, name);
  if (cached == nullptr) {
    VLOG(4) << "deployment " << key << " has been deleted";
    return Status::Ok();
  }
  boost::json::object d = *cached;  // the sync edits its own copy
  std::optional<api::LabelSelector> selector = SelectorOf(d);
  if (selector && selector->Empty()) {
    recorder_.Event(d, "Warning", "SelectingAll",
                    "This deployment is selecting all pods. A non-empty selector is required.");
    int64_t generation = IntAt(d, {"metadata", "generation"}).value_or(0);
    if (StatusInt(d, "observedGeneration") < generation) {
      MutableObj(d, "status")["observedGeneration"] = generation;
      return UpdateDeploymentStatus(d);
    }
    return Status::Ok();
  }
  StatusOr<std::vector<ObjectPtr>> rss = ClaimReplicaSets(d);
  if (!rss.ok()) return rss.status();

  if (IsBeingDeleted(d)) return SyncStatusOnly(d, *rss);
  KUBEPP_RETURN_IF_ERROR(CheckPausedConditions(d));
  if (BoolAt(d, {"spec", "paused"})) return SyncScale(d, *rss);

  StatusOr<bool> scaling = IsScalingEvent(d, *rss);
  if (!scaling.ok()) return scaling.status();
  if (*scaling) return SyncScale(d, *rss);

  // Only Recreate looks at the pods; walking every pod of a large Deployment
  // at each sync is what a RollingUpdate need not pay.
  if (StrAt(d, {"spec", "strategy", "type"}) == "Recreate")
    return RolloutRecreate(d, *rss, PodsByReplicaSet(d, *rss));
  return RolloutRolling(d, *rss);
}

StatusOr<std::vector<ObjectPtr>> DeploymentController::ClaimReplicaSets(const boost::json::object& d) {
  std::optional<api::LabelSelector> selector = SelectorOf(d);
  if (!selector) return Status::Invalid("deployment " + client::KeyOf(d) + " has an invalid selector");
  ControllerRefManager refs(ctx_.client, replicasets_, d, "apps/v1", "Deployment", *selector,
                            RecheckDeletionTimestamp(ctx_.client, deployments_, d));
  return refs.Claim(rs_informer_.ListNamespace(client::NamespaceOf(d)));
}

DeploymentController::PodMap DeploymentController::PodsByReplicaSet(const boost::json::object& d,
                                                                     const std::vector<ObjectPtr>& rss) {
  PodMap out;
  for (const ObjectPtr& rs : rss) out[std::string(client::UidOf(*rs))];
  std::optional<api::LabelSelector> selector = SelectorOf(d);
  if (!selector) return out;
  for (const ObjectPtr& pod : pod_informer_.ListNamespace(client::NamespaceOf(d))) {
    if (!selector->Matches(ObjAt(*pod, {"metadata", "labels"}))) continue;
    const boost::json::object* ref = GetControllerOf(*pod);
    if (ref == nullptr) continue;
    auto it = out.find(Str(ref, "uid"));
    if (it != out.end()) it->second.push_back(pod);
  }
  return out;
}

Status DeploymentController::UpdateDeploymentStatus(boost::json::object& d) {
  auto r = ctx_.client.Update(deployments_, client::NamespaceOf(d), d, "status");
  if (!r.ok()) return r.status();
  // Carry the new resourceVersion, so a later write in this sync does not conflict with ours.
  d = **r;
  return Status::Ok();
}

std::unique_ptr<Controller> NewDeploymentController(ControllerContext& ctx) {
  return std::make_unique<DeploymentController>(ctx);
}

}  // namespace kubepp::controllers::deployment
