// PodTopologySpread: spreads pods that a constraint's selector picks across
// the values of its topologyKey. DoNotSchedule constraints filter: placing
// the pod on a node must keep (matching pods in the node's domain + 1) -
// (fewest in any domain, 0 while fewer than minDomains domains exist) within
// maxSkew. ScheduleAnyway constraints score: fewer matching pods is better.
//
// Pods without constraints of their own that a controller owns get the
// system defaults (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) over
// pods carrying the same labels in their namespace.
// Thread safety: per-cycle data lives in the CycleState; the matching-pod
// counts kept across cycles (match_counts.h) are the scheduling thread's.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins::podtopologyspread {

class MatchCounts;
class NodeDomains;
struct ConstraintTables;

inline constexpr std::string_view kErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
inline constexpr std::string_view kErrReasonNodeLabelNotMatch =
    "node(s) didn't match pod topology spread constraints (missing required label)";

class PodTopologySpread : public framework::PreFilterPlugin,
                          public framework::FilterPlugin,
                          public framework::PreScorePlugin,
                          public framework::ScorePlugin,
                          public framework::EnqueueExtensions {
 public:
  PodTopologySpread(const boost::json::object& args, framework::Handle& handle);
  ~PodTopologySpread() override;
  std::string_view Name() const override;
  framework::PluginStatus PreFilter(framework::CycleState& state, const framework::PodInfo& pod,
                                    framework::PreFilterResult* result) override;
  framework::PluginStatus AddPod(framework::CycleState& state, const framework::PodInfo& pod,
                                 const framework::PodInfoPtr& other, const framework::NodeInfo& node) override;
  framework::PluginStatus RemovePod(framework::CycleState& state, const framework::PodInfo& pod,
                                    const framework::PodInfoPtr& other, const framework::NodeInfo& node) override;
  framework::PluginStatus Filter(const framework::CycleState& state, const framework::PodInfo& pod,
                                 const framework::NodeInfo& node) const override;
  framework::PluginStatus PreScore(framework::CycleState& state, const framework::PodInfo& pod,
                                   const std::vector<const framework::NodeInfo*>& nodes) override;
  framework::PluginStatus Score(const framework::CycleState& state, const framework::PodInfo& pod,
                                const framework::NodeInfo& node, int64_t* score) const override;
  bool HasNormalizeScore() const override { return true; }
  framework::PluginStatus NormalizeScore(const framework::CycleState& state, const framework::PodInfo& pod,
                                         std::vector<int64_t>& scores) const override;
  std::vector<framework::ClusterEvent> EventsToRegister() const override;

  // The constraints that apply to `pod` with `do_not_schedule` (filter) or not (score).
  std::vector<framework::TopologySpreadConstraint> Constraints(const framework::PodInfo& pod,
                                                               bool do_not_schedule) const;

 private:
  framework::Handle& handle_;
  bool system_defaults_ = true;
  std::vector<framework::TopologySpreadConstraint> default_constraints_;  // selector unset
  // Across cycles, the scheduling thread's (see match_counts.h, node_domains.h).
  std::shared_ptr<NodeDomains> DomainsOf(const std::string& topology_key, size_t nodes);
  // The counts and domain numbers of each of `constraints` for `pod`.
  ConstraintTables TablesFor(const framework::PodInfo& pod,
                             const std::vector<framework::TopologySpreadConstraint>& constraints,
                             size_t nodes);
  std::unique_ptr<MatchCounts> match_counts_;
  std::unordered_map<std::string, std::shared_ptr<NodeDomains>> domains_;
};

std::unique_ptr<framework::Plugin> New(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::podtopologyspread
