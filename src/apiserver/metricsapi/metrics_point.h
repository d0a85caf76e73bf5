// What one scrape of a kubelet's /metrics/resource says, reduced to what the
// resource metrics API needs: per node and per container, the cumulative CPU
// time and the memory working set at a moment (metrics-server's MetricsPoint
// and MetricsBatch).
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "base/clock.h"

namespace kubepp::apiserver::metricsapi {

using Time = Clock::TimePoint;

struct MetricsPoint {
  Time start_time;  // when the container started (cumulative CPU was 0 then); unset for nodes
  Time timestamp;   // when CPU was measured
  uint64_t cpu_nanos = 0;     // cumulative CPU, core-nanoseconds
  uint64_t memory_bytes = 0;  // working set
};

struct PodRef {
  std::string ns, name;
  auto operator<=>(const PodRef&) const = default;
};

struct MetricsBatch {
  std::map<std::string, MetricsPoint> nodes;                   // by node name
  std::map<PodRef, std::map<std::string, MetricsPoint>> pods;  // containers by name
};

}  // namespace kubepp::apiserver::metricsapi
