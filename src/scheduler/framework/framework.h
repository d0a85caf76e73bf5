// Framework: one scheduling profile — the plugins of each extension point
// for a schedulerName, in order, with their score weights (profile_config.h
// says how they are chosen) — and the code that runs each extension point
// over them (interface.h). The scheduler keeps one Framework per profile and
// picks it by the pod's spec.schedulerName. Pods a Permit plugin holds wait
// in the WaitingPodsMap the profiles share (waiting_pods.h).
//
// Thread safety: built once; Run* may be called from the scheduling thread
// and (Filter/Score) its helpers, and the binding functions from binder
// threads. Plugins guard their own state if they keep any.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"
#include "scheduler/framework/interface.h"
#include "scheduler/framework/profile_config.h"
#include "scheduler/framework/waiting_pods.h"

namespace kubepp::scheduler::framework {

// Builds a plugin from its arguments (the pluginConfig args of a
// KubeSchedulerConfiguration, {} when none) and the framework's handle.
using PluginFactory = std::function<std::unique_ptr<Plugin>(const boost::json::object& args, Handle& handle)>;

struct Registry {
  std::vector<std::pair<std::string, PluginFactory>> factories;
  const PluginFactory* Find(std::string_view name) const;
};

struct PluginScore {
  std::string_view plugin;
  int64_t score;  // weighted
};

struct NodeScore {
  const NodeInfo* node;
  int64_t total = 0;
};

class Framework {
 public:
  // Errors as upstream's NewFramework words them: an unknown plugin
  // ("FilterPlugin \"Foo\" does not exist"), a plugin at a point it does not
  // implement, not exactly one QueueSort or no Bind plugin.
  static StatusOr<std::unique_ptr<Framework>> Create(const Registry& registry, const ProfileConfig& config,
                                                     Handle handle);
  ~Framework();

  const std::string& scheduler_name() const { return config_.scheduler_name; }
  const ProfileConfig& config() const { return config_; }
  Handle& handle() { return handle_; }
  void SetSnapshot(const NodeInfoLister* snapshot) { handle_.snapshot = snapshot; }

  PluginStatus RunPreEnqueuePlugins(const PodInfo& pod) const;
  bool QueueSortLess(const PodInfo& a, Clock::TimePoint a_queued, const PodInfo& b, Clock::TimePoint b_queued) const;

  PluginStatus RunPreFilterPlugins(CycleState& state, const PodInfo& pod, PreFilterResult* result) const;
  // Stops at the first plugin that rejects (as upstream); the status names it.
  PluginStatus RunFilterPlugins(const CycleState& state, const PodInfo& pod, const NodeInfo& node) const;
  PluginStatus RunPreFilterExtensionAddPod(CycleState& state, const PodInfo& pod, const PodInfoPtr& other,
                                           const NodeInfo& node) const;
  PluginStatus RunPreFilterExtensionRemovePod(CycleState& state, const PodInfo& pod, const PodInfoPtr& other,
                                              const NodeInfo& node) const;
  bool HasPostFilterPlugins() const { return !post_filter_.empty(); }
  PluginStatus RunPostFilterPlugins(CycleState& state, const PodInfo& pod, const std::vector<NodeStatus>& failed,
                                    PostFilterResult* result) const;

  PluginStatus RunPreScorePlugins(CycleState& state, const PodInfo& pod,
                                  const std::vector<const NodeInfo*>& nodes) const;
  // Weighted, normalized totals per node; `per_plugin` (optional, for -v=10
  // logs) gets [plugin][node] weighted scores.
  PluginStatus RunScorePlugins(const CycleState& state, const PodInfo& pod, const std::vector<const NodeInfo*>& nodes,
                               std::vector<NodeScore>* scores,
                               std::vector<std::pair<std::string_view, std::vector<int64_t>>>* per_plugin) const;
  bool HasScorePlugins() const { return !score_.empty(); }

  PluginStatus RunReservePluginsReserve(CycleState& state, const PodInfo& pod, const std::string& node) const;
  void RunReservePluginsUnreserve(CycleState& state, const PodInfo& pod, const std::string& node) const;
  // Success; Wait when a plugin asked the pod to wait (it now waits in the
  // waiting pods map until WaitOnPermit gives the verdict); a rejection or
  // an Error naming the plugin otherwise.
  PluginStatus RunPermitPlugins(CycleState& state, const PodInfoPtr& pod, const std::string& node) const;
  // Blocks while `pod` waits at Permit and removes it from the waiting pods;
  // Success when it was not waiting or every waiting plugin allowed it.
  PluginStatus WaitOnPermit(const PodInfo& pod) const;
  // The Handle API of upstream's framework for pods held at Permit.
  void IterateOverWaitingPods(const std::function<void(WaitingPod&)>& fn) const { waiting_pods_->Iterate(fn); }
  std::shared_ptr<WaitingPod> GetWaitingPod(std::string_view uid) const { return waiting_pods_->Get(uid); }
  // Rejects a waiting pod ("removed"); false when it was not waiting.
  bool RejectWaitingPod(std::string_view uid) const;
  PluginStatus RunPreBindPlugins(CycleState& state, const PodInfo& pod, const std::string& node) const;
  PluginStatus RunBindPlugins(CycleState& state, const PodInfo& pod, const std::string& node) const;
  void RunPostBindPlugins(CycleState& state, const PodInfo& pod, const std::string& node) const;

  // Per enabled plugin, the events after which pods it rejected may fit;
  // plugins without EnqueueExtensions register every event.
  const std::map<std::string, std::vector<ClusterEvent>, std::less<>>& events_to_register() const {
    return events_;
  }
  // Plugins of the PreEnqueue point, by name (the queue re-runs them on pod updates).
  bool HasPreEnqueuePlugins() const { return !pre_enqueue_.empty(); }
  // The names of the plugins at `point`, in the order they run (Score with weights).
  std::vector<PluginRef> ListPlugins(ExtensionPoint point) const;

 private:
  Framework() = default;
  Status BuildExtensionPoints(const std::map<std::string, Plugin*, std::less<>>& by_name);
  void Place(ExtensionPoint point, Plugin* plugin);

  ProfileConfig config_;
  Handle handle_;
  std::unique_ptr<WaitingPodsMap> own_waiting_pods_;  // when the handle brought none
  WaitingPodsMap* waiting_pods_ = nullptr;
  std::vector<std::unique_ptr<Plugin>> plugins_;
  std::map<std::string, int64_t, std::less<>> score_weights_;
  std::array<std::vector<Plugin*>, kExtensionPointCount> points_;  // every point's plugins, in order
  std::vector<PreEnqueuePlugin*> pre_enqueue_;
  QueueSortPlugin* queue_sort_ = nullptr;
  std::vector<PreFilterPlugin*> pre_filter_;
  std::vector<FilterPlugin*> filter_;
  std::vector<PostFilterPlugin*> post_filter_;
  std::vector<PreScorePlugin*> pre_score_;
  std::vector<std::pair<ScorePlugin*, int64_t>> score_;  // with weight
  std::vector<ReservePlugin*> reserve_;
  std::vector<PermitPlugin*> permit_;
  std::vector<PreBindPlugin*> pre_bind_;
  std::vector<BindPlugin*> bind_;
  std::vector<PostBindPlugin*> post_bind_;
  std::map<std::string, std::vector<ClusterEvent>, std::less<>> events_;
};

// How many feasible nodes a cycle looks for before it stops filtering:
// all of them below 100 nodes, else `percentage` (or upstream's adaptive
// one when 0) of them, but at least 100.
int NumFeasibleNodesToFind(int percentage, int num_all_nodes);

}  // namespace kubepp::scheduler::framework
