#include "scheduler/plugins/nodeports/node_ports.h"

#include "scheduler/plugins/names.h"

namespace kubepp::scheduler::plugins::nodeports {

using namespace framework;  // NOLINT

std::string_view NodePorts::Name() const { return kNodePorts; }

PluginStatus NodePorts::PreFilter(CycleState&, const PodInfo& pod, PreFilterResult*) {
  if (pod.host_ports.empty()) return PluginStatus(Code::kSkip, std::vector<std::string>{});
  return {};
}

PluginStatus NodePorts::Filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const {
  for (const HostPort& p : pod.host_ports) {
    if (node.PortInUse(p)) return PluginStatus(Code::kUnschedulable, std::string(kErrReason));
  }
  return {};
}

std::vector<ClusterEvent> NodePorts::EventsToRegister() const {
  return {{EventResource::kAssignedPod, kDelete, "AssignedPodDelete"}, {EventResource::kNode, kAdd, "NodeAdd"}};
}

std::unique_ptr<Plugin> New(const boost::json::object&, Handle&) { return std::make_unique<NodePorts>(); }

}  // namespace kubepp::scheduler::plugins::nodeports
