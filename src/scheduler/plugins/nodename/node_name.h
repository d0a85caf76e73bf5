// NodeName: a pod that names a node in spec.nodeName fits only that node.
// Thread safety: stateless.
#pragma once

#include <memory>

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins::nodename {

inline constexpr std::string_view kErrReason = "node(s) didn't match the requested node name";

class NodeName : public framework::FilterPlugin, public framework::EnqueueExtensions {
 public:
  std::string_view Name() const override;
  framework::PluginStatus Filter(const framework::CycleState& state, const framework::PodInfo& pod,
                                 const framework::NodeInfo& node) const override;
  std::vector<framework::ClusterEvent> EventsToRegister() const override;
};

std::unique_ptr<framework::Plugin> New(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::nodename
