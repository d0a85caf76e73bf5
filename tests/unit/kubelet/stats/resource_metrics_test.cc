// /metrics/resource: upstream's families, labels, HELP/TYPE lines and sample timestamps.
#include "kubelet/stats/resource_metrics.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet::stats {
namespace {

Time Ms(int64_t ms) { return Time{std::chrono::milliseconds(ms)}; }

TEST(ResourceMetricsTest, ExpositionText) {
  Summary s;
  s.node.node_name = "node-1";
  s.node.cpu = CpuStats{Ms(1767225600123), 5, 1234567890123};
  s.node.memory = MemoryStats{Ms(1767225600456), std::nullopt, std::nullopt, 2147483648,
                              std::nullopt,      std::nullopt, std::nullopt};
  s.node.swap = SwapStats{Ms(1767225600456), 1000, 0};
  for (const char* name : {"web-2", "web-1"}) {
    PodStats p;
    p.pod_ref = PodReference{name, "default", std::string("uid-") + name};
    for (const char* cname : {"sidecar", "app"}) {
      ContainerStats c;
      c.name = cname;
      c.start_time = Time{std::chrono::milliseconds(1767225000500)};
      c.cpu = CpuStats{Ms(1767225600000), std::nullopt, 1500000000};
      c.memory = MemoryStats{Ms(1767225600001), std::nullopt, std::nullopt, 1048576,
                             std::nullopt,      std::nullopt, std::nullopt};
      p.containers.push_back(c);
    }
    p.cpu = CpuStats{Ms(1767225600002), std::nullopt, 3000000000};
    p.memory = MemoryStats{Ms(1767225600003), std::nullopt, std::nullopt, 0,
                           std::nullopt,      std::nullopt, std::nullopt};
    s.pods.push_back(p);
  }
  // A container without usage figures only reports its start time.
  PodStats bare;
  bare.pod_ref = PodReference{"bare", "kube-system", "u"};
  ContainerStats c;
  c.name = "c";
  bare.containers.push_back(c);
  s.pods.push_back(bare);

  EXPECT_EQ(
      RenderResourceMetrics(s),
      "# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the "
      "container in "
      "core-seconds\n"
      "# TYPE container_cpu_usage_seconds_total counter\n"
      "container_cpu_usage_seconds_total{container=\"app\",namespace=\"default\",pod=\"web-1\"} "
      "1.5 "
      "1767225600000\n"
      "container_cpu_usage_seconds_total{container=\"app\",namespace=\"default\",pod=\"web-2\"} "
      "1.5 "
      "1767225600000\n"
      "container_cpu_usage_seconds_total{container=\"sidecar\",namespace=\"default\",pod=\"web-1\"}"
      " 1.5 "
      "1767225600000\n"
      "container_cpu_usage_seconds_total{container=\"sidecar\",namespace=\"default\",pod=\"web-2\"}"
      " 1.5 "
      "1767225600000\n"
      "# HELP container_memory_working_set_bytes [STABLE] Current working set of the container in "
      "bytes\n"
      "# TYPE container_memory_working_set_bytes gauge\n"
      "container_memory_working_set_bytes{container=\"app\",namespace=\"default\",pod=\"web-1\"} "
      "1.048576e+06 "
      "1767225600001\n"
      "container_memory_working_set_bytes{container=\"app\",namespace=\"default\",pod=\"web-2\"} "
      "1.048576e+06 "
      "1767225600001\n"
      "container_memory_working_set_bytes{container=\"sidecar\",namespace=\"default\",pod=\"web-"
      "1\"} "
      "1.048576e+06 1767225600001\n"
      "container_memory_working_set_bytes{container=\"sidecar\",namespace=\"default\",pod=\"web-"
      "2\"} "
      "1.048576e+06 1767225600001\n"
      "# HELP container_start_time_seconds [STABLE] Start time of the container since unix epoch "
      "in seconds\n"
      "# TYPE container_start_time_seconds gauge\n"
      "container_start_time_seconds{container=\"app\",namespace=\"default\",pod=\"web-1\"} "
      "1.7672250005e+09\n"
      "container_start_time_seconds{container=\"app\",namespace=\"default\",pod=\"web-2\"} "
      "1.7672250005e+09\n"
      "container_start_time_seconds{container=\"sidecar\",namespace=\"default\",pod=\"web-1\"} "
      "1.7672250005e+09\n"
      "container_start_time_seconds{container=\"sidecar\",namespace=\"default\",pod=\"web-2\"} "
      "1.7672250005e+09\n"
      "# HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the node in "
      "core-seconds\n"
      "# TYPE node_cpu_usage_seconds_total counter\n"
      "node_cpu_usage_seconds_total 1234.567890123 1767225600123\n"
      "# HELP node_memory_working_set_bytes [STABLE] Current working set of the node in bytes\n"
      "# TYPE node_memory_working_set_bytes gauge\n"
      "node_memory_working_set_bytes 2.147483648e+09 1767225600456\n"
      "# HELP node_swap_usage_bytes [ALPHA] Current swap usage of the node in bytes. Reported only "
      "on "
      "non-windows systems\n"
      "# TYPE node_swap_usage_bytes gauge\n"
      "node_swap_usage_bytes 0 1767225600456\n"
      "# HELP pod_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the pod in "
      "core-seconds\n"
      "# TYPE pod_cpu_usage_seconds_total counter\n"
      "pod_cpu_usage_seconds_total{namespace=\"default\",pod=\"web-1\"} 3 1767225600002\n"
      "pod_cpu_usage_seconds_total{namespace=\"default\",pod=\"web-2\"} 3 1767225600002\n"
      "# HELP pod_memory_working_set_bytes [STABLE] Current working set of the pod in bytes\n"
      "# TYPE pod_memory_working_set_bytes gauge\n"
      "pod_memory_working_set_bytes{namespace=\"default\",pod=\"web-1\"} 0 1767225600003\n"
      "pod_memory_working_set_bytes{namespace=\"default\",pod=\"web-2\"} 0 1767225600003\n"
      "# HELP resource_scrape_error [STABLE] 1 if there was an error while getting container "
      "metrics, 0 "
      "otherwise\n"
      "# TYPE resource_scrape_error gauge\n"
      "resource_scrape_error 0\n");
}

TEST(ResourceMetricsTest, FailedScrape) {
  EXPECT_EQ(RenderResourceMetrics(Status::Unavailable("runtime down")),
            "# HELP resource_scrape_error [STABLE] 1 if there was an error while getting container "
            "metrics, 0 "
            "otherwise\n"
            "# TYPE resource_scrape_error gauge\n"
            "resource_scrape_error 1\n");
}

TEST(ResourceMetricsTest, LabelValuesAreEscaped) {
  Summary s;
  PodStats p;
  p.pod_ref = PodReference{"a\"b\\c", "ns", "u"};
  p.memory =
      MemoryStats{Ms(1), std::nullopt, std::nullopt, 1, std::nullopt, std::nullopt, std::nullopt};
  s.pods.push_back(p);
  std::string text = RenderResourceMetrics(s);
  EXPECT_NE(text.find("pod_memory_working_set_bytes{namespace=\"ns\",pod=\"a\\\"b\\\\c\"} 1 1\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace kubepp::kubelet::stats
