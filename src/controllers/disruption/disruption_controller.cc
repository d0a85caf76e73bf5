#include "controllers/disruption/disruption_controller.h"

#include <set>

#include "api/validation/label_selector.h"
#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"
#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_util.h"

namespace kubepp::controllers::disruption {

using client::ObjectPtr;
using namespace common;  // NOLINT

namespace {

// policy/v1: an empty selector selects every pod of the namespace, an absent one none.
std::optional<api::LabelSelector> SelectorOf(const boost::json::object& pdb) {
  const boost::json::object* sel = ObjAt(pdb, {"spec", "selector"});
  if (sel == nullptr) return std::nullopt;
  auto parsed = api::LabelSelector::FromObject(*sel);
  if (!parsed.ok()) return std::nullopt;
  return std::move(*parsed);
}

boost::json::object Condition(bool allowed, const std::string& reason, const std::string& message,
                              const boost::json::object* old_status, int64_t generation, const std::string& now) {
  boost::json::object c;
  c["type"] = "DisruptionAllowed";
  c["status"] = allowed ? "True" : "False";
  c["observedGeneration"] = generation;
  c["reason"] = reason;
  c["message"] = message;
  c["lastTransitionTime"] = now;
  if (const auto* conds = Arr(old_status, "conditions")) {
    for (const auto& old : *conds) {
      if (!old.is_object() || Str(&old.as_object(), "type") != "DisruptionAllowed") continue;
      if (Str(&old.as_object(), "status") == Str(&c, "status")) {
        if (auto* t = old.as_object().if_contains("lastTransitionTime")) c["lastTransitionTime"] = *t;
      }
    }
  }
  return c;
}

}  // namespace

DisruptionController::DisruptionController(ControllerContext& ctx)
    : ctx_(ctx),
      pdbs_(client::Resource::Of("policy", "poddisruptionbudgets")),
      pdb_informer_(ctx.informers.For(pdbs_)),
      pod_informer_(ctx.informers.For(client::Resource::Of("", "pods"))),
      rs_informer_(ctx.informers.For(client::Resource::Of("apps", "replicasets"))),
      deploy_informer_(ctx.informers.For(client::Resource::Of("apps", "deployments"))),
      rc_informer_(ctx.informers.For(client::Resource::Of("", "replicationcontrollers"))),
      sts_informer_(ctx.informers.For(client::Resource::Of("apps", "statefulsets"))),
      queue_(client::WorkQueue::Create("disruption", ctx.clock)) {
  auto enqueue = [this](const ObjectPtr& o) { queue_->Add(client::KeyOf(*o)); };
  pdb_informer_.AddEventHandler(client::EventHandler{
      enqueue, [enqueue](const ObjectPtr&, const ObjectPtr& n) { enqueue(n); }, nullptr});
  pod_informer_.AddEventHandler(client::EventHandler{
      [this](const ObjectPtr& p) { EnqueueBudgetsOf(*p); },
      [this](const ObjectPtr& o, const ObjectPtr& n) {
        if (LabelsOf(*o) != LabelsOf(*n)) EnqueueBudgetsOf(*o);
        EnqueueBudgetsOf(*n);
      },
      [this](const ObjectPtr& p) { EnqueueBudgetsOf(*p); }});
  // A controller's scale feeds expectedPods: recheck the budgets of its namespace.
  for (client::Informer* scaled : {&rs_informer_, &deploy_informer_, &rc_informer_, &sts_informer_}) {
    auto all = [this](const ObjectPtr& o) {
      for (const ObjectPtr& pdb : pdb_informer_.ListNamespace(client::NamespaceOf(*o))) {
        queue_->Add(client::KeyOf(*pdb));
      }
    };
    scaled->AddEventHandler(client::EventHandler{
        all,
        [all](const ObjectPtr& o, const ObjectPtr& n) {
          if (IntAt(*o, {"spec", "replicas"}) != IntAt(*n, {"spec", "replicas"})) all(n);
        },
        all});
  }
}

DisruptionController::~DisruptionController() { Stop(); }

void DisruptionController::Start() {
  if (workers_) return;
  workers_ = std::make_unique<KeyWorkers>("disruption", *queue_, [this](const std::string& key) { return Sync(key); });
  workers_->Start(std::max(1, ctx_.options.concurrent_syncs));
}

void DisruptionController::Stop() {
  if (workers_) workers_->Stop();
  queue_->ShutDown();
}

void DisruptionController::EnqueueBudgetsOf(const boost::json::object& pod) {
  const boost::json::object* labels = ObjAt(pod, {"metadata", "labels"});
  for (const ObjectPtr& pdb : pdb_informer_.ListNamespace(client::NamespaceOf(pod))) {
    auto sel = SelectorOf(*pdb);
    if (sel && sel->Matches(labels)) queue_->Add(client::KeyOf(*pdb));
  }
}

StatusOr<int64_t> DisruptionController::ExpectedScale(const std::vector<ObjectPtr>& pods,
                                                      std::vector<std::string>* unmanaged) const {
  std::set<std::string> seen;
  int64_t total = 0;
  for (const ObjectPtr& pod : pods) {
    const boost::json::object* ref = GetControllerOf(*pod);
    if (ref == nullptr) {
      unmanaged->emplace_back(client::NameOf(*pod));
      continue;
    }
    std::string_view ns = client::NamespaceOf(*pod);
    ObjectPtr owner;
    if (ref != nullptr) {
      std::string kind = Str(ref, "kind");
      std::string name = Str(ref, "name");
      if (kind == "ReplicaSet") {
        owner = rs_informer_.Get(ns, name);
      } else if (kind == "ReplicationController") {
        owner = rc_informer_.Get(ns, name);
      } else if (kind == "StatefulSet") {
        owner = sts_informer_.Get(ns, name);
      }
      if (owner != nullptr && client::UidOf(*owner) != Str(ref, "uid")) owner = nullptr;
      // A Deployment's ReplicaSets scale together: the Deployment's replicas count.
      if (owner != nullptr && kind == "ReplicaSet") {
        const boost::json::object* up = GetControllerOf(*owner);
        if (up != nullptr && Str(up, "kind") == "Deployment") {
          ObjectPtr d = deploy_informer_.Get(ns, Str(up, "name"));
          if (d != nullptr && client::UidOf(*d) == Str(up, "uid")) owner = d;
        }
      }
    }
    if (owner == nullptr) {
      return Status::NotFound("found no controllers for pod \"" + std::string(client::NameOf(*pod)) + "\"");
    }
    if (!seen.insert(std::string(client::UidOf(*owner))).second) continue;
    total += IntAt(*owner, {"spec", "replicas"}).value_or(1);
  }
  return total;
}

Status DisruptionController::Sync(const std::string& key) {
  auto [ns, name] = client::SplitKey(key);
  ObjectPtr pdb = pdb_informer_.Get(ns, name);
  if (pdb == nullptr) return Status::Ok();
  const Clock::TimePoint now = ctx_.clock.Now();
  const std::string now_text = FormatTime(now);
  const boost::json::object* old_status = ObjAt(*pdb, {"status"});
  const int64_t generation = IntAt(*pdb, {"metadata", "generation"}).value_or(0);

  std::vector<ObjectPtr> pods;
  if (auto sel = SelectorOf(*pdb)) {
    const boost::json::object* empty = nullptr;
    for (const ObjectPtr& pod : pod_informer_.ListNamespace(ns)) {
      if (sel->Matches(ObjAt(*pod, {"metadata", "labels"}) ? ObjAt(*pod, {"metadata", "labels"}) : empty)) {
        pods.push_back(pod);
      }
    }
  }

  // Evictions the apiserver recorded: keep those whose pod still waits for deletion.
  boost::json::object disrupted;
  std::optional<Clock::TimePoint> recheck;
  if (const auto* map = ObjAt(*pdb, {"status", "disruptedPods"})) {
    for (const auto& kv : *map) {
      auto t = ParseTime(&kv.value());
      ObjectPtr pod = pod_informer_.Get(ns, kv.key());
      if (!t || pod == nullptr || IsBeingDeleted(*pod)) continue;
      Clock::TimePoint expires = *t + kDeletionTimeout;
      if (expires <= now) {
        ctx_.recorder("controllermanager")
            .Event(*pod, "Warning", "NotDeleted", "Pod was expected by PDB " + key + " to be deleted but it wasn't");
        continue;
      }
      disrupted[kv.key()] = kv.value();
      if (!recheck || expires < *recheck) recheck = expires;
    }
  }

  int64_t healthy = 0;
  for (const ObjectPtr& pod : pods) {
    if (IsBeingDeleted(*pod) || disrupted.contains(client::NameOf(*pod))) continue;
    if (IsPodReady(*pod)) ++healthy;
  }

  int64_t expected = 0, desired = 0;
  std::string failure;
  std::vector<std::string> unmanaged;  // selected pods no controller owns
  const boost::json::value* min_available = ValueAt(*pdb, {"spec", "minAvailable"});
  const boost::json::value* max_unavailable = ValueAt(*pdb, {"spec", "maxUnavailable"});
  if (max_unavailable != nullptr && !max_unavailable->is_null()) {
    auto scale = ExpectedScale(pods, &unmanaged);
    if (!scale.ok()) {
      failure = scale.status().message();
    } else {
      expected = *scale;
      auto unavailable = ScaledValueFromIntOrPercent(max_unavailable, expected, true);
      if (!unavailable.ok()) failure = unavailable.status().message();
      desired = std::max<int64_t>(0, expected - (unavailable.ok() ? *unavailable : 0));
    }
  } else if (min_available != nullptr && min_available->is_string()) {
    auto scale = ExpectedScale(pods, &unmanaged);
    if (!scale.ok()) {
      failure = scale.status().message();
    } else {
      expected = *scale;
      auto min = ScaledValueFromIntOrPercent(min_available, expected, true);
      if (!min.ok()) failure = min.status().message();
      desired = min.ok() ? *min : 0;
    }
  } else {
    expected = static_cast<int64_t>(pods.size());
    desired = min_available ? api::validation::AsInt(min_available).value_or(0) : 0;
  }

  auto& recorder = ctx_.recorder("controllermanager");
  if (pods.empty()) recorder.Event(*pdb, "Normal", "NoPods", "No matching pods found");
  if (failure.empty() && !unmanaged.empty()) {
    // As upstream: counted without them rather than not at all.
    recorder.Event(
        *pdb, "Warning", "UnmanagedPods",
        "Pods selected by this PodDisruptionBudget (selector: " +
            api::validation::SelectorGoString(ObjAt(*pdb, {"spec", "selector"})) +
            ") were found to be unmanaged. As a result, the status of the PDB cannot be calculated "
            "correctly, which may result in undefined behavior. To account for these pods please "
            "set "
            "\".spec.minAvailable\" field of the PDB to an integer value.");
  }

  int64_t allowed = 0;
  if (failure.empty() && expected > 0 && healthy - desired > 0) allowed = healthy - desired;
  boost::json::object status;
  status["observedGeneration"] = generation;
  if (!disrupted.empty()) status["disruptedPods"] = disrupted;
  status["disruptionsAllowed"] = failure.empty() ? allowed : 0;
  status["currentHealthy"] = healthy;
  status["desiredHealthy"] = desired;
  status["expectedPods"] = expected;
  boost::json::array conditions;
  if (!failure.empty()) {
    conditions.push_back(Condition(false, "SyncFailed", failure, old_status, generation, now_text));
    recorder.Event(*pdb, "Warning", "CalculateExpectedPodCountFailed",
                   "Failed to calculate the number of expected pods: " + failure);
  } else if (allowed > 0) {
    conditions.push_back(Condition(true, "SufficientPods", "", old_status, generation, now_text));
  } else {
    conditions.push_back(Condition(false, "InsufficientPods", "", old_status, generation, now_text));
  }
  status["conditions"] = std::move(conditions);

  if (old_status == nullptr || *old_status != status) {
    boost::json::object next = *pdb;
    next["status"] = std::move(status);
    auto written = ctx_.client.Update(pdbs_, ns, next, "status");
    if (!written.ok()) return written.status();
  }
  if (recheck) queue_->AddAfter(key, *recheck - now);
  return Status::Ok();
}

std::unique_ptr<Controller> NewDisruptionController(ControllerContext& ctx) {
  return std::make_unique<DisruptionController>(ctx);
}

}  // namespace kubepp::controllers::disruption
