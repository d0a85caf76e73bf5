#include "scheduler/plugins/tainttoleration/taint_toleration.h"

#include "scheduler/framework/normalize.h"
#include "scheduler/plugins/names.h"

namespace kubepp::scheduler::plugins::tainttoleration {

using namespace framework;  // NOLINT

namespace {
bool Tolerated(const std::vector<Toleration>& tolerations, const Taint& taint) {
  for (const Toleration& t : tolerations) {
    if (t.Tolerates(taint)) return true;
  }
  return false;
}
}  // namespace

std::string_view TaintToleration::Name() const { return kTaintToleration; }

PluginStatus TaintToleration::Filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const {
  for (const Taint& taint : node.node()->taints) {
    if (taint.effect != "NoSchedule" && taint.effect != "NoExecute") continue;
    if (!Tolerated(pod.tolerations, taint)) {
      return PluginStatus(Code::kUnschedulableAndUnresolvable,
                          "node(s) had untolerated taint {" + taint.key + ": " + taint.value + "}");
    }
  }
  return {};
}

PluginStatus TaintToleration::PreScore(CycleState&, const PodInfo&, const std::vector<const NodeInfo*>&) {
  return {};
}

PluginStatus TaintToleration::Score(const CycleState&, const PodInfo& pod, const NodeInfo& node,
                                    int64_t* score) const {
  int64_t count = 0;
  for (const Taint& taint : node.node()->taints) {
    if (taint.effect != "PreferNoSchedule") continue;
    // Only tolerations that apply to PreferNoSchedule (or to every effect) count.
    bool tolerated = false;
    for (const Toleration& t : pod.tolerations) {
      if ((t.effect.empty() || t.effect == "PreferNoSchedule") && t.Tolerates(taint)) {
        tolerated = true;
        break;
      }
    }
    if (!tolerated) ++count;
  }
  *score = count;
  return {};
}

PluginStatus TaintToleration::NormalizeScore(const CycleState&, const PodInfo&, std::vector<int64_t>& scores) const {
  DefaultNormalizeScore(kMaxNodeScore, true, scores);
  return {};
}

std::vector<ClusterEvent> TaintToleration::EventsToRegister() const {
  return {{EventResource::kNode, kAdd | kUpdateNodeTaint, "NodeAddOrTaintChange"},
          {EventResource::kPod, kUpdatePodTolerations, "PodTolerationChange"}};
}

std::unique_ptr<Plugin> New(const boost::json::object&, Handle&) { return std::make_unique<TaintToleration>(); }

}  // namespace kubepp::scheduler::plugins::tainttoleration
