#include "scheduler/plugins/noderesources/balanced_allocation.h"

#include <cmath>

#include "scheduler/framework/json_read.h"
#include "scheduler/plugins/names.h"

namespace kubepp::scheduler::plugins::noderesources {

using namespace framework;  // NOLINT

BalancedAllocation::BalancedAllocation(const boost::json::object& args) {
  if (const boost::json::array* rs = ArrayAt(&args, "resources")) {
    resources_.clear();
    for (const auto& v : *rs) {
      if (const auto* o = v.if_object()) {
        std::string name(StringAt(o, "name"));
        resources_.push_back({name, IntAt(o, "weight", 1), KindOf(name)});
      }
    }
  }
}

std::string_view BalancedAllocation::Name() const { return kNodeResourcesBalancedAllocation; }

PluginStatus BalancedAllocation::Score(const CycleState&, const PodInfo& pod, const NodeInfo& node,
                                       int64_t* score) const {
  double fractions[8];
  size_t n = 0;
  double sum = 0;
  for (const ResourceSpec& r : resources_) {
    if (n == 8) break;
    int64_t alloc = 0, req = 0;
    AllocatableAndRequested(node, pod, r, &alloc, &req);
    if (alloc == 0) continue;
    double f = static_cast<double>(req) / static_cast<double>(alloc);
    if (f > 1) f = 1;
    fractions[n++] = f;
    sum += f;
  }
  double std_dev = 0;
  if (n == 2) {
    std_dev = std::abs((fractions[0] - fractions[1]) / 2);
  } else if (n > 2) {
    double mean = sum / static_cast<double>(n);
    double var = 0;
    for (size_t i = 0; i < n; ++i) var += (fractions[i] - mean) * (fractions[i] - mean);
    std_dev = std::sqrt(var / static_cast<double>(n));
  }
  *score = static_cast<int64_t>((1 - std_dev) * static_cast<double>(kMaxNodeScore));
  return {};
}

std::vector<ClusterEvent> BalancedAllocation::EventsToRegister() const {
  return {{EventResource::kAssignedPod, kDelete, "AssignedPodDelete"},
          {EventResource::kNode, kAdd | kUpdateNodeAllocatable, "NodeAddOrAllocatableChange"}};
}

std::unique_ptr<Plugin> NewBalancedAllocation(const boost::json::object& args, Handle&) {
  return std::make_unique<BalancedAllocation>(args);
}

}  // namespace kubepp::scheduler::plugins::noderesources
