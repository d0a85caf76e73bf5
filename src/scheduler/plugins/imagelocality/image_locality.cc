#include "scheduler/plugins/imagelocality/image_locality.h"

#include "scheduler/plugins/names.h"

namespace kubepp::scheduler::plugins::imagelocality {

using namespace framework;  // NOLINT

namespace {
constexpr int64_t kMB = 1024 * 1024;
constexpr int64_t kMinThreshold = 23 * kMB;
constexpr int64_t kMaxContainerThreshold = 1000 * kMB;
}  // namespace

std::string_view ImageLocality::Name() const { return kImageLocality; }

PluginStatus ImageLocality::PreScore(CycleState&, const PodInfo& pod, const std::vector<const NodeInfo*>&) {
  const NodeInfoLister* snap = handle_.snapshot;
  for (const std::string& image : pod.images) {
    if (snap == nullptr || snap->ImageNodeCount(image) > 0) return {};
  }
  return PluginStatus(Code::kSkip, std::vector<std::string>{});
}

PluginStatus ImageLocality::Score(const CycleState&, const PodInfo& pod, const NodeInfo& node, int64_t* score) const {
  *score = 0;
  if (pod.images.empty()) return {};
  const NodeInfoLister* snap = handle_.snapshot;
  int64_t total_nodes = snap ? static_cast<int64_t>(snap->List().size()) : 1;
  if (total_nodes == 0) total_nodes = 1;
  int64_t sum = 0;
  const auto& sizes = node.node()->image_sizes;
  for (const std::string& image : pod.images) {
    auto it = sizes.find(image);
    if (it == sizes.end()) continue;
    int64_t nodes_with = snap ? snap->ImageNodeCount(image) : 1;
    sum += static_cast<int64_t>(static_cast<double>(it->second) * static_cast<double>(nodes_with) /
                                static_cast<double>(total_nodes));
  }
  int64_t max_threshold = kMaxContainerThreshold * static_cast<int64_t>(pod.images.size());
  if (sum < kMinThreshold) sum = kMinThreshold;
  if (sum > max_threshold) sum = max_threshold;
  *score = kMaxNodeScore * (sum - kMinThreshold) / (max_threshold - kMinThreshold);
  return {};
}

std::unique_ptr<Plugin> New(const boost::json::object&, Handle& handle) {
  return std::make_unique<ImageLocality>(handle);
}

}  // namespace kubepp::scheduler::plugins::imagelocality
