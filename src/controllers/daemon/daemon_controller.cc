#include "controllers/daemon/daemon_controller.h"

#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"
#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_util.h"

namespace kubepp::controllers::daemon {

using namespace common;  // NOLINT
using client::ObjectPtr;

namespace {
constexpr std::string_view kComponent = "daemonset-controller";
}  // namespace

// Informer handlers: they resolve which DaemonSets an event concerns, record
// what expectations observed, and enqueue keys.
class DaemonSetController::Handlers {
 public:
  explicit Handlers(DaemonSetController& c) : c_(c) {}

  ObjectPtr Owner(const boost::json::object& pod) const {
    const boost::json::object* ref = GetControllerOf(pod);
    if (ref == nullptr || Str(ref, "kind") != "DaemonSet") return nullptr;
    ObjectPtr ds = c_.ds_informer_.Get(client::NamespaceOf(pod), Str(ref, "name"));
    if (ds == nullptr || client::UidOf(*ds) != Str(ref, "uid")) return nullptr;
    return ds;
  }
  void EnqueueSelecting(const boost::json::object& pod) {
    for (const ObjectPtr& ds : c_.ds_informer_.ListNamespace(client::NamespaceOf(pod))) {
      const boost::json::object* sel = ObjAt(*ds, {"spec", "selector"});
      if (sel == nullptr) continue;
      auto parsed = api::LabelSelector::FromObject(*sel);
      if (parsed.ok() && !parsed->Empty() && parsed->Matches(ObjAt(pod, {"metadata", "labels"}))) {
        c_.queue_->Add(client::KeyOf(*ds));
      }
    }
  }
  void AddPod(const ObjectPtr& pod) {
    if (IsBeingDeleted(*pod)) {
      DeletePod(pod);
      return;
    }
    if (ObjectPtr ds = Owner(*pod)) {
      std::string key = client::KeyOf(*ds);
      c_.expectations_.CreationObserved(key);
      c_.queue_->Add(key);
    } else if (GetControllerOf(*pod) == nullptr) {
      EnqueueSelecting(*pod);
    }
  }
  void UpdatePod(const ObjectPtr& old_pod, const ObjectPtr& new_pod) {
    if (client::ResourceVersionOf(*old_pod) == client::ResourceVersionOf(*new_pod)) return;
    if (IsBeingDeleted(*new_pod) && !IsBeingDeleted(*old_pod)) {
      DeletePod(new_pod);
      return;
    }
    ObjectPtr old_ds = Owner(*old_pod), new_ds = Owner(*new_pod);
    if (old_ds && (!new_ds || client::UidOf(*old_ds) != client::UidOf(*new_ds))) {
      c_.queue_->Add(client::KeyOf(*old_ds));
    }
    if (new_ds) {
      std::string key = client::KeyOf(*new_ds);
      c_.queue_->Add(key);
      int64_t min_ready = IntAt(*new_ds, {"spec", "minReadySeconds"}).value_or(0);
      if (min_ready > 0 && !IsPodReady(*old_pod) && IsPodReady(*new_pod)) {
        c_.queue_->AddAfter(key, std::chrono::seconds(min_ready) + std::chrono::seconds(1));
      }
    } else if (GetControllerOf(*new_pod) == nullptr) {
      EnqueueSelecting(*new_pod);
    }
  }
  void DeletePod(const ObjectPtr& pod) {
    ObjectPtr ds = Owner(*pod);
    if (ds == nullptr) return;
    std::string key = client::KeyOf(*ds);
    c_.deletions_.DeletionObserved(key, client::KeyOf(*pod));
    c_.queue_->Add(key);
  }
  void EnqueueAll() {
    for (const ObjectPtr& ds : c_.ds_informer_.List()) c_.queue_->Add(client::KeyOf(*ds));
  }

 private:
  DaemonSetController& c_;
};

DaemonSetController::DaemonSetController(ControllerContext& ctx)
    : ctx_(ctx),
      ds_resource_(client::Resource::Of("apps", "daemonsets")),
      pods_resource_(client::Resource::Of("", "pods")),
      nodes_resource_(client::Resource::Of("", "nodes")),
      revisions_resource_(client::Resource::Of("apps", "controllerrevisions")),
      ds_informer_(ctx.informers.For(ds_resource_)),
      pod_informer_(ctx.informers.For(pods_resource_)),
      node_informer_(ctx.informers.For(nodes_resource_)),
      revision_informer_(ctx.informers.For(revisions_resource_)),
      recorder_(ctx.recorder(kComponent)),
      pod_control_(ctx.client, recorder_),
      queue_(client::WorkQueue::Create(std::string(kComponent), ctx.clock)),
      expectations_(ctx.clock),
      deletions_(ctx.clock) {
  auto h = std::make_shared<Handlers>(*this);
  ds_informer_.AddEventHandler(client::EventHandler{
      [this](const ObjectPtr& ds) { queue_->Add(client::KeyOf(*ds)); },
      [this](const ObjectPtr&, const ObjectPtr& ds) { queue_->Add(client::KeyOf(*ds)); },
      [this](const ObjectPtr& ds) {
        expectations_.Delete(client::KeyOf(*ds));
        deletions_.Delete(client::KeyOf(*ds));
        queue_->Add(client::KeyOf(*ds));
      }});
  pod_informer_.AddEventHandler(client::EventHandler{
      [h](const ObjectPtr& p) { h->AddPod(p); }, [h](const ObjectPtr& o, const ObjectPtr& n) { h->UpdatePod(o, n); },
      [h](const ObjectPtr& p) { h->DeletePod(p); }});
  // A node's labels, taints or existence decide where daemons run: every DaemonSet takes another look.
  node_informer_.AddEventHandler(client::EventHandler{
      [h](const ObjectPtr&) { h->EnqueueAll(); },
      [h](const ObjectPtr& o, const ObjectPtr& n) {
        // Status heartbeats change nothing here; labels and taints do.
        const boost::json::value* old_taints = ValueAt(*o, {"spec", "taints"});
        const boost::json::value* new_taints = ValueAt(*n, {"spec", "taints"});
        bool taints_changed = (old_taints == nullptr) != (new_taints == nullptr) ||
                              (old_taints != nullptr && *old_taints != *new_taints);
        if (taints_changed || LabelsOf(*o) != LabelsOf(*n)) h->EnqueueAll();
      },
      [h](const ObjectPtr&) { h->EnqueueAll(); }});
}

DaemonSetController::~DaemonSetController() { Stop(); }

void DaemonSetController::Start() {
  if (workers_) return;
  workers_ = std::make_unique<KeyWorkers>(std::string(kComponent), *queue_,
                                          [this](const std::string& key) { return Sync(key); });
  workers_->Start(std::max(1, ctx_.options.concurrent_syncs));
}

void DaemonSetController::Stop() {
  if (workers_) workers_->Stop();
  queue_->ShutDown();
}

std::unique_ptr<Controller> NewDaemonSetController(ControllerContext& ctx) {
  return std::make_unique<DaemonSetController>(ctx);
}

}  // namespace kubepp::controllers::daemon
