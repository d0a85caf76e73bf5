// Decoding a kubelet's /metrics/resource as metrics-server does.
#include "apiserver/metricsapi/resource_metrics_decoder.h"

#include <gtest/gtest.h>

namespace kubepp::apiserver::metricsapi {
namespace {

Time Ms(int64_t ms) { return Time{std::chrono::milliseconds(ms)}; }

constexpr const char* kText =
    "# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the "
    "container in core-seconds\n"
    "# TYPE container_cpu_usage_seconds_total counter\n"
    "container_cpu_usage_seconds_total{container=\"app\",namespace=\"default\",pod=\"web\"} 1.5 "
    "1767225600000\n"
    "container_cpu_usage_seconds_total{container=\"side\",namespace=\"default\",pod=\"web\"} 0.25 "
    "1767225600000\n"
    "container_cpu_usage_seconds_total{container=\"c\",namespace=\"kube-system\",pod=\"half\"} 3 "
    "1767225600000\n"
    "# HELP container_memory_working_set_bytes [STABLE] Current working set of the container in "
    "bytes\n"
    "# TYPE container_memory_working_set_bytes gauge\n"
    "container_memory_working_set_bytes{container=\"app\",namespace=\"default\",pod=\"web\"} "
    "1.048576e+06 "
    "1767225600001\n"
    "container_memory_working_set_bytes{container=\"side\",namespace=\"default\",pod=\"web\"} 4096 "
    "1767225600001\n"
    "container_memory_working_set_bytes{container=\"c\",namespace=\"kube-system\",pod=\"half\"} 0 "
    "1767225600001\n"
    "container_start_time_seconds{container=\"app\",namespace=\"default\",pod=\"web\"} "
    "1.7672250005e+09\n"
    "node_cpu_usage_seconds_total 1234.5 1767225600123\n"
    "node_memory_working_set_bytes 2.147483648e+09 1767225600456\n"
    "resource_scrape_error 0\n";

TEST(ResourceMetricsDecoderTest, NodeAndContainers) {
  auto batch = DecodeResourceMetrics(kText, Ms(1), "node-1");
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_EQ(batch->nodes.size(), 1u);
  const MetricsPoint& node = batch->nodes.at("node-1");
  EXPECT_EQ(node.cpu_nanos, 1234500000000u);
  EXPECT_EQ(node.memory_bytes, 2147483648u);
  EXPECT_EQ(node.timestamp, Ms(1767225600456));  // the last node sample's time
  // "half" reports a container with no memory: the whole pod is left out.
  ASSERT_EQ(batch->pods.size(), 1u);
  const auto& web = batch->pods.at(PodRef{"default", "web"});
  ASSERT_EQ(web.size(), 2u);
  EXPECT_EQ(web.at("app").cpu_nanos, 1500000000u);
  EXPECT_EQ(web.at("app").memory_bytes, 1048576u);
  EXPECT_EQ(web.at("app").timestamp, Ms(1767225600001));
  EXPECT_EQ(web.at("app").start_time, Ms(1767225000500));
  EXPECT_EQ(web.at("side").cpu_nanos, 250000000u);
  EXPECT_EQ(web.at("side").start_time, Time{});
}

TEST(ResourceMetricsDecoderTest, SamplesWithoutTimestampsTakeTheScrapeTime) {
  auto batch = DecodeResourceMetrics(
      "node_cpu_usage_seconds_total 10\nnode_memory_working_set_bytes 20\n", Ms(5000), "n");
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->nodes.at("n").timestamp, Ms(5000));
}

TEST(ResourceMetricsDecoderTest, IncompleteNodeIsLeftOut) {
  auto batch = DecodeResourceMetrics("node_cpu_usage_seconds_total 10 1000\n", Ms(1), "n");
  ASSERT_TRUE(batch.ok());
  EXPECT_TRUE(batch->nodes.empty());
  batch = DecodeResourceMetrics("resource_scrape_error 1\n", Ms(1), "n");
  ASSERT_TRUE(batch.ok());
  EXPECT_TRUE(batch->nodes.empty());
  EXPECT_TRUE(batch->pods.empty());
}

TEST(ResourceMetricsDecoderTest, LabelEscapesAndOrder) {
  auto batch = DecodeResourceMetrics(
      "container_cpu_usage_seconds_total{pod=\"a\\\"b\",namespace=\"n\\\\s\",container=\"c\",} 1 "
      "10\n"
      "container_memory_working_set_bytes{namespace=\"n\\\\s\",container=\"c\",pod=\"a\\\"b\"} 2 "
      "10\n",
      Ms(1), "n");
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_EQ(batch->pods.count(PodRef{"n\\s", "a\"b"}), 1u);
}

TEST(ResourceMetricsDecoderTest, MalformedText) {
  EXPECT_FALSE(DecodeResourceMetrics("node_cpu_usage_seconds_total{x=\"1} 3\n", Ms(1), "n").ok());
  EXPECT_FALSE(DecodeResourceMetrics("node_cpu_usage_seconds_total abc\n", Ms(1), "n").ok());
  EXPECT_FALSE(DecodeResourceMetrics("<html>\n", Ms(1), "n").ok());
  EXPECT_FALSE(DecodeResourceMetrics("node_cpu_usage_seconds_total 1 12x\n", Ms(1), "n").ok());
}

}  // namespace
}  // namespace kubepp::apiserver::metricsapi
