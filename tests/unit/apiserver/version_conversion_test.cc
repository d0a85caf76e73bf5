// One HorizontalPodAutoscaler seen through autoscaling/v1 and autoscaling/v2:
// written in either, read in either, the store holding the v2 form.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "unit/apiserver/api_test_harness.h"

namespace kubepp::apiserver {
namespace {

using testing::ApiTestHarness;

const char kV1[] = "/apis/autoscaling/v1/namespaces/ns/horizontalpodautoscalers";
const char kV2[] = "/apis/autoscaling/v2/namespaces/ns/horizontalpodautoscalers";

class VersionConversionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces", R"({"metadata":{"name":"ns"}})").status, 201);
  }
  ApiTestHarness api_;
};

TEST_F(VersionConversionTest, AV1AutoscalerIsStoredAsV2AndReadBackAsV1) {
  auto created = api_.Do("POST", kV1, R"({"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler",
      "metadata":{"name":"web"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
      "maxReplicas":4,"targetCPUUtilizationPercentage":50}})");
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
  EXPECT_EQ(created.body.at("apiVersion").as_string(), "autoscaling/v1");
  EXPECT_EQ(created.body.at("spec").at("targetCPUUtilizationPercentage").as_int64(), 50);
  EXPECT_EQ(created.body.at("spec").at("minReplicas").as_int64(), 1);  // v1's default

  auto v2 = api_.Do("GET", std::string(kV2) + "/web");
  ASSERT_EQ(v2.status, 200);
  EXPECT_EQ(v2.body.at("apiVersion").as_string(), "autoscaling/v2");
  EXPECT_EQ(boost::json::serialize(v2.body.at("spec").at("metrics")),
            R"([{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}])");
  EXPECT_FALSE(v2.body.at("spec").as_object().contains("targetCPUUtilizationPercentage"));

  auto listed = api_.Do("GET", kV1);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.at("items").at(0).at("spec").at("targetCPUUtilizationPercentage").as_int64(), 50);
  EXPECT_EQ(listed.body.at("items").at(0).at("apiVersion").as_string(), "autoscaling/v1");
}

TEST_F(VersionConversionTest, AV1UpdateKeepsTheMetricsV1CannotShow) {
  ASSERT_EQ(api_.Do("POST", kV2, R"({"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
      "metadata":{"name":"web"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
      "maxReplicas":4,"metrics":[
        {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}},
        {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}}]}})")
                .status,
            201);
  auto v1 = api_.Do("GET", std::string(kV1) + "/web");
  ASSERT_EQ(v1.status, 200);
  EXPECT_EQ(v1.body.at("spec").at("targetCPUUtilizationPercentage").as_int64(), 60);
  // A v1 client raises maxReplicas with a read-modify-write of what it saw.
  boost::json::object edited = v1.body.as_object();
  edited["spec"].as_object()["maxReplicas"] = 7;
  auto updated = api_.Do("PUT", std::string(kV1) + "/web", boost::json::serialize(edited));
  ASSERT_EQ(updated.status, 200) << boost::json::serialize(updated.body);

  auto v2 = api_.Do("GET", std::string(kV2) + "/web");
  ASSERT_EQ(v2.status, 200);
  EXPECT_EQ(v2.body.at("spec").at("maxReplicas").as_int64(), 7);
  const auto& metrics = v2.body.at("spec").at("metrics").as_array();
  ASSERT_EQ(metrics.size(), 2u);
  EXPECT_EQ(metrics[1].at("resource").at("name").as_string(), "memory");
  // The round-trip annotations never reach the stored object.
  const auto* annotations = v2.body.at("metadata").as_object().if_contains("annotations");
  EXPECT_TRUE(annotations == nullptr || annotations->as_object().empty());

  // A v1 merge patch of the CPU target lands in the v2 metric.
  auto patched = api_.Do("PATCH", std::string(kV1) + "/web", R"({"spec":{"targetCPUUtilizationPercentage":30}})",
                         "application/merge-patch+json");
  ASSERT_EQ(patched.status, 200) << boost::json::serialize(patched.body);
  v2 = api_.Do("GET", std::string(kV2) + "/web");
  EXPECT_EQ(v2.body.at("spec").at("metrics").at(0).at("resource").at("target").at("averageUtilization").as_int64(),
            30);
}

TEST_F(VersionConversionTest, OneEventThroughTheCoreAndTheEventsApi) {
  auto created = api_.Do("POST", "/apis/events.k8s.io/v1/namespaces/ns/events",
                         R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e1"},
      "eventTime":"2026-01-02T03:04:05.000000Z","reportingController":"kubepp.io/test","reportingInstance":"t-1",
      "action":"Testing","reason":"Tested","type":"Normal","note":"a note",
      "regarding":{"kind":"Pod","name":"p","namespace":"ns"}})");
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
  EXPECT_EQ(created.body.at("note").as_string(), "a note");

  auto core = api_.Do("GET", "/api/v1/namespaces/ns/events/e1");
  ASSERT_EQ(core.status, 200);
  EXPECT_EQ(core.body.at("apiVersion").as_string(), "v1");
  EXPECT_EQ(core.body.at("message").as_string(), "a note");
  EXPECT_EQ(core.body.at("involvedObject").at("name").as_string(), "p");
  EXPECT_EQ(core.body.at("reportingComponent").as_string(), "kubepp.io/test");

  ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces/ns/events",
                    R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"e2"},"reason":"Old","message":"legacy",
                        "involvedObject":{"kind":"Pod","name":"q","namespace":"ns"},"count":4,"type":"Warning"})")
                .status,
            201);
  auto listed = api_.Do("GET", "/apis/events.k8s.io/v1/namespaces/ns/events");
  ASSERT_EQ(listed.status, 200);
  const auto& items = listed.body.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  for (const auto& item : items) {
    EXPECT_EQ(item.at("apiVersion").as_string(), "events.k8s.io/v1");
    EXPECT_TRUE(item.as_object().contains("regarding"));
    EXPECT_FALSE(item.as_object().contains("involvedObject"));
  }
  auto legacy = api_.Do("GET", "/apis/events.k8s.io/v1/namespaces/ns/events/e2");
  EXPECT_EQ(legacy.body.at("note").as_string(), "legacy");
  EXPECT_EQ(legacy.body.at("deprecatedCount").as_int64(), 4);

  // Field selectors use each API's own names for the same stored fields.
  auto selected = api_.Do("GET", "/apis/events.k8s.io/v1/namespaces/ns/events?fieldSelector=regarding.name%3Dq");
  ASSERT_EQ(selected.status, 200) << boost::json::serialize(selected.body);
  ASSERT_EQ(selected.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(selected.body.at("items").at(0).at("metadata").at("name").as_string(), "e2");
  auto by_controller =
      api_.Do("GET", "/apis/events.k8s.io/v1/namespaces/ns/events?fieldSelector=reportingController%3Dkubepp.io%2Ftest");
  ASSERT_EQ(by_controller.status, 200);
  ASSERT_EQ(by_controller.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(by_controller.body.at("items").at(0).at("metadata").at("name").as_string(), "e1");
  auto core_selected = api_.Do("GET", "/api/v1/namespaces/ns/events?fieldSelector=involvedObject.name%3Dp");
  ASSERT_EQ(core_selected.status, 200);
  ASSERT_EQ(core_selected.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(api_.Do("GET", "/api/v1/namespaces/ns/events?fieldSelector=regarding.name%3Dp").status, 400);
}

}  // namespace
}  // namespace kubepp::apiserver
