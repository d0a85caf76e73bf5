#include "controllers/replicaset/replicaset_controller.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"
#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_util.h"
#include "controllers/common/ranking.h"
#include "controllers/common/slow_start.h"
#include "controllers/replicaset/replicaset_status.h"

namespace kubepp::controllers::replicaset {

using namespace common;  // NOLINT
using client::ObjectPtr;

ReplicaSetKind ReplicaSetKind::ReplicaSets() {
  return {client::Resource::Of("apps", "replicasets"), "apps/v1", "ReplicaSet", "replicaset-controller", false};
}

ReplicaSetKind ReplicaSetKind::ReplicationControllers() {
  return {client::Resource::Of("", "replicationcontrollers"), "v1", "ReplicationController",
          "replication-controller", true};
}

namespace {

// The owner's selector. A ReplicationController's is a plain map; an empty or
// unparsable selector selects nothing here (upstream refuses to manage it).
std::optional<api::LabelSelector> SelectorOf(const boost::json::object& rs, bool map_selector) {
  const boost::json::object* sel = ObjAt(rs, {"spec", "selector"});
  if (sel == nullptr) return std::nullopt;
  StatusOr<api::LabelSelector> parsed = Status::Internal("");
  if (map_selector) {
    boost::json::object wrapped;
    wrapped["matchLabels"] = *sel;
    parsed = api::LabelSelector::FromObject(wrapped);
  } else {
    parsed = api::LabelSelector::FromObject(*sel);
  }
  if (!parsed.ok()) return std::nullopt;
  return std::move(*parsed);
}

}  // namespace

// Informer handlers: they only resolve which ReplicaSet an event concerns,
// record what expectations observed, and enqueue its key.
class ReplicaSetController::Handlers {
 public:
  explicit Handlers(ReplicaSetController& c) : c_(c) {}

  // The ReplicaSet named by `pod`'s controller reference, if it is one of ours.
  ObjectPtr ResolveControllerRef(std::string_view ns, const boost::json::object* ref) const {
    if (ref == nullptr || Str(ref, "kind") != c_.kind_.kind) return nullptr;
    ObjectPtr rs = c_.rs_informer_.Get(ns, Str(ref, "name"));
    if (rs == nullptr || client::UidOf(*rs) != Str(ref, "uid")) return nullptr;
    return rs;
  }

  // Every ReplicaSet whose selector matches an orphan pod.
  std::vector<ObjectPtr> ReplicaSetsSelecting(const boost::json::object& pod) const {
    std::vector<ObjectPtr> out;
    const boost::json::object* labels = ObjAt(pod, {"metadata", "labels"});
    for (const ObjectPtr& rs : c_.rs_informer_.ListNamespace(client::NamespaceOf(pod))) {
      auto sel = SelectorOf(*rs, c_.kind_.map_selector);
      if (!sel || sel->Empty() || !sel->Matches(labels)) continue;
      out.push_back(rs);
    }
    return out;
  }

  void AddPod(const ObjectPtr& pod) {
    if (IsBeingDeleted(*pod)) {
      // A pod can come back from a relist already being deleted: count it as gone.
      DeletePod(pod);
      return;
    }
    if (ObjectPtr rs = ResolveControllerRef(client::NamespaceOf(*pod), GetControllerOf(*pod))) {
      std::string key = client::KeyOf(*rs);
      c_.expectations_.CreationObserved(key);
      c_.queue_->Add(key);
      return;
    }
    if (GetControllerOf(*pod) != nullptr) return;
    for (const ObjectPtr& rs : ReplicaSetsSelecting(*pod)) c_.queue_->Add(client::KeyOf(*rs));
  }

  void UpdatePod(const ObjectPtr& old_pod, const ObjectPtr& new_pod) {
    if (client::ResourceVersionOf(*old_pod) == client::ResourceVersionOf(*new_pod)) return;
    bool labels_changed = LabelsOf(*old_pod) != LabelsOf(*new_pod);
    if (IsBeingDeleted(*new_pod)) {
      DeletePod(new_pod);
      if (labels_changed) DeletePod(old_pod);
      return;
    }
    const boost::json::object* old_ref = GetControllerOf(*old_pod);
    const boost::json::object* new_ref = GetControllerOf(*new_pod);
    bool ref_changed = (old_ref == nullptr) != (new_ref == nullptr) ||
                       (old_ref != nullptr && *old_ref != *new_ref);
    std::string_view ns = client::NamespaceOf(*new_pod);
    if (ref_changed && old_ref != nullptr) {
      if (ObjectPtr rs = ResolveControllerRef(ns, old_ref)) c_.queue_->Add(client::KeyOf(*rs));
    }
    if (new_ref != nullptr) {
      ObjectPtr rs = ResolveControllerRef(ns, new_ref);
      if (rs == nullptr) return;
      std::string key = client::KeyOf(*rs);
      c_.queue_->Add(key);
      // Availability needs another look once minReadySeconds have passed.
      int64_t min_ready = IntAt(*rs, {"spec", "minReadySeconds"}).value_or(0);
      if (!IsPodReady(*old_pod) && IsPodReady(*new_pod) && min_ready > 0) {
        c_.queue_->AddAfter(key, std::chrono::seconds(min_ready) + std::chrono::seconds(1));
      }
      return;
    }
    if (labels_changed || ref_changed) {
      for (const ObjectPtr& rs : ReplicaSetsSelecting(*new_pod)) c_.queue_->Add(client::KeyOf(*rs));
    }
  }

  void DeletePod(const ObjectPtr& pod) {
    ObjectPtr rs = ResolveControllerRef(client::NamespaceOf(*pod), GetControllerOf(*pod));
    if (rs == nullptr) return;
    std::string key = client::KeyOf(*rs);
    c_.expectations_.DeletionObserved(key, client::KeyOf(*pod));
    c_.queue_->Add(key);
  }

 private:
  ReplicaSetController& c_;
};

ReplicaSetController::ReplicaSetController(ControllerContext& ctx, ReplicaSetKind kind,
                                           std::unique_ptr<common::PodControl> pod_control)
    : ctx_(ctx),
      kind_(std::move(kind)),
      pods_resource_(client::Resource::Of("", "pods")),
      rs_informer_(ctx.informers.For(kind_.resource)),
      pod_informer_(ctx.informers.For(pods_resource_)),
      pod_control_(std::move(pod_control)),
      queue_(client::WorkQueue::Create(kind_.component, ctx.clock)),
      expectations_(ctx.clock) {
  if (pod_control_ == nullptr) {
    pod_control_ = std::make_unique<RealPodControl>(ctx.client, ctx.recorder(kind_.component));
  }
  auto handlers = std::make_shared<Handlers>(*this);
  rs_informer_.AddEventHandler(client::EventHandler{
      [this](const ObjectPtr& rs) { queue_->Add(client::KeyOf(*rs)); },
      [this](const ObjectPtr& old_rs, const ObjectPtr& new_rs) {
        if (IntAt(*old_rs, {"spec", "replicas"}) != IntAt(*new_rs, {"spec", "replicas"})) {
          VLOG(4) << kind_.kind << " " << client::KeyOf(*new_rs) << " replicas changed";
        }
        queue_->Add(client::KeyOf(*new_rs));
      },
      [this](const ObjectPtr& rs) {
        std::string key = client::KeyOf(*rs);
        expectations_.Delete(key);
        queue_->Add(key);
      }});
  pod_informer_.AddEventHandler(client::EventHandler{
      [handlers](const ObjectPtr& pod) { handlers->AddPod(pod); },
      [handlers](const ObjectPtr& old_pod, const ObjectPtr& new_pod) { handlers->UpdatePod(old_pod, new_pod); },
      [handlers](const ObjectPtr& pod) { handlers->DeletePod(pod); }});
}

ReplicaSetController::~ReplicaSetController() { Stop(); }

void ReplicaSetController::Start() {
  if (workers_) return;
  workers_ = std::make_unique<KeyWorkers>(kind_.component, *queue_, [this](const std::string& key) { return Sync(key); });
  workers_->Start(std::max(1, ctx_.options.concurrent_syncs));
}

void ReplicaSetController::Stop() {
  if (workers_) workers_->Stop();
  queue_->ShutDown();
}

Status ReplicaSetController::Sync(const std::string& key) {
  auto [ns, name] = client::SplitKey(key);
  ObjectPtr rs = rs_informer_.Get(ns, name);
  if (rs == nullptr) {
    VLOG(4) << kind_.kind << " " << key << " has been deleted";
    expectations_.Delete(key);
    return Status::Ok();
  }
  bool needs_sync = expectations_.Satisfied(key);
  std::optional<api::LabelSelector> selector = SelectorOf(*rs, kind_.map_selector);
  if (!selector) {
    // A selector the apiserver let through but we cannot read: retrying will not help.
    KLOG(ERROR) << kind_.kind << " " << key << " has an invalid selector";
    return Status::Ok();
  }
  std::vector<ObjectPtr> active;
  for (const ObjectPtr& pod : pod_informer_.ListNamespace(ns)) {
    if (IsPodActive(*pod)) active.push_back(pod);
  }
  ControllerRefManager refs(ctx_.client, pods_resource_, *rs, kind_.api_version, kind_.kind, *selector,
                            RecheckDeletionTimestamp(ctx_.client, kind_.resource, *rs));
  StatusOr<std::vector<ObjectPtr>> claimed = refs.Claim(active);
  if (!claimed.ok()) return claimed.status();

  Status manage_error;
  if (needs_sync && !IsBeingDeleted(*rs)) manage_error = ManageReplicas(*claimed, *rs, key);

  boost::json::object status = CalculateStatus(*rs, *claimed, manage_error, ctx_.clock.Now());
  Status st = UpdateStatus(*rs, status);
  if (!st.ok()) return st;
  // A last look after minReadySeconds, in case no pod event brings us back.
  int64_t min_ready = IntAt(*rs, {"spec", "minReadySeconds"}).value_or(0);
  int64_t replicas = IntAt(*rs, {"spec", "replicas"}).value_or(1);
  if (manage_error.ok() && min_ready > 0 && IntOr(&status, "readyReplicas", 0) == replicas &&
      IntOr(&status, "availableReplicas", 0) != replicas) {
    queue_->AddAfter(key, std::chrono::seconds(min_ready));
  }
  return manage_error;
}

std::vector<ObjectPtr> ReplicaSetController::RelatedPods(const boost::json::object& rs) const {
  // Pods of every ReplicaSet that shares this one's controller (a Deployment's revisions).
  std::vector<ObjectPtr> out;
  const boost::json::object* ref = GetControllerOf(rs);
  if (ref == nullptr) return out;
  std::string owner_uid = Str(ref, "uid");
  std::set<std::string> seen;
  std::vector<ObjectPtr> pods = pod_informer_.ListNamespace(client::NamespaceOf(rs));
  for (const ObjectPtr& other : rs_informer_.ListNamespace(client::NamespaceOf(rs))) {
    const boost::json::object* other_ref = GetControllerOf(*other);
    if (other_ref == nullptr || Str(other_ref, "uid") != owner_uid) continue;
    auto sel = SelectorOf(*other, kind_.map_selector);
    if (!sel) continue;
    for (const ObjectPtr& pod : pods) {
      if (sel->Matches(ObjAt(*pod, {"metadata", "labels"})) && seen.insert(std::string(client::UidOf(*pod))).second) {
        out.push_back(pod);
      }
    }
  }
  return out;
}

Status ReplicaSetController::ManageReplicas(const std::vector<ObjectPtr>& pods, const boost::json::object& rs,
                                            const std::string& key) {
  int64_t diff = static_cast<int64_t>(pods.size()) - IntAt(rs, {"spec", "replicas"}).value_or(1);
  std::string_view ns = client::NamespaceOf(rs);
  if (diff < 0) {
    int want = static_cast<int>(std::min<int64_t>(-diff, kBurstReplicas));
    expectations_.ExpectCreations(key, want);
    VLOG(2) << "too few replicas for " << kind_.kind << " " << key << ", need " << -diff + pods.size()
            << ", creating " << want;
    const boost::json::object* tmpl = ObjAt(rs, {"spec", "template"});
    static const boost::json::object kEmpty;
    boost::json::object ref = NewControllerRef(rs, kind_.api_version, kind_.kind);
    auto [created, error] = SlowStartBatch(want, 1, [&]() -> Status {
      return pod_control_->CreatePod(ns, tmpl ? *tmpl : kEmpty, rs, ref);
    });
    // Pods never attempted will never be observed: stop expecting them.
    for (int i = created; i < want; ++i) expectations_.CreationObserved(key);
    return error;
  }
  if (diff > 0) {
    int want = static_cast<int>(std::min<int64_t>(diff, kBurstReplicas));
    VLOG(2) << "too many replicas for " << kind_.kind << " " << key << ", deleting " << want;
    std::vector<RankedPod> ranked;
    std::vector<ObjectPtr> related = RelatedPods(rs);
    std::map<std::string, int> on_node;
    for (const ObjectPtr& p : related) {
      if (IsPodActive(*p)) ++on_node[StrAt(*p, {"spec", "nodeName"})];
    }
    for (const ObjectPtr& p : pods) ranked.push_back({p, on_node[StrAt(*p, {"spec", "nodeName"})]});
    if (want < static_cast<int>(ranked.size())) SortForDeletion(ranked, ctx_.clock.Now());
    ranked.resize(want);
    std::vector<std::string> pod_keys;
    for (const RankedPod& p : ranked) pod_keys.push_back(client::KeyOf(*p.pod));
    expectations_.ExpectDeletions(key, pod_keys);
    Status first_error;
    for (const RankedPod& p : ranked) {
      Status st = pod_control_->DeletePod(ns, client::NameOf(*p.pod), rs);
      if (!st.ok()) {
        // The informer will not report a deletion that did not happen.
        expectations_.DeletionObserved(key, client::KeyOf(*p.pod));
        if (!st.IsNotFound() && first_error.ok()) first_error = st;
      }
    }
    return first_error;
  }
  return Status::Ok();
}

Status ReplicaSetController::UpdateStatus(const boost::json::object& rs, boost::json::object status) {
  int64_t generation = IntAt(rs, {"metadata", "generation"}).value_or(0);
  const boost::json::object* old = Obj(&rs, "status");
  static const boost::json::object kEmpty;
  if (StatusCountsEqual(old ? *old : kEmpty, status) && IntOr(old, "observedGeneration", 0) == generation) {
    return Status::Ok();
  }
  status["observedGeneration"] = generation;
  boost::json::object copy = rs;
  copy["status"] = status;
  std::string ns(client::NamespaceOf(rs)), name(client::NameOf(rs));
  // One retry against a fresh copy: the cache may lag our own last write.
  for (int attempt = 0;; ++attempt) {
    VLOG(4) << "updating status of " << kind_.kind << " " << ns << "/" << name;
    auto r = ctx_.client.Update(kind_.resource, ns, copy, "status");
    if (r.ok() || attempt == 1) return r.status();
    auto fresh = ctx_.client.Get(kind_.resource, ns, name);
    if (!fresh.ok()) return r.status();
    copy = **fresh;
    copy["status"] = status;
  }
}

std::unique_ptr<Controller> NewReplicaSetController(ControllerContext& ctx) {
  return std::make_unique<ReplicaSetController>(ctx, ReplicaSetKind::ReplicaSets());
}

std::unique_ptr<Controller> NewReplicationManager(ControllerContext& ctx) {
  return std::make_unique<ReplicaSetController>(ctx, ReplicaSetKind::ReplicationControllers());
}

}  // namespace kubepp::controllers::replicaset
