// HorizontalPodAutoscaler autoscaling/v1 ↔ autoscaling/v2.
#include "api/conversion/hpa_v1.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/conversion/conversion.h"

namespace kubepp::api::conversion {
namespace {

using boost::json::object;

object Json(std::string_view text) { return boost::json::parse(text).as_object(); }
std::string Text(const boost::json::value& v) { return boost::json::serialize(v); }

TEST(HpaV1, TheCpuTargetBecomesAResourceMetric) {
  object hpa = Json(R"({"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"h"},
      "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"minReplicas":1,
              "maxReplicas":5,"targetCPUUtilizationPercentage":50},
      "status":{"currentReplicas":2,"desiredReplicas":3,"currentCPUUtilizationPercentage":70}})");
  ASSERT_TRUE(HpaV1ToV2(hpa).ok());
  EXPECT_EQ(hpa.at("apiVersion").as_string(), "autoscaling/v2");
  EXPECT_EQ(Text(hpa.at("spec").at("metrics")),
            R"([{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}])");
  EXPECT_FALSE(hpa.at("spec").as_object().contains("targetCPUUtilizationPercentage"));
  EXPECT_EQ(hpa.at("spec").at("maxReplicas").as_int64(), 5);
  EXPECT_EQ(Text(hpa.at("status").at("currentMetrics")),
            R"([{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":70}}}])");
  EXPECT_EQ(hpa.at("status").at("desiredReplicas").as_int64(), 3);
}

TEST(HpaV1, NoTargetMeansTheDefaultEightyPercent) {
  object hpa = Json(R"({"metadata":{"name":"h"},"spec":{"maxReplicas":3}})");
  ASSERT_TRUE(HpaV1ToV2(hpa).ok());
  EXPECT_EQ(hpa.at("spec").at("metrics").at(0).at("resource").at("target").at("averageUtilization").as_int64(), 80);
}

TEST(HpaV1, WhatV1CannotSayRoundTripsThroughAnnotations) {
  const object v2 = Json(R"({"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
      "metadata":{"name":"h","annotations":{"team":"a"}},
      "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":9,
              "metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}},
                         {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}}],
              "behavior":{"scaleDown":{"stabilizationWindowSeconds":30}}},
      "status":{"currentReplicas":2,"desiredReplicas":2,
                "currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":40,"averageValue":"20m"}}}],
                "conditions":[{"type":"AbleToScale","status":"True","reason":"ReadyForNewScale"}]}})");
  object v1 = v2;
  HpaV2ToV1(v1);
  EXPECT_EQ(v1.at("apiVersion").as_string(), "autoscaling/v1");
  EXPECT_EQ(v1.at("spec").at("targetCPUUtilizationPercentage").as_int64(), 60);
  EXPECT_EQ(v1.at("status").at("currentCPUUtilizationPercentage").as_int64(), 40);
  const auto& annotations = v1.at("metadata").at("annotations").as_object();
  EXPECT_EQ(annotations.at("team").as_string(), "a");
  EXPECT_TRUE(annotations.contains("autoscaling.alpha.kubernetes.io/metrics"));
  EXPECT_TRUE(annotations.contains("autoscaling.alpha.kubernetes.io/behavior"));
  EXPECT_TRUE(annotations.contains("autoscaling.alpha.kubernetes.io/current-metrics"));
  EXPECT_TRUE(annotations.contains("autoscaling.alpha.kubernetes.io/conditions"));
  EXPECT_FALSE(v1.at("spec").as_object().contains("metrics"));

  object back = v1;
  ASSERT_TRUE(HpaV1ToV2(back).ok());
  // The CPU metric comes first now; everything else is as it was.
  EXPECT_EQ(Text(back.at("spec").at("metrics").at(0)), Text(v2.at("spec").at("metrics").at(1)));
  EXPECT_EQ(Text(back.at("spec").at("metrics").at(1)), Text(v2.at("spec").at("metrics").at(0)));
  EXPECT_EQ(Text(back.at("spec").at("behavior")), Text(v2.at("spec").at("behavior")));
  EXPECT_EQ(Text(back.at("status")), Text(v2.at("status")));
  EXPECT_EQ(Text(back.at("metadata")), Text(v2.at("metadata")));
}

TEST(HpaV1, AnEmptyStatusStillHasItsReplicaCounts) {
  object hpa = Json(R"({"metadata":{"name":"h"},"spec":{"maxReplicas":3,"metrics":[]}})");
  HpaV2ToV1(hpa);
  EXPECT_EQ(Text(hpa.at("status")), R"({"currentReplicas":0,"desiredReplicas":0})");
}

TEST(HpaV1, AMangledAnnotationIsABadRequest) {
  object hpa = Json(R"({"metadata":{"name":"h","annotations":{"autoscaling.alpha.kubernetes.io/metrics":"{not json"}},
      "spec":{"maxReplicas":3}})");
  Status st = HpaV1ToV2(hpa);
  EXPECT_EQ(st.reason(), Reason::kBadRequest) << st.ToString();
}

TEST(Conversion, OnlyOtherVersionsThanTheStoredOneConvert) {
  ResourceInfo v1{.group = "autoscaling", .version = "v1", .resource = "horizontalpodautoscalers"};
  ResourceInfo v2{.group = "autoscaling", .version = "v2", .resource = "horizontalpodautoscalers"};
  ResourceInfo pods{.group = "", .version = "v1", .resource = "pods"};
  EXPECT_TRUE(ConvertsForStorage(v1));
  EXPECT_FALSE(ConvertsForStorage(v2));
  EXPECT_FALSE(ConvertsForStorage(pods));
  object pod = Json(R"({"metadata":{"name":"p"}})");
  ASSERT_TRUE(ToStorageVersion(pods, pod).ok());
  EXPECT_EQ(Text(pod), R"({"metadata":{"name":"p"}})");
}

}  // namespace
}  // namespace kubepp::api::conversion
