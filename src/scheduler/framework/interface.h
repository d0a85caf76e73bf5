// The scheduling framework's extension points, one small interface each, as
// upstream's framework/interface.go. A plugin implements the ones it needs;
// a profile (framework.h) runs them in this order for each pod:
//
//   PreEnqueue -> (queue, ordered by QueueSort) -> PreFilter -> Filter per
//   node -> PostFilter when no node fits -> PreScore -> Score per node ->
//   NormalizeScore -> Reserve -> Permit -> [binding cycle, asynchronous]
//   PreBind -> Bind -> PostBind.
//
// Every call of one pod's scheduling cycle happens on the scheduling thread,
// except Filter and Score, which may run on several threads at once for
// different nodes: they must only read the CycleState and the snapshot.
// The binding cycle runs on a binder thread, concurrently with later
// scheduling cycles.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "client/api_client.h"
#include "client/event_recorder.h"
#include "scheduler/framework/cycle_state.h"
#include "scheduler/framework/node_info.h"
#include "scheduler/framework/plugin_status.h"
#include "scheduler/framework/pod_info.h"

namespace kubepp::scheduler::framework {

class Framework;
class WaitingPodsMap;

inline constexpr int64_t kMaxNodeScore = 100;
inline constexpr int64_t kMinNodeScore = 0;

// The cluster of one scheduling cycle: a consistent snapshot of the cache's
// nodes (with their pods) and of the namespaces' labels.
class NodeInfoLister {
 public:
  virtual ~NodeInfoLister() = default;
  virtual const std::vector<NodeInfo*>& List() const = 0;
  // Only nodes holding at least one pod with (anti-)affinity terms.
  virtual const std::vector<NodeInfo*>& HavePodsWithAffinity() const = 0;
  virtual const std::vector<NodeInfo*>& HavePodsWithRequiredAntiAffinity() const = 0;
  virtual const NodeInfo* Get(std::string_view node_name) const = 0;
  // How many nodes have this image (ImageLocality spreads by it).
  virtual int ImageNodeCount(std::string_view image) const = 0;
  // The labels of namespace `ns` (empty when it is unknown).
  virtual const api::Labels& NamespaceLabels(std::string_view ns) const = 0;
  // The names of the namespaces whose labels `selector` matches, sorted.
  virtual std::vector<std::string> NamespacesMatching(const api::LabelSelector& selector) const = 0;
};

// What plugins may use besides their arguments. Owned by the Framework.
struct Handle {
  const NodeInfoLister* snapshot = nullptr;  // the current cycle's snapshot
  client::ApiClient* client = nullptr;       // null in tests of pure plugins
  Clock* clock = nullptr;
  Framework* framework = nullptr;
  // policy/v1 PodDisruptionBudgets for preemption; empty when unset.
  std::function<std::vector<client::ObjectPtr>()> list_pdbs;
  // Events about pods other than the one being scheduled (Preempted); null in tests.
  client::EventRecorder* recorder = nullptr;
  // Pods held at Permit, shared by every profile of a scheduler; a Framework
  // built without one keeps its own.
  WaitingPodsMap* waiting_pods = nullptr;
  // The informers' PersistentVolumeClaims, PersistentVolumes and StorageClasses (VolumeBinding);
  // null ones (tests of other plugins) know of none.
  std::function<client::ObjectPtr(std::string_view ns, std::string_view name)> get_pvc;
  std::function<client::ObjectPtr(std::string_view name)> get_pv;
  std::function<client::ObjectPtr(std::string_view name)> get_storage_class;
};

// Cluster changes that may make a rejected pod schedulable. A plugin that
// rejected a pod names the events worth a retry; the queue moves the pod
// back only on those.
enum class EventResource {
  kPod,
  kAssignedPod,
  kNode,
  kPodDisruptionBudget,
  kNamespace,
  kPersistentVolumeClaim,
  kPersistentVolume,
  kStorageClass,
  kWildcard
};
enum ActionType : uint32_t {
  kAdd = 1 << 0,
  kDelete = 1 << 1,
  kUpdateNodeAllocatable = 1 << 2,
  kUpdateNodeLabel = 1 << 3,
  kUpdateNodeTaint = 1 << 4,
  kUpdateNodeCondition = 1 << 5,
  kUpdatePodLabel = 1 << 6,
  kUpdatePodScaleDown = 1 << 7,  // a pod's requests went down
  kUpdatePodOther = 1 << 8,
  kUpdateNodeUnschedulable = 1 << 9,
  kUpdatePodSchedulingGates = 1 << 10,
  kUpdatePodTolerations = 1 << 11,
  kUpdateNamespaceLabel = 1 << 12,
  kUpdate = kUpdateNodeAllocatable | kUpdateNodeLabel | kUpdateNodeTaint | kUpdateNodeCondition | kUpdatePodLabel |
            kUpdatePodScaleDown | kUpdatePodOther | kUpdateNodeUnschedulable | kUpdatePodSchedulingGates |
            kUpdatePodTolerations | kUpdateNamespaceLabel,
  kAll = kAdd | kDelete | kUpdate,
};

struct ClusterEvent {
  EventResource resource;
  uint32_t actions;
  std::string label;  // for logs: "NodeAdd", "AssignedPodDelete"
  bool Matches(const ClusterEvent& happened) const {
    return (resource == EventResource::kWildcard || resource == happened.resource) && (actions & happened.actions);
  }
};

class Plugin {
 public:
  virtual ~Plugin() = default;
  virtual std::string_view Name() const = 0;
};

// Events after which a pod this plugin rejected may fit.
class EnqueueExtensions {
 public:
  virtual ~EnqueueExtensions() = default;
  virtual std::vector<ClusterEvent> EventsToRegister() const = 0;
};

class PreEnqueuePlugin : public virtual Plugin {
 public:
  // Success lets the pod into the active queue; anything else parks it
  // until an update event calls PreEnqueue again.
  virtual PluginStatus PreEnqueue(const PodInfo& pod) = 0;
};

class QueueSortPlugin : public virtual Plugin {
 public:
  // Whether `a` is popped before `b`.
  virtual bool Less(const PodInfo& a, Clock::TimePoint a_queued, const PodInfo& b,
                    Clock::TimePoint b_queued) const = 0;
};

// PreFilter may narrow the nodes to consider (NodeName, NodeAffinity on
// metadata.name): empty `node_names` with `all_nodes` false means none.
struct PreFilterResult {
  bool all_nodes = true;
  std::vector<std::string> node_names;
  // Keeps only names present in both.
  void Merge(const PreFilterResult& other);
};

class PreFilterPlugin : public virtual Plugin {
 public:
  // Unschedulable* rejects the pod on every node; Skip disables this
  // plugin's Filter for the cycle.
  virtual PluginStatus PreFilter(CycleState& state, const PodInfo& pod, PreFilterResult* result) = 0;
  // Preemption asks how the state changes when `other` is added to or
  // removed from `node`. Plugins whose state ignores other pods keep these.
  virtual PluginStatus AddPod(CycleState& /*state*/, const PodInfo& /*pod*/, const PodInfoPtr& /*other*/,
                              const NodeInfo& /*node*/) {
    return {};
  }
  virtual PluginStatus RemovePod(CycleState& /*state*/, const PodInfo& /*pod*/, const PodInfoPtr& /*other*/,
                                 const NodeInfo& /*node*/) {
    return {};
  }
};

class FilterPlugin : public virtual Plugin {
 public:
  // Whether the pod may run on `node`. Unschedulable: it does not fit now
  // (preemption may help); UnschedulableAndUnresolvable: it never will.
  virtual PluginStatus Filter(const CycleState& state, const PodInfo& pod, const NodeInfo& node) const = 0;
};

// Nodes no filter accepted, with why, as FailedScheduling counts them.
struct NodeStatus {
  const NodeInfo* node;
  PluginStatus status;
};

struct PostFilterResult {
  std::string nominated_node_name;
};

class PostFilterPlugin : public virtual Plugin {
 public:
  // Runs when no node passed the filters. Success with a nominated node
  // means room is being made there (preemption); the pod is retried.
  virtual PluginStatus PostFilter(CycleState& state, const PodInfo& pod, const std::vector<NodeStatus>& failed,
                                  PostFilterResult* result) = 0;
};

class PreScorePlugin : public virtual Plugin {
 public:
  // Skip disables this plugin's Score for the cycle.
  virtual PluginStatus PreScore(CycleState& state, const PodInfo& pod, const std::vector<const NodeInfo*>& nodes) = 0;
};

class ScorePlugin : public virtual Plugin {
 public:
  // A score in [0, 100] once normalized; higher is better.
  virtual PluginStatus Score(const CycleState& state, const PodInfo& pod, const NodeInfo& node,
                             int64_t* score) const = 0;
  // Maps raw scores of every feasible node into [0, 100] (optional).
  virtual bool HasNormalizeScore() const { return false; }
  virtual PluginStatus NormalizeScore(const CycleState& /*state*/, const PodInfo& /*pod*/,
                                      std::vector<int64_t>& /*scores*/) const {
    return {};
  }
};

class ReservePlugin : public virtual Plugin {
 public:
  // Called once the pod is assumed on `node`; failure un-reserves and retries the pod.
  virtual PluginStatus Reserve(CycleState& state, const PodInfo& pod, const std::string& node) = 0;
  // Undoes Reserve when a later step fails. Must not fail.
  virtual void Unreserve(CycleState& state, const PodInfo& pod, const std::string& node) = 0;
};

class PermitPlugin : public virtual Plugin {
 public:
  // Success binds; Wait holds the pod (assumed on `node`) until the plugin
  // allows it through the framework's waiting pods, or `timeout` passes
  // (at most 15 minutes); Unschedulable* rejects; Error fails the cycle.
  virtual PluginStatus Permit(CycleState& state, const PodInfo& pod, const std::string& node,
                              Clock::Duration* timeout) = 0;
};

class PreBindPlugin : public virtual Plugin {
 public:
  virtual PluginStatus PreBind(CycleState& state, const PodInfo& pod, const std::string& node) = 0;
};

class BindPlugin : public virtual Plugin {
 public:
  // Skip passes the pod to the next binder; Success means it is bound.
  virtual PluginStatus Bind(CycleState& state, const PodInfo& pod, const std::string& node) = 0;
};

class PostBindPlugin : public virtual Plugin {
 public:
  virtual void PostBind(CycleState& state, const PodInfo& pod, const std::string& node) = 0;
};

}  // namespace kubepp::scheduler::framework
