#include "apiserver/metricsapi/metrics_storage.h"

namespace kubepp::apiserver::metricsapi {
namespace {

// The youngest container metrics-server trusts to have used no CPU before its
// start time; younger ones wait for a second scrape.
constexpr std::chrono::seconds kFreshContainerMinResolution{10};

}  // namespace

std::optional<std::pair<Usage, TimeWindow>> UsageBetween(const MetricsPoint& last,
                                                         const MetricsPoint& prev) {
  if (last.start_time < prev.start_time) return std::nullopt;  // restarted in between
  if (last.cpu_nanos < prev.cpu_nanos) return std::nullopt;
  const Clock::Duration window = last.timestamp - prev.timestamp;
  if (window <= Clock::Duration::zero()) return std::nullopt;
  const double seconds = std::chrono::duration<double>(window).count();
  Usage u;
  u.cpu_nano_cores =
      static_cast<uint64_t>(static_cast<double>(last.cpu_nanos - prev.cpu_nanos) / seconds);
  u.memory_bytes = last.memory_bytes;
  return std::make_pair(u, TimeWindow{last.timestamp, window});
}

void MetricsStorage::Store(const MetricsBatch& batch) {
  std::lock_guard lock(mu_);
  std::map<std::string, MetricsPoint> last_nodes, prev_nodes;
  for (const auto& [name, point] : batch.nodes) {
    last_nodes[name] = point;
    auto last = last_nodes_.find(name);
    if (last == last_nodes_.end()) continue;
    if (point.timestamp > last->second.timestamp) {
      prev_nodes[name] = last->second;
    } else if (auto prev = prev_nodes_.find(name);
               prev != prev_nodes_.end() && prev->second.timestamp < point.timestamp) {
      prev_nodes[name] = prev->second;
    }
  }
  last_nodes_ = std::move(last_nodes);
  prev_nodes_ = std::move(prev_nodes);

  std::map<PodRef, Containers> last_pods, prev_pods;
  for (const auto& [ref, containers] : batch.pods) {
    Containers last_containers, prev_containers;
    const auto stored_last = last_pods_.find(ref);
    const auto stored_prev = prev_pods_.find(ref);
    for (const auto& [name, point] : containers) {
      last_containers[name] = point;
      const Clock::Duration age = point.timestamp - point.start_time;
      if (point.start_time != Time{} && point.start_time < point.timestamp && age < resolution_ &&
          age >= kFreshContainerMinResolution) {
        MetricsPoint at_start = point;
        at_start.timestamp = point.start_time;
        at_start.cpu_nanos = 0;
        prev_containers[name] = at_start;
        continue;
      }
      if (stored_last == last_pods_.end()) continue;
      auto last = stored_last->second.find(name);
      // Keep the history only while the container has not restarted since.
      if (last == stored_last->second.end() || !(point.start_time < last->second.timestamp))
        continue;
      if (point.timestamp > last->second.timestamp) {
        prev_containers[name] = last->second;
      } else if (stored_prev != prev_pods_.end()) {
        auto prev = stored_prev->second.find(name);
        if (prev != stored_prev->second.end() && prev->second.timestamp < point.timestamp) {
          prev_containers[name] = prev->second;
        }
      }
    }
    if (!prev_containers.empty()) prev_pods[ref] = std::move(prev_containers);
    last_pods[ref] = std::move(last_containers);
  }
  last_pods_ = std::move(last_pods);
  prev_pods_ = std::move(prev_pods);
}

std::optional<NodeUsage> MetricsStorage::Node(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto last = last_nodes_.find(name);
  auto prev = prev_nodes_.find(name);
  if (last == last_nodes_.end() || prev == prev_nodes_.end()) return std::nullopt;
  auto usage = UsageBetween(last->second, prev->second);
  if (!usage) return std::nullopt;
  return NodeUsage{usage->second, usage->first};
}

std::optional<PodUsage> MetricsStorage::Pod(const PodRef& ref) const {
  std::lock_guard lock(mu_);
  auto last = last_pods_.find(ref);
  auto prev = prev_pods_.find(ref);
  if (last == last_pods_.end() || prev == prev_pods_.end()) return std::nullopt;
  PodUsage out;
  bool have_time = false;
  for (const auto& [name, point] : last->second) {
    auto before = prev->second.find(name);
    if (before == prev->second.end()) return std::nullopt;  // every container or none
    auto usage = UsageBetween(point, before->second);
    if (!usage) continue;
    out.containers.push_back(ContainerUsage{name, usage->first});
    if (!have_time || usage->second.timestamp < out.time.timestamp) {
      out.time = usage->second;
      have_time = true;
    }
  }
  return out;
}

}  // namespace kubepp::apiserver::metricsapi
