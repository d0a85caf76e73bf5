// NodeAffinity: spec.nodeSelector and required node affinity terms must
// match the node's labels (and metadata.name for matchFields); preferred
// terms add their weights to the node's score, normalized to 0..100.
//
// Args (NodeAffinityArgs): addedAffinity applies to every pod of the
// profile on top of its own — its required terms must match too
// ("node(s) didn't match scheduler-enforced node affinity"), its preferred
// terms add to every score.
// Thread safety: configuration is constant after construction.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins::nodeaffinity {

inline constexpr std::string_view kErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
inline constexpr std::string_view kErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";

// Whether the node satisfies the pod's nodeSelector and required node affinity.
bool RequiredMatches(const framework::PodInfo& pod, const framework::NodeSpec& node);

class NodeAffinity : public framework::PreFilterPlugin,
                     public framework::FilterPlugin,
                     public framework::PreScorePlugin,
                     public framework::ScorePlugin,
                     public framework::EnqueueExtensions {
 public:
  explicit NodeAffinity(const boost::json::object& args);
  std::string_view Name() const override;
  framework::PluginStatus PreFilter(framework::CycleState& state, const framework::PodInfo& pod,
                                    framework::PreFilterResult* result) override;
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

 private:
  std::optional<framework::NodeSelector> added_required_;
  std::vector<framework::PreferredSchedulingTerm> added_preferred_;
};

std::unique_ptr<framework::Plugin> New(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::nodeaffinity
