#include "scheduler/plugins/nodename/node_name.h"

#include "scheduler/plugins/names.h"

namespace kubepp::scheduler::plugins::nodename {

using namespace framework;  // NOLINT

std::string_view NodeName::Name() const { return kNodeName; }

PluginStatus NodeName::Filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const {
  if (pod.node_name.empty() || pod.node_name == node.name()) return {};
  return PluginStatus(Code::kUnschedulableAndUnresolvable, std::string(kErrReason));
}

std::vector<ClusterEvent> NodeName::EventsToRegister() const {
  return {{EventResource::kNode, kAdd, "NodeAdd"}};
}

std::unique_ptr<Plugin> New(const boost::json::object&, Handle&) { return std::make_unique<NodeName>(); }

}  // namespace kubepp::scheduler::plugins::nodename
