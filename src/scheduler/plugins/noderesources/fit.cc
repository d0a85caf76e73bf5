#include "scheduler/plugins/noderesources/fit.h"

#include <algorithm>

#include "scheduler/framework/json_read.h"
#include "scheduler/plugins/names.h"

namespace kubepp::scheduler::plugins::noderesources {

using namespace framework;  // NOLINT

ResourceKind KindOf(std::string_view name) {
  if (name == "cpu") return ResourceKind::kCpu;
  if (name == "memory") return ResourceKind::kMemory;
  if (name == "ephemeral-storage") return ResourceKind::kEphemeralStorage;
  return ResourceKind::kScalar;
}

void AllocatableAndRequested(const NodeInfo& node, const PodInfo& pod, const ResourceSpec& r, int64_t* allocatable,
                             int64_t* requested) {
  const Resource& alloc = node.node()->allocatable;
  switch (r.kind) {
    case ResourceKind::kCpu:
      *allocatable = alloc.milli_cpu;
      *requested = node.non_zero_milli_cpu() + pod.non_zero_milli_cpu;
      return;
    case ResourceKind::kMemory:
      *allocatable = alloc.memory;
      *requested = node.non_zero_memory() + pod.non_zero_memory;
      return;
    case ResourceKind::kEphemeralStorage:
      *allocatable = alloc.ephemeral_storage;
      *requested = node.requested().ephemeral_storage + pod.requests.ephemeral_storage;
      return;
    case ResourceKind::kScalar:
      *allocatable = alloc.Scalar(r.name);
      *requested = node.requested().Scalar(r.name) + pod.requests.Scalar(r.name);
      return;
  }
}

Fit::Fit(const boost::json::object& args) {
  for (const char* key : {"ignoredResources", "ignoredResourceGroups"}) {
    if (const boost::json::array* a = ArrayAt(&args, key)) {
      for (const auto& v : *a) {
        if (const auto* s = v.if_string()) {
          (std::string_view(key) == "ignoredResources" ? ignored_resources_ : ignored_groups_).emplace_back(*s);
        }
      }
    }
  }
  const boost::json::object* strategy = ObjectAt(&args, "scoringStrategy");
  if (strategy == nullptr) return;
  std::string_view type = StringAt(strategy, "type");
  if (type == "MostAllocated") strategy_ = ScoringStrategy::kMostAllocated;
  if (type == "RequestedToCapacityRatio") strategy_ = ScoringStrategy::kRequestedToCapacityRatio;
  if (const boost::json::array* rs = ArrayAt(strategy, "resources")) {
    resources_.clear();
    for (const auto& v : *rs) {
      const auto* o = v.if_object();
      if (o == nullptr) continue;
      std::string name(StringAt(o, "name"));
      resources_.push_back({name, IntAt(o, "weight", 1), KindOf(name)});
    }
  }
  ForEachObject(ObjectAt(strategy, "requestedToCapacityRatio"), "shape", [&](const boost::json::object& p) {
    // Configured scores run 0..10; node scores run 0..100.
    shape_.push_back({IntAt(&p, "utilization"), IntAt(&p, "score") * (kMaxNodeScore / 10)});
  });
  if (shape_.empty()) shape_ = {{0, 0}, {100, kMaxNodeScore}};
}

std::string_view Fit::Name() const { return kNodeResourcesFit; }

bool Fit::Ignored(std::string_view name) const {
  if (std::find(ignored_resources_.begin(), ignored_resources_.end(), name) != ignored_resources_.end()) return true;
  size_t slash = name.find('/');
  if (slash == std::string_view::npos) return false;
  return std::find(ignored_groups_.begin(), ignored_groups_.end(), name.substr(0, slash)) != ignored_groups_.end();
}

PluginStatus Fit::PreFilter(CycleState&, const PodInfo&, PreFilterResult*) {
  // The pod's requests were computed when it was parsed; nothing to precompute.
  return {};
}

std::vector<std::string> Fit::InsufficientResources(const PodInfo& pod, const NodeInfo& node,
                                                    bool* unresolvable) const {
  std::vector<std::string> out;
  *unresolvable = false;
  const Resource& alloc = node.node()->allocatable;
  const Resource& used = node.requested();
  if (static_cast<int64_t>(node.pods().size()) + 1 > alloc.allowed_pods) out.emplace_back("Too many pods");
  const Resource& req = pod.requests;
  // The reason text is built only on failure: this runs for every node of every cycle.
  auto check = [&](int64_t want, int64_t total, int64_t in_use, std::string_view resource) {
    if (want <= 0 || want <= total - in_use) return;
    out.push_back("Insufficient " + std::string(resource));
    if (want > total) *unresolvable = true;
  };
  check(req.milli_cpu, alloc.milli_cpu, used.milli_cpu, "cpu");
  check(req.memory, alloc.memory, used.memory, "memory");
  check(req.ephemeral_storage, alloc.ephemeral_storage, used.ephemeral_storage, "ephemeral-storage");
  for (const auto& [name, v] : req.scalars) {
    if (Ignored(name)) continue;
    check(v, alloc.Scalar(name), used.Scalar(name), name);
  }
  return out;
}

PluginStatus Fit::Filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const {
  bool unresolvable = false;
  std::vector<std::string> reasons = InsufficientResources(pod, node, &unresolvable);
  if (reasons.empty()) return {};
  return PluginStatus(unresolvable ? Code::kUnschedulableAndUnresolvable : Code::kUnschedulable, std::move(reasons));
}

namespace {
int64_t ShapeScore(const std::vector<ShapePoint>& shape, int64_t utilization) {
  if (utilization <= shape.front().utilization) return shape.front().score;
  for (size_t i = 1; i < shape.size(); ++i) {
    if (utilization <= shape[i].utilization) {
      const ShapePoint& a = shape[i - 1];
      const ShapePoint& b = shape[i];
      return a.score + (b.score - a.score) * (utilization - a.utilization) / (b.utilization - a.utilization);
    }
  }
  return shape.back().score;
}
}  // namespace

PluginStatus Fit::Score(const CycleState&, const PodInfo& pod, const NodeInfo& node, int64_t* score) const {
  int64_t total = 0, weight_sum = 0;
  for (const ResourceSpec& r : resources_) {
    int64_t alloc = 0, req = 0;
    AllocatableAndRequested(node, pod, r, &alloc, &req);
    // Extended resources the pod does not ask for do not sway the score.
    if (alloc == 0) continue;
    if (r.kind == ResourceKind::kScalar && pod.requests.Scalar(r.name) == 0) continue;
    int64_t s = 0;
    switch (strategy_) {
      case ScoringStrategy::kLeastAllocated:
        s = req > alloc ? 0 : (alloc - req) * kMaxNodeScore / alloc;
        break;
      case ScoringStrategy::kMostAllocated:
        s = req > alloc ? kMaxNodeScore : req * kMaxNodeScore / alloc;
        break;
      case ScoringStrategy::kRequestedToCapacityRatio:
        s = ShapeScore(shape_, std::min<int64_t>(req * 100 / alloc, 100));
        break;
    }
    total += s * r.weight;
    weight_sum += r.weight;
  }
  *score = weight_sum == 0 ? 0 : total / weight_sum;
  return {};
}

std::vector<ClusterEvent> Fit::EventsToRegister() const {
  return {{EventResource::kAssignedPod, kDelete | kUpdatePodScaleDown, "AssignedPodDeleteOrScaleDown"},
          {EventResource::kNode, kAdd | kUpdateNodeAllocatable, "NodeAddOrAllocatableChange"}};
}

std::unique_ptr<Plugin> NewFit(const boost::json::object& args, Handle&) { return std::make_unique<Fit>(args); }

}  // namespace kubepp::scheduler::plugins::noderesources
