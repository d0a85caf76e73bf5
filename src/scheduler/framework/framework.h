// Framework: one scheduling profile — the plugins enabled for a
// schedulerName, in order, with their score weights — and the code that runs
// each extension point over them (interface.h). The scheduler keeps one
// Framework per profile and picks it by the pod's spec.schedulerName.
//
// Thread safety: built once; Run* may be called from the scheduling thread
// and (Filter/Score) its helpers, and the binding functions from binder
// threads. Plugins guard their own state if they keep any.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"
#include "scheduler/framework/interface.h"

namespace kubepp::scheduler::framework {

// Builds a plugin from its arguments (the pluginConfig args of a
// KubeSchedulerConfiguration, {} when none) and the framework's handle.
using PluginFactory = std::function<std::unique_ptr<Plugin>(const boost::json::object& args, Handle& handle)>;

struct Registry {
  std::vector<std::pair<std::string, PluginFactory>> factories;
  const PluginFactory* Find(std::string_view name) const;
};

struct ProfileConfig {
  std::string scheduler_name = "default-scheduler";
  // Enabled plugins, in the order their extension points run.
  std::vector<std::string> plugins;
  // Score weight per plugin (plugins without one score with weight 1).
  std::map<std::string, int64_t, std::less<>> score_weights;
  std::map<std::string, boost::json::object, std::less<>> plugin_args;
  // 0: upstream's adaptive percentage (50% minus 1% per 125 nodes, at least 5%).
  int percentage_of_nodes_to_score = 0;
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
  // Errors name the first unknown plugin.
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
  PluginStatus RunPermitPlugins(CycleState& state, const PodInfo& pod, const std::string& node) const;
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

 private:
  Framework() = default;

  ProfileConfig config_;
  Handle handle_;
  std::vector<std::unique_ptr<Plugin>> plugins_;
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
