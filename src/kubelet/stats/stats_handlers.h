// The kubelet's stats endpoints as plain functions for its HTTPS server:
//
//   GET|POST /stats/summary[?only_cpu_and_memory=true]   Summary API JSON
//   GET      /metrics/resource                           Prometheus text
//
// The summary serves the cached CPU rates (update_cpu_usage = false), as
// upstream's handler does for outside callers. A failure to gather the
// summary answers 500 "Internal Error: ..."; /metrics/resource never fails
// (it reports resource_scrape_error 1 instead).
//
// Thread safety: as StatsProvider — any thread, concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "kubelet/stats/stats_provider.h"
#include "net/http.h"

namespace kubepp::kubelet::stats {

inline constexpr std::string_view kSummaryPath = "/stats/summary";
inline constexpr std::string_view kResourceMetricsPath = "/metrics/resource";
inline constexpr const char* kPrometheusTextType = "text/plain; version=0.0.4; charset=utf-8";

// The summary as JSON, pretty-printed as upstream answers it.
StatusOr<std::string> SummaryJson(StatsProvider& provider, bool only_cpu_and_memory);
// The /metrics/resource body.
std::string ResourceMetricsText(StatsProvider& provider);
// Whether a /stats/summary query asks for CPU and memory only
// (only_cpu_and_memory=true, exactly, given once).
bool OnlyCpuAndMemory(std::string_view query);

// The whole response for a request to one of the paths above; nullopt for
// any other path, so a server can try it first and route on.
std::optional<net::HttpResponse> ServeStats(StatsProvider& provider,
                                            const net::HttpRequest& request);

}  // namespace kubepp::kubelet::stats
