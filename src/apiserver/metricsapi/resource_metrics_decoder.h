// Decodes a kubelet's /metrics/resource (Prometheus text) into metric points,
// keeping what metrics-server keeps:
//
//   node_cpu_usage_seconds_total, node_memory_working_set_bytes    -> the node
//   container_cpu_usage_seconds_total, container_memory_working_set_bytes,
//   container_start_time_seconds {container, namespace, pod}       -> containers
//
// A sample without a timestamp is taken at `scrape_time`. The node counts
// only with a timestamp and non-zero CPU and memory; a pod counts only when
// every container it reports has non-zero CPU and memory (a half-reported pod
// would make its sum wrong).
//
// Thread safety: a pure function.
#pragma once

#include <string_view>

#include "apiserver/metricsapi/metrics_point.h"
#include "base/status.h"

namespace kubepp::apiserver::metricsapi {

// BadRequest when the text is not Prometheus text.
StatusOr<MetricsBatch> DecodeResourceMetrics(std::string_view text, Time scrape_time,
                                             const std::string& node_name);

}  // namespace kubepp::apiserver::metricsapi
