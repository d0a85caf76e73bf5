#include "controllers/podautoscaler/horizontal.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "../policy_harness.h"

namespace kubepp::controllers::podautoscaler {
namespace {

using policytest::PolicyHarness;

const client::Resource kHpas = client::Resource::Of("autoscaling", "v2", "horizontalpodautoscalers");
const client::Resource kPods = client::Resource::Of("", "pods");

// Every pod uses the same amount, unless absent.
class FakeMetrics : public MetricsSource {
 public:
  StatusOr<std::map<std::string, int64_t>> PodUsageMilli(const std::string&, const api::LabelSelector&,
                                                         const std::string&) override {
    std::lock_guard lock(mu);
    return usage;
  }
  std::mutex mu;
  std::map<std::string, int64_t> usage;
};

class FakeScale : public ScaleClient {
 public:
  StatusOr<Scale> Get(const std::string&, const TargetRef& t) override {
    if (t.name != "web") return Status::NotFound("deployments.apps \"" + t.name + "\" not found");
    return Scale{replicas, replicas, "app=web"};
  }
  Status SetReplicas(const std::string&, const TargetRef&, int64_t r) override {
    replicas = r;
    ++writes;
    return Status::Ok();
  }
  int64_t replicas = 2;
  int writes = 0;
};

boost::json::object Pod(std::string_view name) {
  auto pod = PolicyHarness::Json(R"({"metadata":{"namespace":"ns","labels":{"app":"web"}},
      "spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":"100m"}}}]},
      "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}})");
  pod["metadata"].as_object()["name"] = name;
  return pod;
}

boost::json::object Hpa(int min, int max) {
  auto hpa = PolicyHarness::Json(R"({"metadata":{"name":"h","namespace":"ns"},"spec":{
      "scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
      "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]}})");
  hpa["spec"].as_object()["minReplicas"] = min;
  hpa["spec"].as_object()["maxReplicas"] = max;
  return hpa;
}

class HorizontalTest : public ::testing::Test {
 protected:
  void TearDown() override {
    h_.Stop();
    if (controller_) controller_->Stop();
  }
  void Begin(int min, int max, int pods, bool with_metrics = true) {
    h_.api().Seed(kHpas, Hpa(min, max));
    for (int i = 0; i < pods; ++i) h_.api().Seed(kPods, Pod("p" + std::to_string(i)));
    auto metrics = std::make_unique<FakeMetrics>();
    auto scale = std::make_unique<FakeScale>();
    scale->replicas = pods;
    metrics_ = metrics.get();
    scale_ = scale.get();
    controller_ = with_metrics ? std::make_unique<HorizontalController>(h_.ctx(), std::move(metrics), std::move(scale))
                               : std::make_unique<HorizontalController>(h_.ctx(), nullptr, std::move(scale));
    h_.Start();
  }
  void Use(int pods, int64_t milli) {
    std::lock_guard lock(metrics_->mu);
    metrics_->usage.clear();
    for (int i = 0; i < pods; ++i) metrics_->usage["p" + std::to_string(i)] = milli;
  }
  void SyncNow() {
    h_.Settle({kHpas});
    ASSERT_TRUE(controller_->Sync("ns/h").ok());
  }
  boost::json::object Status() { return h_.Get(kHpas, "ns", "h")["status"].as_object(); }
  std::string Cond(std::string_view type, std::string_view field = "reason") {
    auto st = Status();
    for (const auto& c : st["conditions"].as_array()) {
      if (c.as_object().at("type").as_string() == type) return std::string(c.as_object().at(field).as_string());
    }
    return "";
  }

  PolicyHarness h_;
  std::unique_ptr<HorizontalController> controller_;
  FakeMetrics* metrics_ = nullptr;
  FakeScale* scale_ = nullptr;
};

TEST_F(HorizontalTest, WithoutMetricsScalingIsInactive) {
  Begin(1, 10, 2, /*with_metrics=*/false);
  SyncNow();
  EXPECT_EQ(Cond("ScalingActive", "status"), "False");
  EXPECT_EQ(Cond("ScalingActive"), "FailedGetResourceMetric");
  EXPECT_EQ(Cond("ScalingActive", "message"),
            "the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics "
            "for resource cpu: no metrics returned from resource metrics API");
  EXPECT_EQ(Cond("AbleToScale"), "SucceededGetScale");
  EXPECT_EQ(scale_->writes, 0);
  // Upstream's two warnings: the metric's, and the summary of the metrics that gave no count.
  EXPECT_EQ(h_.Recorder("horizontal-pod-autoscaler").Events(),
            (std::vector<std::string>{
                "Warning FailedGetResourceMetric failed to get cpu utilization: unable to get "
                "metrics for resource cpu: no metrics returned from resource metrics API",
                "Warning FailedComputeMetricsReplicas invalid metrics (1 invalid out of 1), first "
                "error is: failed to get cpu resource metric value: failed to get cpu "
                "utilization: unable to get metrics for resource cpu: no metrics returned from "
                "resource metrics API"}));
}

TEST_F(HorizontalTest, ScalesUpByTheUsageRatio) {
  Begin(1, 10, 2);
  Use(2, 100);  // 100% of requests against a 50% target
  SyncNow();
  EXPECT_EQ(scale_->replicas, 4);
  auto st = Status();
  EXPECT_EQ(st["desiredReplicas"].as_int64(), 4);
  EXPECT_EQ(st["currentReplicas"].as_int64(), 2);
  EXPECT_TRUE(st.contains("lastScaleTime"));
  const auto& cur = st["currentMetrics"].as_array()[0].as_object().at("resource").as_object().at("current").as_object();
  EXPECT_EQ(cur.at("averageUtilization").as_int64(), 100);
  EXPECT_EQ(cur.at("averageValue").as_string(), "100m");
  EXPECT_EQ(Cond("AbleToScale"), "SucceededRescale");
  EXPECT_EQ(Cond("ScalingActive"), "ValidMetricFound");
  EXPECT_EQ(Cond("ScalingLimited"), "DesiredWithinRange");
  auto events = h_.Recorder("horizontal-pod-autoscaler").Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0], "Normal SuccessfulRescale New size: 4; reason: cpu resource utilization (percentage of request) above target");
}

// The default source reads PodMetrics from metrics.k8s.io, as upstream's HPA does.
TEST_F(HorizontalTest, ScalesOnPodMetricsFromTheResourceMetricsApi) {
  const client::Resource pod_metrics = client::Resource::Of("metrics.k8s.io", "v1beta1", "pods");
  auto metrics = [](std::string_view name, std::string_view app, std::string_view cpu1, std::string_view cpu2) {
    auto m = PolicyHarness::Json(R"({"apiVersion":"metrics.k8s.io/v1beta1","kind":"PodMetrics",
        "metadata":{"namespace":"ns","labels":{}},"timestamp":"2026-01-01T00:00:00Z","window":"15s",
        "containers":[{"name":"c","usage":{"memory":"1Mi"}},{"name":"d","usage":{"memory":"1Mi"}}]})");
    m["metadata"].as_object()["name"] = name;
    m["metadata"].as_object()["labels"].as_object()["app"] = app;
    auto& containers = m["containers"].as_array();
    containers[0].as_object()["usage"].as_object()["cpu"] = cpu1;
    if (!cpu2.empty()) {
      containers[1].as_object()["usage"].as_object()["cpu"] = cpu2;
    }
    return m;
  };
  // p0 and p1 use 151m each (containers summed; 30000001n counts as 31m);
  // p2 misses cpu in one container and does not count; "other" is not selected.
  h_.api().Seed(pod_metrics, metrics("p0", "web", "119999999n", "30000001n"));
  h_.api().Seed(pod_metrics, metrics("p1", "web", "76m", "75m"));
  h_.api().Seed(pod_metrics, metrics("p2", "web", "900m", ""));
  h_.api().Seed(pod_metrics, metrics("other", "db", "5", "5"));
  Begin(1, 10, 2, /*with_metrics=*/false);
  SyncNow();
  auto st = Status();
  ASSERT_TRUE(st.contains("currentMetrics")) << boost::json::serialize(st);
  const auto& cur = st["currentMetrics"].as_array()[0].as_object().at("resource").as_object().at("current").as_object();
  EXPECT_EQ(cur.at("averageValue").as_string(), "151m") << boost::json::serialize(cur);
  EXPECT_EQ(cur.at("averageUtilization").as_int64(), 151);
  EXPECT_EQ(scale_->replicas, 6);  // ceil(2 * 151 / 50) = 7, capped by the scale-up rate (2 + 4 pods)
  EXPECT_EQ(Cond("ScalingActive"), "ValidMetricFound");
}

TEST_F(HorizontalTest, WithinToleranceNothingChanges) {
  Begin(1, 10, 2);
  Use(2, 54);
  SyncNow();
  EXPECT_EQ(scale_->writes, 0);
  EXPECT_EQ(Status()["desiredReplicas"].as_int64(), 2);
  EXPECT_EQ(Cond("AbleToScale"), "ReadyForNewScale");
}

TEST_F(HorizontalTest, ScaleDownWaitsForTheStabilizationWindow) {
  Begin(1, 10, 4);
  Use(4, 50);
  SyncNow();  // recommendation 4 at t0
  EXPECT_EQ(scale_->writes, 0);
  Use(4, 25);
  h_.clock().Advance(std::chrono::seconds(60));
  SyncNow();
  EXPECT_EQ(scale_->replicas, 4);
  EXPECT_EQ(Cond("AbleToScale"), "ScaleDownStabilized");
  h_.clock().Advance(std::chrono::seconds(250));
  SyncNow();
  EXPECT_EQ(scale_->replicas, 2);
}

TEST_F(HorizontalTest, BoundsAndRateLimits) {
  Begin(1, 3, 2);
  Use(2, 500);  // wants 20
  SyncNow();
  EXPECT_EQ(scale_->replicas, 3);
  EXPECT_EQ(Cond("ScalingLimited"), "TooManyReplicas");
  EXPECT_EQ(Cond("ScalingLimited", "status"), "True");
}

TEST_F(HorizontalTest, ScaleUpRateIsLimitedPerPeriod) {
  Begin(1, 100, 1);
  Use(1, 1000);  // wants 20; the default policies allow max(1+4, 2*1) = 5 per 15 s
  SyncNow();
  EXPECT_EQ(scale_->replicas, 5);
  EXPECT_EQ(Cond("ScalingLimited"), "ScaleUpLimit");
}

TEST_F(HorizontalTest, ReplicasBelowMinAreRaised) {
  Begin(3, 10, 1);
  SyncNow();
  EXPECT_EQ(scale_->replicas, 3);
  auto events = h_.Recorder("horizontal-pod-autoscaler").Events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back(), "Normal SuccessfulRescale New size: 3; reason: Current number of replicas below Spec.MinReplicas");
}

}  // namespace
}  // namespace kubepp::controllers::podautoscaler
