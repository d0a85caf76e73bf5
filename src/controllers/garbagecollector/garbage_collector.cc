// The garbage collector: informers on every collectable resource feed the
// OwnerGraph; a queue of uids drives Sync, which decides per object:
//   being deleted with "orphan"              -> orphan its dependents
//   being deleted with "foregroundDeletion"  -> delete its dependents, wait
//                                               for the blocking ones
//   has owners                               -> are they still there?
// Owners missing from the graph are looked up live before anything is
// deleted, so informer lag never deletes a dependent of a live owner.
#include <algorithm>
#include <set>

#include "api/resources/catalog.h"
#include "base/log.h"
#include "client/informer.h"
#include "client/workqueue.h"
#include "controllers/garbagecollector/garbagecollector.h"
#include "controllers/garbagecollector/owner_graph.h"
#include "controllers/key_workers.h"
#include "controllers/util/object_fields.h"

namespace kubepp::controllers {
namespace {

// Every resource whose objects may own or be owned: stored, at the group's
// preferred version, listable, watchable and deletable; one per stored
// collection; events excluded.
std::vector<client::Resource> CollectableResources() {
  std::vector<client::Resource> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& info : api::Catalog::Get().resources()) {
    if (info.virtual_resource || !info.preferred_version) continue;
    if (!info.HasVerb("list") || !info.HasVerb("watch") || !info.HasVerb("delete")) continue;
    if (info.resource == "events") continue;
    std::string storage = info.storage_resource.empty() ? info.resource : info.storage_resource;
    if (!seen.emplace(info.storage_group, storage).second) continue;
    out.push_back(client::Resource{info.group, info.version, info.resource, info.kind, info.namespaced});
  }
  return out;
}

// The resource an ownerReference names: its apiVersion's group and kind,
// served at that version or else at the group's preferred one.
std::optional<client::Resource> ResolveOwner(const OwnerRef& ref) {
  std::string group, version = ref.api_version;
  if (auto slash = ref.api_version.find('/'); slash != std::string::npos) {
    group = ref.api_version.substr(0, slash);
    version = ref.api_version.substr(slash + 1);
  }
  const auto& catalog = api::Catalog::Get();
  const api::ResourceInfo* info = catalog.FindKind(group, version, ref.kind);
  if (!info) info = catalog.FindKind(group, catalog.PreferredVersion(group), ref.kind);
  if (!info || info->virtual_resource) return std::nullopt;
  return client::Resource{info->group, info->version, info->resource, info->kind, info->namespaced};
}

bool IsDeleting(const boost::json::object& obj) { return util::HasDeletionTimestamp(obj); }

enum class OwnerState { kSolid, kDangling, kWaitingForDependents };

class GarbageCollector : public Controller {
 public:
  explicit GarbageCollector(ControllerContext& ctx)
      : client_(ctx.client),
        workers_count_(std::max(1, ctx.options.concurrent_syncs)),
        queue_(client::WorkQueue::Create("garbage_collector_attempt_to_delete", ctx.clock)),
        workers_("garbage-collector", *queue_, [this](const std::string& uid) { return Sync(uid); }) {
    for (const auto& r : CollectableResources()) {
      auto& inf = ctx.informers.For(r);
      informers_.push_back(&inf);
      // Handlers hold the graph and queue, never the collector itself.
      auto graph = graph_;
      auto queue = queue_;
      auto wake = [queue](const std::vector<std::string>& uids) {
        for (const auto& u : uids) queue->Add(u);
      };
      inf.AddEventHandler({
          .on_add = [graph, wake, r](const client::ObjectPtr& o) { wake(graph->Upsert(r, o)); },
          .on_update = [graph, wake, r](const client::ObjectPtr&, const client::ObjectPtr& o) {
            wake(graph->Upsert(r, o));
          },
          .on_delete = [graph, wake](const client::ObjectPtr& o) { wake(graph->Remove(o)); },
      });
    }
  }

  void Start() override { workers_.Start(workers_count_); }
  void Stop() override { workers_.Stop(); }

 private:
  Status Sync(const std::string& uid) {
    for (const auto* inf : informers_) {
      if (!inf->HasSynced()) return Status::Unavailable("garbage collector informers have not synced");
    }
    auto node = graph_->Node(uid);
    if (!node || !node->object) return Status::Ok();
    const auto& obj = *node->object;
    if (IsDeleting(obj)) {
      if (HasFinalizer(obj, kOrphanFinalizer)) return OrphanDependents(*node);
      if (HasFinalizer(obj, kForegroundFinalizer)) return DeleteDependentsInForeground(*node);
      return Status::Ok();
    }
    if (node->owners.empty()) return Status::Ok();
    return CheckOwners(*node);
  }

  // What became of one owner of `dependent`.
  StatusOr<OwnerState> StateOf(const GraphNode& dependent, const OwnerRef& ref) {
    auto owner = graph_->Node(ref.uid);
    client::ObjectPtr obj = owner ? owner->object : nullptr;
    if (!obj) {
      auto r = ResolveOwner(ref);
      if (!r) return OwnerState::kSolid;  // a kind we cannot look up: never delete on a guess
      std::string ns = r->namespaced ? std::string(client::NamespaceOf(*dependent.object)) : "";
      auto got = client_.Get(*r, ns, ref.name);
      if (!got.ok()) {
        if (got.status().IsNotFound()) return OwnerState::kDangling;
        return got.status();
      }
      obj = *got;
    }
    if (client::UidOf(*obj) != ref.uid) return OwnerState::kDangling;
    if (IsDeleting(*obj) && HasFinalizer(*obj, kForegroundFinalizer)) return OwnerState::kWaitingForDependents;
    return OwnerState::kSolid;
  }

  // `verified`: node.object and node.owners were just read from the server.
  Status CheckOwners(const GraphNode& node, bool verified = false) {
    std::vector<std::string> gone;  // dangling or waiting for this object to go
    bool any_solid = false, any_waiting = false;
    for (const auto& ref : node.owners) {
      auto state = StateOf(node, ref);
      if (!state.ok()) return state.status();
      if (*state == OwnerState::kSolid) {
        any_solid = true;
      } else {
        if (*state == OwnerState::kWaitingForDependents) any_waiting = true;
        gone.push_back(ref.uid);
      }
    }
    if (gone.empty()) return Status::Ok();
    if (!verified) {
      // The graph may be behind the object (its references already changed,
      // say by an orphaning): decide again on what the server holds now.
      const auto& obj = *node.object;
      auto latest = client_.Get(node.resource, client::NamespaceOf(obj), client::NameOf(obj));
      if (!latest.ok()) return latest.status().IsNotFound() ? Status::Ok() : latest.status();
      if (client::UidOf(**latest) != client::UidOf(obj) || IsDeleting(**latest)) return Status::Ok();
      GraphNode fresh = node;
      fresh.object = *latest;
      fresh.owners = OwnerRefsOf(**latest);
      return CheckOwners(fresh, /*verified=*/true);
    }
    if (any_solid) return RemoveOwnerRefs(node, gone);
    // Every owner is gone or waiting for its dependents: this object goes.
    // Its own dependents go first when an owner waits in the foreground.
    std::string policy = "Background";
    if (HasFinalizer(*node.object, kOrphanFinalizer)) policy = "Orphan";
    if (HasFinalizer(*node.object, kForegroundFinalizer)) policy = "Foreground";
    if (any_waiting && node.dependent_count != 0) policy = "Foreground";
    return DeleteObject(node, policy);
  }

  Status DeleteObject(const GraphNode& node, const std::string& policy) {
    client::DeleteOptions options;
    options.propagation_policy = policy;
    options.precondition_uid = std::string(client::UidOf(*node.object));
    const auto& obj = *node.object;
    VLOG(2) << "garbage-collector: deleting " << node.resource.resource << " " << client::KeyOf(obj)
            << " (propagation " << policy << ")";
    auto deleted = client_.Delete(node.resource, client::NamespaceOf(obj), client::NameOf(obj), options);
    if (deleted.ok() || deleted.status().IsNotFound()) return Status::Ok();
    // A uid precondition failing means a new object took the name: not ours to delete.
    if (deleted.status().IsConflict()) return Status::Ok();
    return deleted.status();
  }

  // Rewrites the live object without the ownerReferences to `uids`.
  Status RemoveOwnerRefs(const GraphNode& node, const std::vector<std::string>& uids) {
    const auto& obj = *node.object;
    auto got = client_.Get(node.resource, client::NamespaceOf(obj), client::NameOf(obj));
    if (!got.ok()) return got.status().IsNotFound() ? Status::Ok() : got.status();
    if (client::UidOf(**got) != client::UidOf(obj)) return Status::Ok();
    boost::json::object next = **got;
    auto& meta = util::MutableObject(next, "metadata");
    auto* refs = meta.if_contains("ownerReferences");
    if (!refs || !refs->is_array()) return Status::Ok();
    boost::json::array kept;
    for (const auto& ref : refs->get_array()) {
      const auto* o = ref.if_object();
      std::string_view uid = o ? util::StringAt(*o, {"uid"}) : std::string_view{};
      if (std::find(uids.begin(), uids.end(), uid) == uids.end()) kept.push_back(ref);
    }
    if (kept.size() == refs->get_array().size()) return Status::Ok();
    if (kept.empty()) {
      meta.erase("ownerReferences");
    } else {
      *refs = std::move(kept);
    }
    auto updated = client_.Update(node.resource, client::NamespaceOf(obj), next);
    if (updated.ok() || updated.status().IsNotFound()) return Status::Ok();
    return updated.status();
  }

  Status RemoveFinalizer(const GraphNode& node, std::string_view finalizer) {
    const auto& obj = *node.object;
    auto got = client_.Get(node.resource, client::NamespaceOf(obj), client::NameOf(obj));
    if (!got.ok()) return got.status().IsNotFound() ? Status::Ok() : got.status();
    if (client::UidOf(**got) != client::UidOf(obj) || !HasFinalizer(**got, finalizer)) return Status::Ok();
    boost::json::object next = **got;
    auto& meta = util::MutableObject(next, "metadata");
    boost::json::array kept;
    for (const auto& f : meta["finalizers"].as_array()) {
      if (!(f.is_string() && f.get_string() == finalizer)) kept.push_back(f);
    }
    meta["finalizers"] = std::move(kept);
    auto updated = client_.Update(node.resource, client::NamespaceOf(obj), next);
    if (updated.ok() || updated.status().IsNotFound()) return Status::Ok();
    return updated.status();
  }

  Status OrphanDependents(const GraphNode& owner) {
    std::string uid(client::UidOf(*owner.object));
    for (const auto& dep : graph_->Dependents(uid)) {
      KUBEPP_RETURN_IF_ERROR(RemoveOwnerRefs(dep, {uid}));
    }
    return RemoveFinalizer(owner, kOrphanFinalizer);
  }

  Status DeleteDependentsInForeground(const GraphNode& owner) {
    std::string uid(client::UidOf(*owner.object));
    auto deps = graph_->Dependents(uid);
    auto blocks = [&](const GraphNode& dep) {
      return std::any_of(dep.owners.begin(), dep.owners.end(),
                         [&](const OwnerRef& r) { return r.uid == uid && r.block_owner_deletion; });
    };
    // Blocking dependents first: they are what the owner waits for.
    std::stable_partition(deps.begin(), deps.end(), blocks);
    bool blocked = false;
    for (const auto& dep : deps) {
      const bool blocking = blocks(dep);
      blocked = blocked || blocking;
      if (IsDeleting(*dep.object)) continue;
      // This owner now waits for the dependent: CheckOwners deletes it (its
      // own dependents first when it has any), or, when another owner is
      // alive, removes only the reference to this one.
      KUBEPP_RETURN_IF_ERROR(CheckOwners(dep));
    }
    if (blocked) return Status::Ok();  // woken again as each blocking dependent goes
    return RemoveFinalizer(owner, kForegroundFinalizer);
  }

  // Constant after construction.
  client::ApiClient& client_;
  int workers_count_;
  std::vector<client::Informer*> informers_;
  std::shared_ptr<OwnerGraph> graph_ = std::make_shared<OwnerGraph>();
  std::shared_ptr<client::WorkQueue> queue_;
  KeyWorkers workers_;
};

}  // namespace

ControllerRegistration MakeGarbageCollectorRegistration() {
  return {.name = "garbagecollector",
          .enabled_by_default = true,
          .create = [](ControllerContext& ctx) -> std::unique_ptr<Controller> {
            return std::make_unique<GarbageCollector>(ctx);
          }};
}

}  // namespace kubepp::controllers
