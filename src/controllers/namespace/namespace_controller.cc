// The namespace controller: one key per namespace, synced when the namespace
// changes and again after the estimate of a pass that left content behind
// (content deletions themselves do not wake it, as upstream).
#include <algorithm>

#include <boost/json/serialize.hpp>

#include "base/log.h"
#include "client/informer.h"
#include "client/workqueue.h"
#include "controllers/key_workers.h"
#include "controllers/namespace/content_deleter.h"
#include "controllers/namespace/deletion_conditions.h"
#include "controllers/namespace/namespace.h"
#include "controllers/util/object_fields.h"

namespace kubepp::controllers {
namespace {

constexpr std::string_view kFinalizerToken = "kubernetes";

const client::Resource& NamespacesResource() {
  static const client::Resource r = client::Resource::Of("", "namespaces");
  return r;
}

bool HasFinalizerToken(const boost::json::object& ns) {
  const auto* f = util::ArrayAt(ns, {"spec", "finalizers"});
  if (!f) return false;
  return std::any_of(f->begin(), f->end(), [](const auto& v) { return v.is_string() && v.get_string() == kFinalizerToken; });
}

class NamespaceController : public Controller {
 public:
  explicit NamespaceController(ControllerContext& ctx)
      : client_(ctx.client),
        clock_(ctx.clock),
        namespaces_(ctx.informers.For(NamespacesResource())),
        workers_count_(std::max(1, ctx.options.concurrent_syncs)),
        resources_(DeletableNamespacedResources()),
        queue_(client::WorkQueue::Create("namespace", ctx.clock)),
        workers_("namespace", *queue_, [this](const std::string& key) { return Sync(key); }) {
    auto queue = queue_;
    auto enqueue_deleting = [queue](const client::ObjectPtr& o) {
      if (util::HasDeletionTimestamp(*o)) queue->Add(std::string(client::NameOf(*o)));
    };
    namespaces_.AddEventHandler({
        .on_add = enqueue_deleting,
        .on_update = [enqueue_deleting](const client::ObjectPtr&, const client::ObjectPtr& o) { enqueue_deleting(o); },
        .on_delete = nullptr,
    });
  }

  void Start() override { workers_.Start(workers_count_); }
  void Stop() override { workers_.Stop(); }

 private:

  Status Sync(const std::string& name) {
    if (!namespaces_.HasSynced()) return Status::Unavailable("namespace informer has not synced");
    auto got = client_.Get(NamespacesResource(), "", name);
    if (!got.ok()) return got.status().IsNotFound() ? Status::Ok() : got.status();
    boost::json::object ns = **got;
    if (!util::HasDeletionTimestamp(ns)) return Status::Ok();

    if (util::StringAt(ns, {"status", "phase"}) != "Terminating") {
      util::MutableObject(ns, "status")["phase"] = "Terminating";
      auto updated = client_.Update(NamespacesResource(), "", ns, "status");
      if (!updated.ok()) return updated.status().IsNotFound() ? Status::Ok() : updated.status();
      ns = **updated;
    }
    if (!HasFinalizerToken(ns)) return Status::Ok();

    DeletionOutcome outcome;
    outcome.totals = DeleteNamespaceContent(client_, resources_, name);
    if (UpdateDeletionConditions(ns, outcome, clock_.Now())) {
      auto updated = client_.Update(NamespacesResource(), "", ns, "status");
      if (!updated.ok()) {
        if (updated.status().IsNotFound()) return Status::Ok();
        // A conflict means the namespace moved on; the next pass rewrites the conditions.
        if (!updated.status().IsConflict()) return updated.status();
      } else {
        ns = **updated;
      }
    }
    if (!outcome.totals.delete_errors.empty()) {
      return Status::Internal("namespace " + name + ": content deletion failed");
    }
    if (outcome.totals.Remaining() > 0) {
      // Check again around the time the content should be gone (upstream waits half the estimate).
      queue_->AddAfter(name, std::chrono::seconds(outcome.totals.estimate_seconds / 2 + 1));
      VLOG(4) << "namespace " << name << ": " << outcome.totals.Remaining() << " objects remain";
      return Status::Ok();
    }
    return Finalize(std::move(ns));
  }

  Status Finalize(boost::json::object ns) {
    auto& spec = util::MutableObject(ns, "spec");
    boost::json::array kept;
    if (const auto* f = spec.if_contains("finalizers"); f && f->is_array()) {
      for (const auto& v : f->get_array()) {
        if (!(v.is_string() && v.get_string() == kFinalizerToken)) kept.push_back(v);
      }
    }
    spec["finalizers"] = std::move(kept);
    auto done = client_.Update(NamespacesResource(), "", ns, "finalize");
    if (done.ok() || done.status().IsNotFound()) return Status::Ok();
    return done.status();
  }

  // Constant after construction.
  client::ApiClient& client_;
  Clock& clock_;
  client::Informer& namespaces_;
  int workers_count_;
  const std::vector<client::Resource> resources_;
  std::shared_ptr<client::WorkQueue> queue_;
  KeyWorkers workers_;
};

}  // namespace

ControllerRegistration MakeNamespaceRegistration() {
  return {.name = "namespace",
          .enabled_by_default = true,
          .create = [](ControllerContext& ctx) -> std::unique_ptr<Controller> {
            return std::make_unique<NamespaceController>(ctx);
          }};
}

}  // namespace kubepp::controllers
