#include "scheduler/plugins/nodeunschedulable/node_unschedulable.h"

#include "scheduler/plugins/names.h"

namespace kubepp::scheduler::plugins::nodeunschedulable {

using namespace framework;  // NOLINT

std::string_view NodeUnschedulable::Name() const { return kNodeUnschedulable; }

PluginStatus NodeUnschedulable::Filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const {
  if (!node.node()->unschedulable) return {};
  static const Taint kTaint{"node.kubernetes.io/unschedulable", "", "NoSchedule"};
  for (const Toleration& t : pod.tolerations) {
    if (t.Tolerates(kTaint)) return {};
  }
  return PluginStatus(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonUnschedulable));
}

std::vector<ClusterEvent> NodeUnschedulable::EventsToRegister() const {
  return {{EventResource::kNode, kAdd | kUpdateNodeUnschedulable | kUpdateNodeTaint, "NodeAddOrUnschedulableChange"},
          {EventResource::kPod, kUpdatePodTolerations, "PodTolerationChange"}};
}

std::unique_ptr<Plugin> New(const boost::json::object&, Handle&) { return std::make_unique<NodeUnschedulable>(); }

}  // namespace kubepp::scheduler::plugins::nodeunschedulable
