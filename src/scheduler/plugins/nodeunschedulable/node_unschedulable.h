// NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods
// tolerating the node.kubernetes.io/unschedulable:NoSchedule taint.
// Thread safety: stateless.
#pragma once

#include <memory>

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins::nodeunschedulable {

inline constexpr std::string_view kErrReasonUnschedulable = "node(s) were unschedulable";

class NodeUnschedulable : public framework::FilterPlugin, public framework::EnqueueExtensions {
 public:
  std::string_view Name() const override;
  framework::PluginStatus Filter(const framework::CycleState& state, const framework::PodInfo& pod,
                                 const framework::NodeInfo& node) const override;
  std::vector<framework::ClusterEvent> EventsToRegister() const override;
};

std::unique_ptr<framework::Plugin> New(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::nodeunschedulable
