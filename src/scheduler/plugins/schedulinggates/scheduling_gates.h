// SchedulingGates: a pod with spec.schedulingGates stays out of the active
// queue (Pending) until an update removes its last gate.
// Thread safety: stateless.
#pragma once

#include <memory>

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins::schedulinggates {

class SchedulingGates : public framework::PreEnqueuePlugin, public framework::EnqueueExtensions {
 public:
  std::string_view Name() const override;
  framework::PluginStatus PreEnqueue(const framework::PodInfo& pod) override;
  std::vector<framework::ClusterEvent> EventsToRegister() const override;
};

std::unique_ptr<framework::Plugin> New(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::schedulinggates
