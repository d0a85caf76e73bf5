#include "kubelet/stats/stats_handlers.h"

#include "kubelet/stats/go_json_indent.h"
#include "kubelet/stats/resource_metrics.h"
#include "kubelet/stats/summary_json.h"

namespace kubepp::kubelet::stats {

StatusOr<std::string> SummaryJson(StatsProvider& provider, bool only_cpu_and_memory) {
  auto summary = only_cpu_and_memory ? provider.GetCpuAndMemory()
                                     : provider.GetSummary(/*update_cpu_usage=*/false);
  if (!summary.ok()) return summary.status();
  return GoIndentedJson(SummaryToJson(*summary));
}

std::string ResourceMetricsText(StatsProvider& provider) {
  return RenderResourceMetrics(provider.GetCpuAndMemory());
}

bool OnlyCpuAndMemory(std::string_view query) {
  int found = 0;
  bool is_true = false;
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(pos, amp - pos);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) == "only_cpu_and_memory") {
      ++found;
      is_true = eq != std::string_view::npos && pair.substr(eq + 1) == "true";
    }
    pos = amp + 1;
  }
  return found == 1 && is_true;
}

std::optional<net::HttpResponse> ServeStats(StatsProvider& provider,
                                            const net::HttpRequest& request) {
  net::HttpResponse response;
  if (request.path == kSummaryPath) {
    if (request.method != "GET" && request.method != "POST") {
      response.status = 405;
      response.content_type = "text/plain; charset=utf-8";
      response.body = "405: Method Not Allowed";
      return response;
    }
    auto body = SummaryJson(provider, OnlyCpuAndMemory(request.query));
    if (!body.ok()) {
      response.status = 500;
      response.content_type = "text/plain; charset=utf-8";
      response.body = "Internal Error: " + body.status().message();
      return response;
    }
    response.body = std::move(*body);
    return response;
  }
  if (request.path == kResourceMetricsPath) {
    if (request.method != "GET" && request.method != "HEAD") {
      response.status = 405;
      response.content_type = "text/plain; charset=utf-8";
      response.body = "405: Method Not Allowed";
      return response;
    }
    response.content_type = kPrometheusTextType;
    response.body = ResourceMetricsText(provider);
    return response;
  }
  return std::nullopt;
}

}  // namespace kubepp::kubelet::stats
