#include "scheduler/plugins/schedulinggates/scheduling_gates.h"

#include "scheduler/plugins/names.h"

namespace kubepp::scheduler::plugins::schedulinggates {

using namespace framework;  // NOLINT

std::string_view SchedulingGates::Name() const { return kSchedulingGates; }

PluginStatus SchedulingGates::PreEnqueue(const PodInfo& pod) {
  if (pod.scheduling_gates.empty()) return {};
  // Go prints the slice of gate names as "[a b]".
  std::string list;
  for (const auto& g : pod.scheduling_gates) {
    if (!list.empty()) list += " ";
    list += g;
  }
  return PluginStatus(Code::kPending, "waiting for scheduling gates: [" + list + "]");
}

std::vector<ClusterEvent> SchedulingGates::EventsToRegister() const {
  return {{EventResource::kPod, kUpdatePodSchedulingGates, "PodUpdateSchedulingGates"}};
}

std::unique_ptr<Plugin> New(const boost::json::object&, Handle&) { return std::make_unique<SchedulingGates>(); }

}  // namespace kubepp::scheduler::plugins::schedulinggates
