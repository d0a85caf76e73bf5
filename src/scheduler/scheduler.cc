#include "scheduler/scheduler.h"

#include <algorithm>
#include <atomic>
#include <boost/json/serialize.hpp>
#include <sstream>
#include <thread>

#include "api/protobuf/well_known.h"
#include "base/log.h"
#include "client/object.h"
#include "scheduler/framework/json_read.h"
#include "scheduler/framework/resources.h"
#include "scheduler/plugins/registry.h"

namespace kubepp::scheduler {

using framework::ClusterEvent;
using framework::Code;
using framework::EventResource;
using framework::NodeInfo;
using framework::PluginStatus;
using framework::PodInfo;
using framework::PodInfoPtr;

namespace {

bool Terminal(const PodInfo& p) { return p.phase == "Succeeded" || p.phase == "Failed"; }

// Filtering a node reads its NodeInfo and NodeSpec, which for thousands of
// nodes lie far apart in memory and are rarely in cache: a cycle's first
// filter used to wait on them for a fifth of the scheduler's time. Fetching
// the nodes a few steps ahead overlaps those misses with the filters of the
// node at hand.
void Prefetch(const void* object, size_t bytes) {
  const char* p = static_cast<const char*>(object);
  for (size_t off = 0; off < bytes; off += 64) __builtin_prefetch(p + off);
}
// Filtering walks nodes whose data is rarely cached. Each step fetches ahead
// in stages, each reading only what an earlier stage fetched: the NodeInfo
// of the node kInfoAhead on, the NodeSpec of the one kSpecAhead on (through
// its NodeInfo, fetched by then), the taints of the one kTaintsAhead on.
constexpr size_t kPrefetchInfoAhead = 12;
constexpr size_t kPrefetchSpecAhead = 8;
constexpr size_t kPrefetchTaintsAhead = 4;

}  // namespace

Scheduler::Scheduler(client::ApiClient& client, client::EventRecorders& recorders, Clock& clock,
                     SchedulerOptions options)
    : client_(client), recorders_(recorders), clock_(clock), options_(std::move(options)) {}

StatusOr<std::unique_ptr<Scheduler>> Scheduler::Create(client::ApiClient& client, client::InformerFactory& informers,
                                                       client::EventRecorders& recorders, Clock& clock,
                                                       SchedulerOptions options) {
  if (options.profiles.empty()) options.profiles.push_back(plugins::DefaultProfile());
  std::unique_ptr<Scheduler> s(new Scheduler(client, recorders, clock, std::move(options)));
  s->pods_ = &informers.For(framework::PodsResource());
  s->nodes_ = &informers.For(framework::NodesResource());
  s->pdbs_ = &informers.For(framework::PdbResource());
  s->priority_classes_ = &informers.For(framework::PriorityClassResource());
  s->namespaces_ = &informers.For(framework::NamespacesResource());
  s->pvcs_ = &informers.For(framework::PvcResource());
  s->pvs_ = &informers.For(framework::PvResource());
  s->storage_classes_ = &informers.For(framework::StorageClassResource());
  client::Informer* classes = s->priority_classes_;
  s->priority_of_ = [classes](std::string_view name) -> std::optional<int32_t> {
    client::ObjectPtr pc = classes->Get(name);
    if (pc == nullptr) return std::nullopt;
    return static_cast<int32_t>(framework::IntAt(pc.get(), "value"));
  };
  framework::Registry registry = RegistryFor(s->options_);
  for (const framework::ProfileConfig& p : s->options_.profiles) {
    framework::Handle h;
    h.client = &client;
    h.clock = &clock;
    client::Informer* pdbs = s->pdbs_;
    h.list_pdbs = [pdbs] { return pdbs->List(); };
    h.recorder = &recorders.For(p.scheduler_name);
    h.waiting_pods = &s->waiting_pods_;
    client::Informer* pvcs = s->pvcs_;
    client::Informer* pvs = s->pvs_;
    client::Informer* storage_classes = s->storage_classes_;
    h.get_pvc = [pvcs](std::string_view ns, std::string_view name) { return pvcs->Get(ns, name); };
    h.get_pv = [pvs](std::string_view name) { return pvs->Get(name); };
    h.get_storage_class = [storage_classes](std::string_view name) {
      return storage_classes->Get(name);
    };
    StatusOr<std::unique_ptr<framework::Framework>> fw = framework::Framework::Create(registry, p, std::move(h));
    if (!fw.ok()) return ProfileError(p, fw.status());
    s->frameworks_.push_back(std::move(*fw));
  }
  s->cache_ = std::make_unique<cache::Cache>(clock, s->options_.assumed_pod_ttl);
  queue::QueueHooks hooks;
  const framework::Framework* first = s->frameworks_.front().get();
  hooks.less = [first](const queue::QueuedPodInfo& a, const queue::QueuedPodInfo& b) {
    return first->QueueSortLess(*a.pod, a.timestamp, *b.pod, b.timestamp);
  };
  Scheduler* self = s.get();
  hooks.pre_enqueue = [self](const PodInfo& pod) {
    const framework::Framework* fw = self->FrameworkFor(pod);
    return fw ? fw->RunPreEnqueuePlugins(pod) : PluginStatus();
  };
  hooks.worth_requeue = [self](const queue::QueuedPodInfo& p, const ClusterEvent& e) { return self->WorthRequeue(p, e); };
  s->queue_ = std::make_unique<queue::SchedulingQueue>(clock, std::move(hooks), s->options_.queue);
  s->AddHandlers();
  return s;
}

Scheduler::~Scheduler() { Stop(); }

framework::Registry Scheduler::RegistryFor(const SchedulerOptions& options) {
  framework::Registry registry = plugins::InTreeRegistry();
  for (const auto& extra : options.out_of_tree_plugins.factories) registry.factories.push_back(extra);
  return registry;
}

Status Scheduler::ProfileError(const framework::ProfileConfig& profile, const Status& status) {
  return Status::Invalid("initializing profiles: creating profile for scheduler name " + profile.scheduler_name +
                         ": " + status.message());
}

Status Scheduler::CheckProfiles(const SchedulerOptions& options) {
  framework::Registry registry = RegistryFor(options);
  std::vector<framework::ProfileConfig> profiles = options.profiles;
  if (profiles.empty()) profiles.push_back(plugins::DefaultProfile());
  for (const framework::ProfileConfig& p : profiles) {
    // Plugins only keep their handle when built: an empty one will do.
    StatusOr<std::unique_ptr<framework::Framework>> fw = framework::Framework::Create(registry, p, framework::Handle{});
    if (!fw.ok()) return ProfileError(p, fw.status());
  }
  return Status::Ok();
}

const framework::Framework* Scheduler::FrameworkFor(const PodInfo& pod) const {
  for (const auto& fw : frameworks_) {
    if (fw->scheduler_name() == pod.scheduler_name) return fw.get();
  }
  return nullptr;
}

bool Scheduler::WorthRequeue(const queue::QueuedPodInfo& pod, const ClusterEvent& event) const {
  if (pod.unschedulable_plugins.empty()) return true;
  const framework::Framework* fw = FrameworkFor(*pod.pod);
  if (fw == nullptr) return false;
  for (const std::string& plugin : pod.unschedulable_plugins) {
    auto it = fw->events_to_register().find(plugin);
    if (it == fw->events_to_register().end()) return true;  // unknown: be safe
    for (const ClusterEvent& registered : it->second) {
      if (registered.Matches(event)) return true;
    }
  }
  return false;
}

// ---- informer handlers: parse once, update the cache and the queue ----

void Scheduler::AddHandlers() {
  client::EventHandler pods;
  pods.on_add = [this](const client::ObjectPtr& o) { OnPodAdd(o); };
  pods.on_update = [this](const client::ObjectPtr& a, const client::ObjectPtr& b) { OnPodUpdate(a, b); };
  pods.on_delete = [this](const client::ObjectPtr& o) { OnPodDelete(o); };
  pods_->AddEventHandler(std::move(pods));
  client::EventHandler nodes;
  nodes.on_add = [this](const client::ObjectPtr& o) { OnNodeAdd(o); };
  nodes.on_update = [this](const client::ObjectPtr& a, const client::ObjectPtr& b) { OnNodeUpdate(a, b); };
  nodes.on_delete = [this](const client::ObjectPtr& o) { OnNodeDelete(o); };
  nodes_->AddEventHandler(std::move(nodes));
  client::EventHandler namespaces;
  namespaces.on_add = [this](const client::ObjectPtr& o) { OnNamespaceChange(o); };
  namespaces.on_update = [this](const client::ObjectPtr&, const client::ObjectPtr& o) { OnNamespaceChange(o); };
  namespaces.on_delete = [this](const client::ObjectPtr& o) { cache_->RemoveNamespace(std::string(client::NameOf(*o))); };
  namespaces_->AddEventHandler(std::move(namespaces));
  // Claims, volumes and classes only matter to pods VolumeBinding rejected: a claim bound, a
  // volume made, a class created.
  auto storage = [this](client::Informer* informer, EventResource resource, const char* label) {
    client::EventHandler h;
    h.on_add = [this, resource, label](const client::ObjectPtr&) {
      queue_->MoveAllToActiveOrBackoffQueue({resource, framework::kAdd, label});
    };
    h.on_update = [this, resource, label](const client::ObjectPtr&, const client::ObjectPtr&) {
      queue_->MoveAllToActiveOrBackoffQueue({resource, framework::kUpdate, label});
    };
    informer->AddEventHandler(std::move(h));
  };
  storage(pvcs_, EventResource::kPersistentVolumeClaim, "PersistentVolumeClaimChange");
  storage(pvs_, EventResource::kPersistentVolume, "PersistentVolumeChange");
  storage(storage_classes_, EventResource::kStorageClass, "StorageClassChange");
}

void Scheduler::OnNamespaceChange(const client::ObjectPtr& obj) {
  std::string name(client::NameOf(*obj));
  api::Labels labels = framework::LabelsFrom(framework::ObjectAt(framework::ObjectAt(obj.get(), "metadata"), "labels"));
  // Pods whose namespaceSelector terms failed may now select (or stop selecting) this namespace.
  if (cache_->SetNamespace(name, std::move(labels))) {
    queue_->MoveAllToActiveOrBackoffQueue(
        {EventResource::kNamespace, framework::kAdd | framework::kUpdateNamespaceLabel, "NamespaceChange"});
  }
}

void Scheduler::OnPodAdd(const client::ObjectPtr& obj) {
  PodInfoPtr pod = Parse(obj);
  if (!pod->node_name.empty()) {
    if (Terminal(*pod)) return;
    cache_->AddPod(pod);
    queue_->MoveAllToActiveOrBackoffQueue({EventResource::kAssignedPod, framework::kAdd, "AssignedPodAdd"});
    return;
  }
  if (pod->terminating || Terminal(*pod) || FrameworkFor(*pod) == nullptr) return;
  if (!pod->nominated_node_name.empty()) SetNominated(pod, pod->nominated_node_name);
  queue_->Add(std::move(pod));
}

void Scheduler::OnPodUpdate(const client::ObjectPtr& old_obj, const client::ObjectPtr& new_obj) {
  PodInfoPtr pod = Parse(new_obj);
  if (!pod->node_name.empty()) {
    bool was_assigned = !framework::StringAt(framework::ObjectAt(old_obj.get(), "spec"), "nodeName").empty();
    if (!was_assigned) {
      queue_->Delete(pod->key);  // bound: no longer pending
      ClearNominated(pod->key);
    }
    if (Terminal(*pod)) {
      // A finished pod frees its node's resources.
      cache_->RemovePod(pod->key);
      queue_->MoveAllToActiveOrBackoffQueue({EventResource::kAssignedPod, framework::kDelete, "AssignedPodDelete"});
      return;
    }
    PodInfoPtr old_info = was_assigned ? cache_->GetPod(pod->key) : nullptr;
    cache_->UpdatePod(pod);
    if (old_info) {
      uint32_t actions = 0;
      if (old_info->labels != pod->labels) actions |= framework::kUpdatePodLabel;
      if (pod->requests.milli_cpu < old_info->requests.milli_cpu || pod->requests.memory < old_info->requests.memory) {
        actions |= framework::kUpdatePodScaleDown;
      }
      if (actions != 0) queue_->MoveAllToActiveOrBackoffQueue({EventResource::kAssignedPod, actions, "AssignedPodUpdate"});
    }
    return;
  }
  if (pod->terminating || Terminal(*pod)) {
    queue_->Delete(pod->key);
    ClearNominated(pod->key);
    return;
  }
  if (pod->nominated_node_name.empty()) {
    ClearNominated(pod->key);
  } else {
    SetNominated(pod, pod->nominated_node_name);
  }
  if (FrameworkFor(*pod) != nullptr) queue_->Update(std::move(pod));
}

void Scheduler::OnPodDelete(const client::ObjectPtr& obj) {
  std::string key = client::KeyOf(*obj);
  if (!framework::StringAt(framework::ObjectAt(obj.get(), "spec"), "nodeName").empty()) {
    cache_->RemovePod(key);
    queue_->MoveAllToActiveOrBackoffQueue({EventResource::kAssignedPod, framework::kDelete, "AssignedPodDelete"});
    return;
  }
  queue_->Delete(key);
  ClearNominated(key);
  // A pod deleted while held at Permit gives its node's room back at once.
  std::string uid(framework::StringAt(framework::ObjectAt(obj.get(), "metadata"), "uid"));
  if (auto waiting = waiting_pods_.Get(uid)) {
    waiting->Reject("", "removed");
    queue_->MoveAllToActiveOrBackoffQueue({EventResource::kAssignedPod, framework::kDelete, "AssignedPodDelete"});
  }
}

void Scheduler::SetNominated(const PodInfoPtr& pod, const std::string& node) {
  std::lock_guard lock(nominated_mu_);
  auto old = nominated_node_of_.find(pod->key);
  if (old != nominated_node_of_.end()) {
    auto& list = nominated_[old->second];
    std::erase_if(list, [&](const PodInfoPtr& p) { return p->key == pod->key; });
    if (list.empty()) nominated_.erase(old->second);
  }
  nominated_node_of_[pod->key] = node;
  nominated_[node].push_back(pod);
}

void Scheduler::ClearNominated(const std::string& pod_key) {
  std::lock_guard lock(nominated_mu_);
  auto old = nominated_node_of_.find(pod_key);
  if (old == nominated_node_of_.end()) return;
  auto& list = nominated_[old->second];
  std::erase_if(list, [&](const PodInfoPtr& p) { return p->key == pod_key; });
  if (list.empty()) nominated_.erase(old->second);
  nominated_node_of_.erase(old);
}

PluginStatus Scheduler::FilterWithNominated(const framework::Framework& fw, const framework::CycleState& state,
                                            const PodInfo& pod, const NodeInfo& node) const {
  if (!cycle_nominated_.empty()) {
    auto it = cycle_nominated_.find(node.name());
    if (it != cycle_nominated_.end()) {
      std::vector<PodInfoPtr> add;
      for (const PodInfoPtr& p : it->second) {
        if (p->key != pod.key && p->priority >= pod.priority) add.push_back(p);
      }
      if (!add.empty()) {
        // As if the nominated pods already ran there.
        NodeInfo with = node;
        std::unique_ptr<framework::CycleState> st = state.Clone();
        for (const PodInfoPtr& p : add) {
          with.AddPod(p);
          PluginStatus s = fw.RunPreFilterExtensionAddPod(*st, pod, p, with);
          if (!s.ok()) return s;
        }
        return fw.RunFilterPlugins(*st, pod, with);
      }
    }
  }
  return fw.RunFilterPlugins(state, pod, node);
}

void Scheduler::OnNodeAdd(const client::ObjectPtr& obj) {
  cache_->AddNode(framework::ParseNode(obj));
  queue_->MoveAllToActiveOrBackoffQueue({EventResource::kNode, framework::kAdd, "NodeAdd"});
}

void Scheduler::OnNodeUpdate(const client::ObjectPtr& old_obj, const client::ObjectPtr& new_obj) {
  framework::NodeSpecPtr old_node = framework::ParseNode(old_obj);
  framework::NodeSpecPtr node = framework::ParseNode(new_obj);
  uint32_t actions = 0;
  if (!(old_node->allocatable == node->allocatable)) actions |= framework::kUpdateNodeAllocatable;
  if (old_node->labels != node->labels) actions |= framework::kUpdateNodeLabel;
  if (old_node->unschedulable != node->unschedulable) actions |= framework::kUpdateNodeUnschedulable;
  auto taints_differ = [&] {
    if (old_node->taints.size() != node->taints.size()) return true;
    for (size_t i = 0; i < node->taints.size(); ++i) {
      const auto& a = old_node->taints[i];
      const auto& b = node->taints[i];
      if (a.key != b.key || a.value != b.value || a.effect != b.effect) return true;
    }
    return false;
  };
  if (taints_differ()) actions |= framework::kUpdateNodeTaint;
  cache_->UpdateNode(std::move(node));
  if (actions != 0) queue_->MoveAllToActiveOrBackoffQueue({EventResource::kNode, actions, "NodeUpdate"});
}

void Scheduler::OnNodeDelete(const client::ObjectPtr& obj) {
  cache_->RemoveNode(std::string(client::NameOf(*obj)));
}

// ---- lifecycle ----

void Scheduler::Start() {
  if (started_.exchange(true)) return;
  // The informers are shared and started by the caller; wait for ours.
  while (!pods_->HasSynced() || !nodes_->HasSynced() || !priority_classes_->HasSynced() ||
         !namespaces_->HasSynced() || !pvcs_->HasSynced() || !pvs_->HasSynced() ||
         !storage_classes_->HasSynced()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // start-up only, never in the loop
  }
  // A synced informer may not have delivered every object to our handlers
  // yet; the first cycle must see them all, so take them from the listers
  // too (the handlers' later deliveries change nothing).
  for (const client::ObjectPtr& ns : namespaces_->List()) OnNamespaceChange(ns);
  for (const client::ObjectPtr& n : nodes_->List()) cache_->AddNode(framework::ParseNode(n));
  for (const client::ObjectPtr& p : pods_->List()) OnPodAdd(p);
  binder_ = std::make_unique<WorkerPool>(options_.bind_threads);
  // Upstream's parallelism counts goroutines, which run on at most as many threads as there are
  // cores; more threads than cores would only take turns.
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  parallelizer_ = std::make_unique<Parallelizer>(std::clamp(options_.parallelism, 1, cores));
  queue_->Run();
  loop_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  if (!started_.exchange(false)) return;
  stopping_.store(true);
  queue_->Close();
  if (loop_.joinable()) loop_.join();
  // Pods held at Permit give up their reservation so their threads end.
  waiting_pods_.Iterate([](framework::WaitingPod& wp) { wp.Reject("", "scheduler stopped"); });
  permit_waiters_.JoinAll();
  binder_->Stop();
}

void Scheduler::Loop() {
  while (std::unique_ptr<queue::QueuedPodInfo> qp = queue_->Pop()) {
    ScheduleOne(std::move(qp));
    cache_->CleanupExpiredAssumedPods();
  }
}

// ---- the scheduling cycle ----

void Scheduler::ScheduleOne(std::unique_ptr<queue::QueuedPodInfo> qp) {
  PodInfoPtr pod = qp->pod;
  const framework::Framework* fw = FrameworkFor(*pod);
  int64_t cycle = queue_->SchedulingCycle();
  // Deleted, or already bound or assumed (a stale queue entry): nothing to do.
  if (fw == nullptr || pod->terminating || cache_->GetPod(pod->key) != nullptr) {
    queue_->Done(pod->key);
    return;
  }
  VLOG(3) << "attempting to schedule pod " << pod->key;
  cache_->UpdateSnapshot(snapshot_);
  for (auto& f : frameworks_) f->SetSnapshot(&snapshot_);
  {
    std::lock_guard lock(nominated_mu_);
    if (!nominated_.empty() || !cycle_nominated_.empty()) cycle_nominated_ = nominated_;
  }
  auto state = std::make_unique<framework::CycleState>();
  framework::FitError fit_error;
  StatusOr<ScheduleResult> result = SchedulePod(*fw, *state, *pod, &fit_error);
  if (!result.ok()) {
    HandleFailure(std::move(qp), cycle, "SchedulerError", result.status().message(), "");
    return;
  }
  if (result->node.empty()) {
    // Fits nowhere: try to make room, then report.
    std::string nominated;
    if (fw->HasPostFilterPlugins() && fit_error.num_all_nodes > 0) {
      framework::PostFilterResult pf;
      PluginStatus s = fw->RunPostFilterPlugins(*state, *pod, fit_error.diagnosis.node_statuses, &pf);
      if (s.code() == Code::kError) {
        KLOG(ERROR) << "preemption for " << pod->key << " failed: " << s.Message();
      } else if (!s.ok()) {
        fit_error.diagnosis.post_filter_msg = s.Message();
      }
      nominated = pf.nominated_node_name;
      if (!nominated.empty()) SetNominated(pod, nominated);
    }
    qp->unschedulable_plugins = fit_error.diagnosis.unschedulable_plugins;
    // No node at all is upstream's ErrNoNodesAvailable, not a FitError.
    std::string msg = fit_error.num_all_nodes == 0 ? "no nodes available to schedule pods" : fit_error.Message();
    VLOG(2) << "unable to schedule pod " << pod->key << ": " << msg;
    HandleFailure(std::move(qp), cycle, "Unschedulable", msg, nominated);
    return;
  }
  const std::string node = result->node;
  PodInfoPtr assumed = framework::WithNodeName(*pod, node);
  if (Status st = cache_->AssumePod(assumed); !st.ok()) {
    HandleFailure(std::move(qp), cycle, "SchedulerError", st.message(), "");
    return;
  }
  PluginStatus s = fw->RunReservePluginsReserve(*state, *assumed, node);
  if (s.ok()) s = fw->RunPermitPlugins(*state, assumed, node);
  if (!s.ok() && !s.IsWait()) {
    fw->RunReservePluginsUnreserve(*state, *assumed, node);
    cache_->ForgetPod(pod->key);
    if (s.IsRejected()) qp->unschedulable_plugins = {s.plugin()};
    HandleFailure(std::move(qp), cycle, s.IsRejected() ? "Unschedulable" : "SchedulerError", OnOneNodeMessage(s), "");
    return;
  }
  // The binding cycle runs off the scheduling thread while the next pod is
  // scheduled: on the binder pool, or, for a pod held at Permit, on a thread
  // of its own, because a wait may last minutes and must not starve the
  // pool's binds.
  auto* q = qp.release();
  auto* st = state.release();
  auto binding = [this, fw, st, q, assumed, cycle] {
    BindingCycle(fw, std::unique_ptr<framework::CycleState>(st), std::unique_ptr<queue::QueuedPodInfo>(q), assumed,
                 cycle);
  };
  if (s.IsWait()) {
    StartPermitWaiter(std::move(binding));
  } else {
    binder_->Submit(std::move(binding));
  }
}

std::string Scheduler::OnOneNodeMessage(const PluginStatus& status) {
  if (!status.IsRejected()) return status.Message();
  // A Reserve or Permit rejection is a FitError over the one chosen node, as upstream words it.
  framework::FitError fit;
  fit.num_all_nodes = 1;
  fit.diagnosis.node_statuses.push_back({nullptr, status});
  return fit.Message();
}

void Scheduler::StartPermitWaiter(std::function<void()> binding) {
  permit_waiters_.Start(std::move(binding));
}

StatusOr<Scheduler::ScheduleResult> Scheduler::SchedulePod(const framework::Framework& fw,
                                                           framework::CycleState& state, const PodInfo& pod,
                                                           framework::FitError* fit_error) {
  const std::vector<NodeInfo*>& all = snapshot_.List();
  fit_error->num_all_nodes = static_cast<int>(all.size());
  if (all.empty()) {
    fit_error->diagnosis.pre_filter_msg = "";
    return ScheduleResult{};
  }
  framework::PreFilterResult pre;
  PluginStatus s = fw.RunPreFilterPlugins(state, pod, &pre);
  if (!s.ok()) {
    if (!s.IsRejected()) return Status::Internal("running PreFilter plugin \"" + s.plugin() + "\": " + s.Message());
    // Rejected before any node was looked at: every node shares the verdict.
    fit_error->diagnosis.pre_filter_msg = s.Message();
    fit_error->diagnosis.unschedulable_plugins.insert(s.plugin());
    for (NodeInfo* n : all) fit_error->diagnosis.node_statuses.push_back({n, s});
    return ScheduleResult{};
  }
  std::vector<NodeInfo*> subset;
  const std::vector<NodeInfo*>* nodes = &all;
  if (!pre.all_nodes) {
    for (const std::string& name : pre.node_names) {
      if (const NodeInfo* n = snapshot_.Get(name)) subset.push_back(const_cast<NodeInfo*>(n));
    }
    nodes = &subset;
  }
  std::vector<const NodeInfo*> feasible = FindNodesThatFit(fw, state, pod, *nodes, &fit_error->diagnosis);
  if (feasible.empty()) {
    if (!pre.all_nodes) {
      // Nodes PreFilter excluded count as rejected by it, as upstream (of
      // the in-tree plugins only NodeAffinity narrows nodes).
      for (NodeInfo* n : all) {
        if (std::find(subset.begin(), subset.end(), n) == subset.end()) {
          fit_error->diagnosis.node_statuses.push_back(
              {n, PluginStatus(Code::kUnschedulableAndUnresolvable,
                               "node(s) didn't satisfy plugin(s) [NodeAffinity]")});
        }
      }
    }
    return ScheduleResult{};
  }
  ScheduleResult r;
  r.feasible = static_cast<int>(feasible.size());
  if (feasible.size() == 1 || !fw.HasScorePlugins()) {
    r.node = feasible.front()->name();
    return r;
  }
  s = fw.RunPreScorePlugins(state, pod, feasible);
  if (!s.ok()) return Status::Internal("running PreScore plugin \"" + s.plugin() + "\": " + s.Message());
  std::vector<framework::NodeScore> scores;
  std::vector<std::pair<std::string_view, std::vector<int64_t>>> per_plugin;
  bool verbose = log::VEnabled(10);
  s = fw.RunScorePlugins(state, pod, feasible, &scores, verbose ? &per_plugin : nullptr);
  if (!s.ok()) return Status::Internal("running Score plugin \"" + s.plugin() + "\": " + s.Message());
  if (verbose) {
    for (size_t i = 0; i < feasible.size(); ++i) {
      std::ostringstream line;
      for (const auto& [plugin, v] : per_plugin) line << " " << plugin << "=" << v[i];
      VLOG(10) << "pod " << pod.key << " node " << feasible[i]->name() << " score " << scores[i].total << ":"
               << line.str();
    }
  }
  r.node = SelectHost(scores);
  return r;
}

std::vector<const NodeInfo*> Scheduler::FindNodesThatFit(const framework::Framework& fw, framework::CycleState& state,
                                                         const PodInfo& pod, const std::vector<NodeInfo*>& nodes,
                                                         framework::Diagnosis* diagnosis) {
  std::vector<const NodeInfo*> feasible;
  size_t n = nodes.size();
  if (n == 0) return feasible;
  size_t want = static_cast<size_t>(
      framework::NumFeasibleNodesToFind(fw.config().percentage_of_nodes_to_score, static_cast<int>(n)));
  bool verbose = log::VEnabled(10);
  size_t start = next_start_node_index_ % n;

  // Nodes are claimed in chunks by every filter thread until enough are
  // feasible; results carry their position so the outcome does not depend
  // on which thread ran first. A verdict is 8 bytes; only a node that does
  // not fit keeps its status, beside it.
  struct Verdict {
    uint32_t index;
    int32_t failure;  // into the thread's failures, or -1: fits
  };
  struct Part {
    std::vector<Verdict> verdicts;
    std::vector<PluginStatus> failures;
  };
  constexpr size_t kChunk = 16;
  // Below this many nodes a second thread costs more than it saves.
  constexpr size_t kParallelThreshold = 256;
  int threads = n >= kParallelThreshold && parallelizer_ ? parallelizer_->threads() : 1;
  std::vector<Part> parts(threads);
  for (Part& p : parts) p.verdicts.reserve(std::min(n, want + kChunk));
  std::atomic<size_t> next{0};
  std::atomic<size_t> found{0};
  auto work = [&](int w) {
    Part& out = parts[w];
    while (found.load(std::memory_order_relaxed) < want) {
      size_t begin = next.fetch_add(kChunk, std::memory_order_relaxed);
      if (begin >= n) break;
      size_t end = std::min(n, begin + kChunk);
      for (size_t i = begin; i < end; ++i) {
        if (i + kPrefetchInfoAhead < n) {
          Prefetch(nodes[(start + i + kPrefetchInfoAhead) % n], sizeof(NodeInfo));
        }
        if (i + kPrefetchSpecAhead < n) {
          if (const framework::NodeSpec* spec = nodes[(start + i + kPrefetchSpecAhead) % n]->node()) {
            Prefetch(spec, sizeof(*spec));
          }
        }
        if (i + kPrefetchTaintsAhead < n) {
          const framework::NodeSpec* spec = nodes[(start + i + kPrefetchTaintsAhead) % n]->node();
          if (spec != nullptr && !spec->taints.empty()) __builtin_prefetch(spec->taints.data());
        }
        const NodeInfo* node = nodes[(start + i) % n];
        PluginStatus s = FilterWithNominated(fw, state, pod, *node);
        if (verbose) {
          VLOG(10) << "pod " << pod.key << " node " << node->name() << " filter: "
                   << (s.ok() ? std::string("fits") : s.plugin() + ": " + s.Message());
        }
        if (s.ok()) {
          found.fetch_add(1, std::memory_order_relaxed);
          out.verdicts.push_back({static_cast<uint32_t>(i), -1});
        } else {
          out.verdicts.push_back(
              {static_cast<uint32_t>(i), static_cast<int32_t>(out.failures.size())});
          out.failures.push_back(std::move(s));
        }
      }
    }
  };
  if (threads > 1) {
    parallelizer_->Run(work);
  } else {
    work(0);
  }
  // Each thread claimed its chunks in increasing order: merge by position.
  std::vector<size_t> at(parts.size(), 0);
  size_t processed = 0;
  feasible.reserve(std::min(want, n));
  while (feasible.size() < want) {
    int from = -1;
    for (size_t p = 0; p < parts.size(); ++p) {
      if (at[p] == parts[p].verdicts.size()) continue;
      if (from < 0 || parts[p].verdicts[at[p]].index < parts[from].verdicts[at[from]].index)
        from = static_cast<int>(p);
    }
    if (from < 0) break;
    const Verdict& v = parts[from].verdicts[at[from]++];
    const NodeInfo* node = nodes[(start + v.index) % n];
    processed = v.index + 1;
    if (v.failure < 0) {
      feasible.push_back(node);
    } else {
      PluginStatus& status = parts[from].failures[v.failure];
      if (status.IsRejected()) diagnosis->unschedulable_plugins.insert(status.plugin());
      diagnosis->node_statuses.push_back({node, std::move(status)});
    }
  }
  // The next cycle starts where this one stopped, so all nodes get their turn.
  next_start_node_index_ = (start + processed) % n;
  return feasible;
}

std::string Scheduler::SelectHost(const std::vector<framework::NodeScore>& scores) {
  // The best score wins; ties are broken uniformly at random (reservoir sampling), as upstream.
  size_t best = 0;
  int ties = 1;
  for (size_t i = 1; i < scores.size(); ++i) {
    if (scores[i].total > scores[best].total) {
      best = i;
      ties = 1;
    } else if (scores[i].total == scores[best].total) {
      ++ties;
      if (std::uniform_int_distribution<int>(0, ties - 1)(rng_) == 0) best = i;
    }
  }
  return scores[best].node->name();
}

// ---- the binding cycle (binder threads) ----

void Scheduler::BindingCycle(const framework::Framework* fw, std::unique_ptr<framework::CycleState> state,
                             std::unique_ptr<queue::QueuedPodInfo> qp, PodInfoPtr assumed, int64_t cycle) {
  const std::string& node = assumed->node_name;
  PluginStatus s = fw->WaitOnPermit(*assumed);
  if (s.ok()) s = fw->RunPreBindPlugins(*state, *assumed, node);
  if (s.ok()) s = fw->RunBindPlugins(*state, *assumed, node);
  if (!s.ok()) {
    fw->RunReservePluginsUnreserve(*state, *assumed, node);
    cache_->ForgetPod(assumed->key);
    if (stopping_.load()) {
      queue_->Done(assumed->key);
      return;
    }
    // The assumed pod's resources are free again.
    queue_->MoveAllToActiveOrBackoffQueue({EventResource::kAssignedPod, framework::kDelete, "AssignedPodDelete"});
    if (s.IsRejected()) {
      // Rejected while waiting at Permit (by a plugin, preemption or a timeout).
      qp->unschedulable_plugins = {s.plugin()};
      HandleFailure(std::move(qp), cycle, "Unschedulable", OnOneNodeMessage(s), "");
    } else {
      HandleFailure(std::move(qp), cycle, "SchedulerError", "binding rejected: " + s.Message(), "");
    }
    return;
  }
  cache_->FinishBinding(assumed->key);
  queue_->Done(assumed->key);
  ClearNominated(assumed->key);
  recorders_.For(assumed->scheduler_name).Event(*assumed->object, "Normal", "Scheduled",
                  "Successfully assigned " + assumed->key + " to " + node);
  fw->RunPostBindPlugins(*state, *assumed, node);
}

void Scheduler::HandleFailure(std::unique_ptr<queue::QueuedPodInfo> qp, int64_t cycle, const std::string& reason,
                              const std::string& message, const std::string& nominated_node) {
  PodInfoPtr pod = qp->pod;
  // Requeue unless the pod was deleted or bound meanwhile.
  client::ObjectPtr current = pods_->Get(pod->ns, pod->name);
  bool still_pending = current != nullptr &&
                       framework::StringAt(framework::ObjectAt(current.get(), "spec"), "nodeName").empty();
  if (still_pending) {
    queue_->AddUnschedulableIfNotPresent(std::move(qp), cycle);
  } else {
    queue_->Done(pod->key);
    return;
  }
  recorders_.For(pod->scheduler_name).Event(*current, "Warning", "FailedScheduling", message);
  // Patch status.conditions[PodScheduled] unless it already says this.
  const boost::json::object* status = framework::ObjectAt(current.get(), "status");
  bool same = framework::StringAt(status, "nominatedNodeName") == nominated_node;
  bool found = false;
  framework::ForEachObject(status, "conditions", [&](const boost::json::object& c) {
    if (framework::StringAt(&c, "type") != "PodScheduled") return;
    found = true;
    same = same && framework::StringAt(&c, "status") == "False" && framework::StringAt(&c, "reason") == reason &&
           framework::StringAt(&c, "message") == message;
  });
  if (found && same) return;
  boost::json::object cond{{"type", "PodScheduled"},
                           {"status", "False"},
                           {"reason", reason},
                           {"message", message},
                           {"lastProbeTime", nullptr},
                           {"lastTransitionTime",
                            api::protobuf::FormatRfc3339(
                                std::chrono::system_clock::to_time_t(clock_.Now()), 0, 0)}};
  boost::json::object st{{"conditions", boost::json::array{cond}}};
  if (!nominated_node.empty() || framework::Has(status, "nominatedNodeName")) {
    st["nominatedNodeName"] = nominated_node.empty() ? boost::json::value(nullptr) : boost::json::value(nominated_node);
  }
  std::string patch = boost::json::serialize(boost::json::object{{"status", st}});
  std::string ns = pod->ns, name = pod->name;
  binder_->Submit([this, ns, name, patch] {
    StatusOr<client::ObjectPtr> r = client_.Patch(framework::PodsResource(), ns, name, client::PatchType::kStrategicMerge,
                                                  patch, "status");
    if (!r.ok() && !r.status().IsNotFound()) {
      KLOG(WARNING) << "updating status of pod " << ns << "/" << name << ": " << r.status().ToString();
    }
  });
}

}  // namespace kubepp::scheduler
