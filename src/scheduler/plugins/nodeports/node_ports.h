// NodePorts: a pod's hostPorts must be free on the node (same protocol and
// port on the same IP, or on 0.0.0.0 either side, conflict).
// Thread safety: stateless.
#pragma once

#include <memory>

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins::nodeports {

inline constexpr std::string_view kErrReason = "node(s) didn't have free ports for the requested pod ports";

class NodePorts : public framework::PreFilterPlugin,
                  public framework::FilterPlugin,
                  public framework::EnqueueExtensions {
 public:
  std::string_view Name() const override;
  framework::PluginStatus PreFilter(framework::CycleState& state, const framework::PodInfo& pod,
                                    framework::PreFilterResult* result) override;
  framework::PluginStatus Filter(const framework::CycleState& state, const framework::PodInfo& pod,
                                 const framework::NodeInfo& node) const override;
  std::vector<framework::ClusterEvent> EventsToRegister() const override;
};

std::unique_ptr<framework::Plugin> New(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::nodeports
