// NodeResourcesBalancedAllocation: prefers nodes where, with the pod, cpu
// and memory are used in similar fractions (score = (1 - std deviation of
// the fractions) * 100).
// Thread safety: configuration is constant after construction.
#pragma once

#include <memory>

#include "scheduler/plugins/noderesources/fit.h"

namespace kubepp::scheduler::plugins::noderesources {

class BalancedAllocation : public framework::ScorePlugin, public framework::EnqueueExtensions {
 public:
  explicit BalancedAllocation(const boost::json::object& args);
  std::string_view Name() const override;
  framework::PluginStatus Score(const framework::CycleState& state, const framework::PodInfo& pod,
                                const framework::NodeInfo& node, int64_t* score) const override;
  std::vector<framework::ClusterEvent> EventsToRegister() const override;

 private:
  std::vector<ResourceSpec> resources_{{"cpu", 1, ResourceKind::kCpu}, {"memory", 1, ResourceKind::kMemory}};
};

std::unique_ptr<framework::Plugin> NewBalancedAllocation(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::noderesources
