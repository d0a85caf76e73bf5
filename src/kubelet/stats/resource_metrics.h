// The kubelet's /metrics/resource: the Summary API's CPU and memory figures
// in the Prometheus text format (0.0.4), with the names, labels, HELP texts
// and stability markers of upstream's resource metrics collector:
//
//   node_cpu_usage_seconds_total            counter  [STABLE]
//   node_memory_working_set_bytes           gauge    [STABLE]
//   node_swap_usage_bytes                   gauge    [ALPHA]
//   container_cpu_usage_seconds_total       counter  [STABLE] {container, namespace, pod}
//   container_memory_working_set_bytes      gauge    [STABLE] {container, namespace, pod}
//   container_start_time_seconds            gauge    [STABLE] {container, namespace, pod}
//   container_swap_usage_bytes              gauge    [ALPHA]  {container, namespace, pod}
//   pod_cpu_usage_seconds_total             counter  [STABLE] {namespace, pod}
//   pod_memory_working_set_bytes            gauge    [STABLE] {namespace, pod}
//   pod_swap_usage_bytes                    gauge    [ALPHA]  {namespace, pod}
//   resource_scrape_error                   gauge    [STABLE] 1 when the stats could not be read
//
// Usage samples carry the millisecond timestamp of their measurement, which
// is what a scraper computes CPU rates from. Families are sorted by name and
// series by label values, as Prometheus' registry writes them; a family with
// no series is left out. (The deprecated scrape_error is hidden in v1.32, as
// upstream hides metrics deprecated in an earlier minor release.)
//
// Thread safety: a pure function.
#pragma once

#include <string>

#include "base/status.h"
#include "kubelet/stats/summary.h"

namespace kubepp::kubelet::stats {

// A failed summary renders resource_scrape_error 1 and nothing else.
std::string RenderResourceMetrics(const StatusOr<Summary>& summary);

}  // namespace kubepp::kubelet::stats
