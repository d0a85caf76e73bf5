#include "controllers/statefulset/statefulset_controller.h"

#include <algorithm>
#include <set>

#include "base/log.h"
#include "client/object.h"
#include "controllers/common/compute_hash.h"
#include "controllers/common/fields.h"
#include "controllers/common/history.h"
#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_util.h"
#include "controllers/statefulset/stateful_pod.h"

namespace kubepp::controllers::statefulset {

using namespace common;  // NOLINT
using client::ObjectPtr;

namespace {

constexpr std::string_view kComponent = "statefulset-controller";

}  // namespace

// Informer handlers: they find the StatefulSet an event concerns and enqueue it.
class StatefulSetController::Handlers {
 public:
  explicit Handlers(StatefulSetController& c) : c_(c) {}
  void Pod(const ObjectPtr& pod) {
    const boost::json::object* ref = GetControllerOf(*pod);
    if (ref != nullptr) {
      if (Str(ref, "kind") != "StatefulSet") return;
      ObjectPtr set = c_.set_informer_.Get(client::NamespaceOf(*pod), Str(ref, "name"));
      if (set != nullptr && client::UidOf(*set) == Str(ref, "uid")) {
        std::string key = client::KeyOf(*set);
        c_.queue_->Add(key);
        int64_t min_ready = IntAt(*set, {"spec", "minReadySeconds"}).value_or(0);
        if (min_ready > 0 && IsPodReady(*pod)) {
          c_.queue_->AddAfter(key, std::chrono::seconds(min_ready) + std::chrono::seconds(1));
        }
      }
      return;
    }
    // An orphan: a set whose selector matches may adopt it.
    for (const ObjectPtr& set : c_.set_informer_.ListNamespace(client::NamespaceOf(*pod))) {
      const boost::json::object* sel = ObjAt(*set, {"spec", "selector"});
      if (sel == nullptr) continue;
      auto parsed = api::LabelSelector::FromObject(*sel);
      if (parsed.ok() && !parsed->Empty() && parsed->Matches(ObjAt(*pod, {"metadata", "labels"}))) {
        c_.queue_->Add(client::KeyOf(*set));
      }
    }
  }

 private:
  StatefulSetController& c_;
};

StatefulSetController::StatefulSetController(ControllerContext& ctx)
    : ctx_(ctx),
      sets_resource_(client::Resource::Of("apps", "statefulsets")),
      pods_resource_(client::Resource::Of("", "pods")),
      claims_resource_(client::Resource::Of("", "persistentvolumeclaims")),
      revisions_resource_(client::Resource::Of("apps", "controllerrevisions")),
      set_informer_(ctx.informers.For(sets_resource_)),
      pod_informer_(ctx.informers.For(pods_resource_)),
      claim_informer_(ctx.informers.For(claims_resource_)),
      revision_informer_(ctx.informers.For(revisions_resource_)),
      recorder_(ctx.recorder(kComponent)),
      queue_(client::WorkQueue::Create(std::string(kComponent), ctx.clock)) {
  set_informer_.AddEventHandler(client::EventHandler{
      [this](const ObjectPtr& s) { queue_->Add(client::KeyOf(*s)); },
      [this](const ObjectPtr&, const ObjectPtr& s) { queue_->Add(client::KeyOf(*s)); },
      [this](const ObjectPtr& s) { queue_->Add(client::KeyOf(*s)); }});
  auto h = std::make_shared<Handlers>(*this);
  pod_informer_.AddEventHandler(client::EventHandler{
      [h](const ObjectPtr& p) { h->Pod(p); },
      [h](const ObjectPtr& o, const ObjectPtr& n) {
        if (client::ResourceVersionOf(*o) == client::ResourceVersionOf(*n)) return;
        h->Pod(o);
        h->Pod(n);
      },
      [h](const ObjectPtr& p) { h->Pod(p); }});
}

StatefulSetController::~StatefulSetController() { Stop(); }

void StatefulSetController::Start() {
  if (workers_) return;
  workers_ = std::make_unique<KeyWorkers>(std::string(kComponent), *queue_,
                                          [this](const std::string& key) { return Sync(key); });
  workers_->Start(std::max(1, ctx_.options.concurrent_syncs));
}

void StatefulSetController::Stop() {
  if (workers_) workers_->Stop();
  queue_->ShutDown();
}

Status StatefulSetController::Sync(const std::string& key) {
  // Plain variables, not a structured binding: lambdas below capture them (clang 14 cannot).
  const auto split = client::SplitKey(key);
  const std::string_view ns = split.first, name = split.second;
  ObjectPtr set_ptr = set_informer_.Get(ns, name);
  if (set_ptr == nullptr) return Status::Ok();
  const boost::json::object& set = *set_ptr;
  const boost::json::object* sel = ObjAt(set, {"spec", "selector"});
  auto selector = sel ? api::LabelSelector::FromObject(*sel) : StatusOr<api::LabelSelector>(Status::Invalid(""));
  if (!selector.ok() || selector->Empty()) {
    KLOG(ERROR) << "statefulset " << key << " has no usable selector";
    return Status::Ok();
  }
  if (IsBeingDeleted(set)) return Status::Ok();

  ControllerRefManager refs(ctx_.client, pods_resource_, set, "apps/v1", "StatefulSet", *selector,
                            RecheckDeletionTimestamp(ctx_.client, sets_resource_, set));
  auto claimed = refs.Claim(pod_informer_.ListNamespace(ns));
  if (!claimed.ok()) return claimed.status();
  std::vector<ObjectPtr> pods;
  for (const ObjectPtr& p : *claimed) {
    if (OrdinalOf(name, client::NameOf(*p))) pods.push_back(p);  // only "<set>-<n>" pods are members
  }

  HistoryConfig history{"apps/v1", "StatefulSet", sets_resource_,
                        [&](const boost::json::object& data, std::optional<int64_t> collisions) {
                          std::string hash = ComputeHash(boost::json::value(data), collisions);
                          return std::make_pair(hash, std::string(name) + "-" + hash);
                        },
                        [&](const std::string& hash, const std::string&) {
                          const boost::json::object* l = ObjAt(set, {"spec", "template", "metadata", "labels"});
                          boost::json::object labels = l ? *l : boost::json::object();
                          labels[kControllerRevisionHashLabel] = hash;
                          return labels;
                        }};
  auto hist = SyncHistory(ctx_.client, revision_informer_, set, *selector, history);
  if (!hist.ok()) return hist.status();
  Revisions revs{nullptr, hist->current, hist->old};
  std::string current_name = StrAt(set, {"status", "currentRevision"});
  for (const ObjectPtr& r : hist->old) {
    if (client::NameOf(*r) == current_name) revs.current = r;
  }
  if (revs.current == nullptr) revs.current = revs.update;

  boost::json::object status = ObjAt(set, {"status"}) ? *ObjAt(set, {"status"}) : boost::json::object();
  Status update_error = UpdateSet(set, pods, revs, status);

  std::set<std::string> live{std::string(client::NameOf(*revs.current)), std::string(client::NameOf(*revs.update))};
  for (const ObjectPtr& p : pods) live.insert(StrAt(*p, {"metadata", "labels", kControllerRevisionHashLabel}));
  Status truncate = TruncateHistory(ctx_.client, hist->old, IntAt(set, {"spec", "revisionHistoryLimit"}).value_or(10),
                                    [&](const boost::json::object& r) { return live.count(std::string(client::NameOf(r))) > 0; });
  Status written = WriteStatus(set, status);
  if (!update_error.ok()) return update_error;
  if (!truncate.ok()) return truncate;
  return written;
}

Status StatefulSetController::CreatePod(const boost::json::object& set, const boost::json::object& pod_template,
                                        int64_t ordinal, const std::string& revision_name) {
  std::string pod_name = PodName(client::NameOf(set), ordinal);
  Status claims = EnsureClaims(set, ordinal, pod_name);
  if (!claims.ok()) return claims;
  boost::json::object pod = NewStatefulPod(set, pod_template, ordinal, revision_name);
  auto created = ctx_.client.Create(pods_resource_, client::NamespaceOf(set), pod);
  std::string what = "create Pod " + pod_name + " in StatefulSet " + std::string(client::NameOf(set));
  if (!created.ok()) {
    if (created.status().reason() == Reason::kAlreadyExists) return Status::Ok();  // the cache lagged
    recorder_.Event(set, "Warning", "FailedCreate", what + " failed error: " + created.status().message());
    return created.status();
  }
  recorder_.Event(set, "Normal", "SuccessfulCreate", what + " successful");
  return Status::Ok();
}

Status StatefulSetController::DeletePod(const boost::json::object& set, const boost::json::object& pod) {
  std::string what = "delete Pod " + std::string(client::NameOf(pod)) + " in StatefulSet " +
                     std::string(client::NameOf(set));
  client::DeleteOptions opts;
  opts.precondition_uid = std::string(client::UidOf(pod));
  auto r = ctx_.client.Delete(pods_resource_, client::NamespaceOf(set), client::NameOf(pod), opts);
  if (!r.ok() && !r.status().IsNotFound()) {
    recorder_.Event(set, "Warning", "FailedDelete", what + " failed error: " + r.status().message());
    return r.status();
  }
  recorder_.Event(set, "Normal", "SuccessfulDelete", what + " successful");
  return Status::Ok();
}

Status StatefulSetController::EnsureClaims(const boost::json::object& set, int64_t ordinal, std::string_view pod_name) {
  const bool owned_by_set = StrAt(set, {"spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"}) == "Delete";
  for (boost::json::object claim : ClaimsFor(set, ordinal)) {
    std::string claim_name(client::NameOf(claim));
    if (claim_informer_.Get(client::NamespaceOf(set), claim_name) != nullptr) continue;
    if (owned_by_set) {
      boost::json::object ref{{"apiVersion", "apps/v1"},
                              {"kind", "StatefulSet"},
                              {"name", client::NameOf(set)},
                              {"uid", client::UidOf(set)}};
      MutableObj(claim, "metadata")["ownerReferences"] = boost::json::array{std::move(ref)};
    }
    auto created = ctx_.client.Create(claims_resource_, client::NamespaceOf(set), claim);
    std::string what = "create Claim " + claim_name + " Pod " + std::string(pod_name) + " in StatefulSet " +
                       std::string(client::NameOf(set));
    if (!created.ok() && created.status().reason() != Reason::kAlreadyExists) {
      recorder_.Event(set, "Warning", "FailedCreate", what + " failed error: " + created.status().message());
      return created.status();
    }
    if (created.ok()) recorder_.Event(set, "Normal", "SuccessfulCreate", what + " success");
  }
  return Status::Ok();
}

Status StatefulSetController::WriteStatus(const boost::json::object& set, const boost::json::object& status) {
  const boost::json::object* old = ObjAt(set, {"status"});
  if (old != nullptr && *old == status) return Status::Ok();
  boost::json::object copy = set;
  copy["status"] = status;
  auto r = ctx_.client.Update(sets_resource_, client::NamespaceOf(set), copy, "status");
  if (r.ok() || !r.status().IsConflict()) return r.status();
  auto fresh = ctx_.client.Get(sets_resource_, client::NamespaceOf(set), client::NameOf(set));
  if (!fresh.ok()) return r.status();
  copy = **fresh;
  copy["status"] = status;
  return ctx_.client.Update(sets_resource_, client::NamespaceOf(set), copy, "status").status();
}

std::unique_ptr<Controller> NewStatefulSetController(ControllerContext& ctx) {
  return std::make_unique<StatefulSetController>(ctx);
}

}  // namespace kubepp::controllers::statefulset
