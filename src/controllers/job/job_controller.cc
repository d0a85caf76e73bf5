#include "controllers/job/job_controller.h"

#include <algorithm>
#include <set>

#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"
#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_util.h"
#include "controllers/common/ranking.h"
#include "controllers/common/slow_start.h"
#include "controllers/job/job_util.h"
#include "controllers/job/pod_failure_policy.h"

namespace kubepp::controllers::job {

using namespace common;  // NOLINT
using client::ObjectPtr;

namespace {

constexpr std::string_view kComponent = "job-controller";
constexpr std::string_view kOrphanPrefix = "orphan-pod:";

// kubepp's resourceVersions are store revisions: numbers that only grow.
// Anything else parses as 0 and never counts as older.
uint64_t RevisionOf(const boost::json::object& obj) {
  uint64_t rev = 0;
  for (char c : client::ResourceVersionOf(obj)) {
    if (c < '0' || c > '9') return 0;
    rev = rev * 10 + static_cast<uint64_t>(c - '0');
  }
  return rev;
}

}  // namespace

// Informer handlers: they resolve which Job an event concerns, record what
// expectations observed, and enqueue its key.
class JobController::Handlers {
 public:
  explicit Handlers(JobController& c) : c_(c) {}

  ObjectPtr ResolveControllerRef(std::string_view ns, const boost::json::object* ref) const {
    if (ref == nullptr || Str(ref, "kind") != "Job") return nullptr;
    ObjectPtr job = c_.job_informer_.Get(ns, Str(ref, "name"));
    if (job == nullptr || client::UidOf(*job) != Str(ref, "uid")) return nullptr;
    return job;
  }

  void AddPod(const ObjectPtr& pod) {
    if (IsBeingDeleted(*pod)) {
      DeletePod(pod);
      return;
    }
    if (ObjectPtr job = ResolveControllerRef(client::NamespaceOf(*pod), GetControllerOf(*pod))) {
      std::string key = client::KeyOf(*job);
      c_.expectations_.CreationObserved(key);
      c_.queue_->Add(key);
      return;
    }
    MaybeOrphan(*pod);
    if (GetControllerOf(*pod) != nullptr) return;
    // An orphan: every Job whose selector matches may adopt it.
    for (const ObjectPtr& job : c_.job_informer_.ListNamespace(client::NamespaceOf(*pod))) {
      const boost::json::object* sel = ObjAt(*job, {"spec", "selector"});
      if (sel == nullptr) continue;
      auto parsed = api::LabelSelector::FromObject(*sel);
      if (parsed.ok() && !parsed->Empty() && parsed->Matches(ObjAt(*pod, {"metadata", "labels"}))) {
        c_.queue_->Add(client::KeyOf(*job));
      }
    }
  }

  void UpdatePod(const ObjectPtr& old_pod, const ObjectPtr& new_pod) {
    if (client::ResourceVersionOf(*old_pod) == client::ResourceVersionOf(*new_pod)) return;
    std::string_view ns = client::NamespaceOf(*new_pod);
    if (!HasTrackingFinalizer(*new_pod)) {
      if (ObjectPtr job = ResolveControllerRef(ns, GetControllerOf(*new_pod))) {
        c_.finalizer_removals_.Observed(client::KeyOf(*job), std::string(client::UidOf(*new_pod)));
      }
    }
    if (IsBeingDeleted(*new_pod) && !IsBeingDeleted(*old_pod)) {
      if (ObjectPtr job = ResolveControllerRef(ns, GetControllerOf(*new_pod))) {
        c_.expectations_.DeletionObserved(client::KeyOf(*job), client::KeyOf(*new_pod));
      }
    }
    const boost::json::object* old_ref = GetControllerOf(*old_pod);
    const boost::json::object* new_ref = GetControllerOf(*new_pod);
    if (old_ref != nullptr && (new_ref == nullptr || *old_ref != *new_ref)) {
      if (ObjectPtr job = ResolveControllerRef(ns, old_ref)) c_.queue_->Add(client::KeyOf(*job));
    }
    if (ObjectPtr job = ResolveControllerRef(ns, new_ref)) {
      c_.queue_->Add(client::KeyOf(*job));
      return;
    }
    MaybeOrphan(*new_pod);
    if (new_ref == nullptr) AddPod(new_pod);
  }

  void DeletePod(const ObjectPtr& pod) {
    ObjectPtr job = ResolveControllerRef(client::NamespaceOf(*pod), GetControllerOf(*pod));
    if (job == nullptr) {
      MaybeOrphan(*pod);
      return;
    }
    std::string key = client::KeyOf(*job);
    c_.expectations_.DeletionObserved(key, client::KeyOf(*pod));
    c_.finalizer_removals_.Observed(key, std::string(client::UidOf(*pod)));
    c_.queue_->Add(key);
  }

 private:
  // A pod still holding the tracking finalizer whose Job is gone: only we can release it.
  void MaybeOrphan(const boost::json::object& pod) {
    if (HasTrackingFinalizer(pod)) c_.queue_->Add(std::string(kOrphanPrefix) + client::KeyOf(pod));
  }

  JobController& c_;
};

JobController::JobController(ControllerContext& ctx)
    : ctx_(ctx),
      jobs_resource_(client::Resource::Of("batch", "jobs")),
      pods_resource_(client::Resource::Of("", "pods")),
      job_informer_(ctx.informers.For(jobs_resource_)),
      pod_informer_(ctx.informers.For(pods_resource_)),
      recorder_(ctx.recorder(kComponent)),
      pod_control_(ctx.client, recorder_),
      queue_(client::WorkQueue::Create(std::string(kComponent), ctx.clock)),
      expectations_(ctx.clock) {
  auto handlers = std::make_shared<Handlers>(*this);
  job_informer_.AddEventHandler(client::EventHandler{
      [this](const ObjectPtr& job) { queue_->Add(client::KeyOf(*job)); },
      [this](const ObjectPtr&, const ObjectPtr& job) { queue_->Add(client::KeyOf(*job)); },
      [this](const ObjectPtr& job) {
        std::string key = client::KeyOf(*job);
        expectations_.Delete(key);
        finalizer_removals_.Forget(key);
        {
          std::lock_guard lock(mu_);
          backoff_.erase(key);
          last_written_rv_.erase(key);
        }
        queue_->Add(key);
      }});
  pod_informer_.AddEventHandler(client::EventHandler{
      [handlers](const ObjectPtr& pod) { handlers->AddPod(pod); },
      [handlers](const ObjectPtr& o, const ObjectPtr& n) { handlers->UpdatePod(o, n); },
      [handlers](const ObjectPtr& pod) { handlers->DeletePod(pod); }});
}

JobController::~JobController() { Stop(); }

void JobController::Start() {
  if (workers_) return;
  workers_ = std::make_unique<KeyWorkers>(std::string(kComponent), *queue_,
                                          [this](const std::string& key) { return Sync(key); });
  workers_->Start(std::max(1, ctx_.options.concurrent_syncs));
}

void JobController::Stop() {
  if (workers_) workers_->Stop();
  queue_->ShutDown();
}

Status JobController::Sync(const std::string& key) {
  if (key.starts_with(kOrphanPrefix)) return SyncOrphanPod(key.substr(kOrphanPrefix.size()));
  auto [ns, name] = client::SplitKey(key);
  ObjectPtr job = job_informer_.Get(ns, name);
  if (job == nullptr) {
    VLOG(4) << "job " << key << " has been deleted";
    expectations_.Delete(key);
    finalizer_removals_.Forget(key);
    return Status::Ok();
  }
  // The watch event of our own write is on its way and enqueues the key again.
  if (OlderThanOurLastWrite(key, *job)) return Status::Ok();
  return SyncJob(key, job);
}

Status JobController::SyncOrphanPod(const std::string& pod_key) {
  ObjectPtr pod = pod_informer_.Get(pod_key);
  if (pod == nullptr || !HasTrackingFinalizer(*pod)) return Status::Ok();
  const boost::json::object* ref = GetControllerOf(*pod);
  if (ref != nullptr && Str(ref, "kind") == "Job") {
    ObjectPtr job = job_informer_.Get(client::NamespaceOf(*pod), Str(ref, "name"));
    // A live Job counts its own pods; only its absence makes the pod an orphan.
    if (job != nullptr && client::UidOf(*job) == Str(ref, "uid") && !IsJobFinished(*job)) return Status::Ok();
  }
  return RemoveTrackingFinalizer(*pod);
}

Status JobController::RemoveTrackingFinalizer(const boost::json::object& pod, const std::string& job_key) {
  std::string uid(client::UidOf(pod));
  if (!job_key.empty()) finalizer_removals_.Expect(job_key, uid);
  std::string patch = R"({"metadata":{"$deleteFromPrimitiveList/finalizers":[")" +
                      std::string(kJobTrackingFinalizer) + R"("],"uid":")" + std::string(client::UidOf(pod)) +
                      R"("}})";
  auto r = ctx_.client.Patch(pods_resource_, client::NamespaceOf(pod), client::NameOf(pod),
                             client::PatchType::kStrategicMerge, patch);
  if (!r.ok() && !r.status().IsNotFound()) {
    if (!job_key.empty()) finalizer_removals_.Observed(job_key, uid);
    return r.status();
  }
  return Status::Ok();
}

Status JobController::CreatePod(const boost::json::object& job, std::optional<int64_t> index,
                                const boost::json::object* annotations) {
  static const boost::json::object kEmpty;
  const boost::json::object* tmpl = ObjAt(job, {"spec", "template"});
  boost::json::object pod = PodFromTemplate(tmpl ? *tmpl : kEmpty, job, NewControllerRef(job, "batch/v1", "Job"));
  boost::json::object& meta = MutableObj(pod, "metadata");
  boost::json::value& fins = meta["finalizers"];
  if (!fins.is_array()) fins = boost::json::array();
  fins.get_array().push_back(boost::json::value(kJobTrackingFinalizer));
  std::string job_name(client::NameOf(job));
  if (index) {
    std::string idx = std::to_string(*index);
    MutableObj(meta, "annotations")[kCompletionIndexKey] = idx;
    MutableObj(meta, "labels")[kCompletionIndexKey] = idx;
    if (annotations != nullptr) {
      for (const auto& [k, v] : *annotations) MutableObj(meta, "annotations")[k] = v;
    }
    meta["generateName"] = job_name + "-" + idx + "-";
    boost::json::object& spec = MutableObj(pod, "spec");
    if (Str(&spec, "hostname").empty()) spec["hostname"] = job_name + "-" + idx;
    // Containers read their index from the label through the downward API.
    for (std::string_view list : {"initContainers", "containers"}) {
      boost::json::value* cs = spec.if_contains(list);
      if (cs == nullptr || !cs->is_array()) continue;
      for (auto& c : cs->get_array()) {
        if (!c.is_object()) continue;
        boost::json::value& env = c.get_object()["env"];
        if (!env.is_array()) env = boost::json::array();
        boost::json::object var;
        var["name"] = "JOB_COMPLETION_INDEX";
        var["valueFrom"] = {{"fieldRef", {{"fieldPath", "metadata.labels['" +
                                                            std::string(kCompletionIndexKey) + "']"}}}};
        env.get_array().push_back(std::move(var));
      }
    }
  }
  auto created = ctx_.client.Create(pods_resource_, client::NamespaceOf(job), pod);
  if (!created.ok()) {
    recorder_.Event(job, "Warning", "FailedCreate", "Error creating: " + created.status().message());
    return created.status();
  }
  recorder_.Event(job, "Normal", "SuccessfulCreate", "Created pod: " + std::string(client::NameOf(**created)));
  return Status::Ok();
}

StatusOr<ObjectPtr> JobController::UpdateStatus(const boost::json::object& job, const boost::json::object& status) {
  boost::json::object copy = job;
  copy["status"] = status;
  std::string ns(client::NamespaceOf(job));
  // No retry on a conflict: `status` was computed from this copy, and writing
  // it over a newer one could count pods twice or undo a condition. The sync
  // fails and runs again on the informer's newer copy.
  auto written = ctx_.client.Update(jobs_resource_, ns, copy, "status");
  if (written.ok()) {
    std::lock_guard lock(mu_);
    last_written_rv_[client::KeyOf(job)] = RevisionOf(**written);
  }
  return written;
}

bool JobController::OlderThanOurLastWrite(const std::string& key, const boost::json::object& job) {
  std::lock_guard lock(mu_);
  auto it = last_written_rv_.find(key);
  if (it == last_written_rv_.end()) return false;
  if (RevisionOf(job) >= it->second) {
    last_written_rv_.erase(it);
    return false;
  }
  return true;
}

std::unique_ptr<Controller> NewJobController(ControllerContext& ctx) { return std::make_unique<JobController>(ctx); }

}  // namespace kubepp::controllers::job
