// TaintToleration: a node's NoSchedule and NoExecute taints keep off pods
// that do not tolerate them; PreferNoSchedule taints the pod does not
// tolerate lower the node's score (fewer is better).
// Thread safety: stateless.
#pragma once

#include <memory>

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins::tainttoleration {

class TaintToleration : public framework::FilterPlugin,
                        public framework::PreScorePlugin,
                        public framework::ScorePlugin,
                        public framework::EnqueueExtensions {
 public:
  std::string_view Name() const override;
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
};

std::unique_ptr<framework::Plugin> New(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::tainttoleration
