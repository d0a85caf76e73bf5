// NodeResourcesFit: the pod's requests (containers, init containers,
// overhead, extended resources) must fit in the node's allocatable minus
// what its pods request, and at most allocatable "pods" pods may run. Scores
// by the configured strategy: LeastAllocated (default: prefer emptier
// nodes), MostAllocated (bin packing) or RequestedToCapacityRatio (a shape
// of utilization -> score).
// Thread safety: configuration is constant after construction.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins::noderesources {

enum class ResourceKind { kCpu, kMemory, kEphemeralStorage, kScalar };
ResourceKind KindOf(std::string_view name);

struct ResourceSpec {
  std::string name;
  int64_t weight = 1;
  ResourceKind kind = KindOf(name);
};

struct ShapePoint {
  int64_t utilization;  // 0..100
  int64_t score;        // 0..10 as configured, scaled to 0..100
};

enum class ScoringStrategy { kLeastAllocated, kMostAllocated, kRequestedToCapacityRatio };

// The node's allocatable and requested amount of `resource` counting the pod:
// cpu and memory use the non-zero defaults for containers without requests.
void AllocatableAndRequested(const framework::NodeInfo& node, const framework::PodInfo& pod,
                             const ResourceSpec& resource, int64_t* allocatable, int64_t* requested);

class Fit : public framework::PreFilterPlugin,
            public framework::FilterPlugin,
            public framework::ScorePlugin,
            public framework::EnqueueExtensions {
 public:
  explicit Fit(const boost::json::object& args);
  std::string_view Name() const override;
  framework::PluginStatus PreFilter(framework::CycleState& state, const framework::PodInfo& pod,
                                    framework::PreFilterResult* result) override;
  framework::PluginStatus Filter(const framework::CycleState& state, const framework::PodInfo& pod,
                                 const framework::NodeInfo& node) const override;
  framework::PluginStatus Score(const framework::CycleState& state, const framework::PodInfo& pod,
                                const framework::NodeInfo& node, int64_t* score) const override;
  std::vector<framework::ClusterEvent> EventsToRegister() const override;

  // The reasons the pod does not fit ("Insufficient cpu", "Too many pods");
  // empty when it fits. `unresolvable` is set when a request exceeds the
  // node's whole allocatable, which evicting pods cannot fix.
  std::vector<std::string> InsufficientResources(const framework::PodInfo& pod, const framework::NodeInfo& node,
                                                 bool* unresolvable) const;

 private:
  bool Ignored(std::string_view name) const;

  ScoringStrategy strategy_ = ScoringStrategy::kLeastAllocated;
  std::vector<ResourceSpec> resources_{{"cpu", 1, ResourceKind::kCpu}, {"memory", 1, ResourceKind::kMemory}};
  std::vector<ShapePoint> shape_;
  std::vector<std::string> ignored_resources_;
  std::vector<std::string> ignored_groups_;
};

std::unique_ptr<framework::Plugin> NewFit(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::noderesources
