// The last two scrapes of every node and container, and the usage they imply
// (metrics-server's storage): CPU is the cumulative CPU time between the two
// points over the time between them; memory is the newest working set.
//
//   store(batch) replaces "last" with the batch; a point moves to "prev" only
//   when the new one is newer, and a container's "prev" is kept only while it
//   has not restarted (its start time is before the stored point).
//
// A container that started less than one resolution (15 s) but at least 10 s
// before its first point gets a "prev" at its start time with no CPU used, so
// a new pod has metrics after one scrape instead of two, as metrics-server does.
//
// Thread safety: every method takes the storage's lock.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "apiserver/metricsapi/metrics_point.h"

namespace kubepp::apiserver::metricsapi {

inline constexpr std::chrono::seconds kMetricResolution{15};

struct Usage {
  uint64_t cpu_nano_cores = 0;
  uint64_t memory_bytes = 0;
};

struct TimeWindow {
  Time timestamp;            // the end of the window
  Clock::Duration window{};  // its length
};

struct NodeUsage {
  TimeWindow time;
  Usage usage;
};

struct ContainerUsage {
  std::string name;
  Usage usage;
};

struct PodUsage {
  TimeWindow time;                         // the earliest of its containers' windows
  std::vector<ContainerUsage> containers;  // sorted by name
};

class MetricsStorage {
 public:
  explicit MetricsStorage(Clock::Duration resolution = kMetricResolution)
      : resolution_(resolution) {}

  void Store(const MetricsBatch& batch);
  // nullopt when the node has fewer than two usable points.
  std::optional<NodeUsage> Node(const std::string& name) const;
  // nullopt unless every container of the pod has two usable points.
  std::optional<PodUsage> Pod(const PodRef& ref) const;

 private:
  using Containers = std::map<std::string, MetricsPoint>;

  const Clock::Duration resolution_;
  mutable std::mutex mu_;
  // Guarded by mu_.
  std::map<std::string, MetricsPoint> last_nodes_, prev_nodes_;
  std::map<PodRef, Containers> last_pods_, prev_pods_;
};

// The usage between two points; nullopt when they do not make a window
// (start time or CPU going backwards, no time between them).
std::optional<std::pair<Usage, TimeWindow>> UsageBetween(const MetricsPoint& last,
                                                         const MetricsPoint& prev);

}  // namespace kubepp::apiserver::metricsapi
