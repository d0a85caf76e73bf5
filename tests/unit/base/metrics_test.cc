#include "base/metrics.h"

#include <gtest/gtest.h>

namespace kubepp::metrics {
namespace {

TEST(MetricsTest, HistogramsRenderInTheTextFormatWithGosNumbers) {
  Family latency("request_seconds", "Time per request.", {"verb"}, Family::Type::kHistogram,
                 {1e-05, 0.005, 0.1, 1});
  latency.Observe({"GET"}, 0.05);
  latency.Observe({"GET"}, 2.5);
  std::string out;
  latency.Render(out);
  EXPECT_EQ(out,
            "# HELP request_seconds Time per request.\n"
            "# TYPE request_seconds histogram\n"
            "request_seconds_bucket{verb=\"GET\",le=\"1e-05\"} 0\n"
            "request_seconds_bucket{verb=\"GET\",le=\"0.005\"} 0\n"
            "request_seconds_bucket{verb=\"GET\",le=\"0.1\"} 1\n"
            "request_seconds_bucket{verb=\"GET\",le=\"1\"} 1\n"
            "request_seconds_bucket{verb=\"GET\",le=\"+Inf\"} 2\n"
            "request_seconds_sum{verb=\"GET\"} 2.55\n"
            "request_seconds_count{verb=\"GET\"} 2\n");
}

TEST(MetricsTest, CountersAndGaugesEscapeTheirLabels) {
  Family requests("requests_total", "Requests.", {"path"}, Family::Type::kCounter);
  requests.Add({"/a\"b\\c\nd"}, 3);
  std::string out;
  requests.Render(out);
  EXPECT_EQ(out,
            "# HELP requests_total Requests.\n"
            "# TYPE requests_total counter\n"
            "requests_total{path=\"/a\\\"b\\\\c\\nd\"} 3\n");
}

}  // namespace
}  // namespace kubepp::metrics
