// The object a create, update or patch answers with is the object as stored,
// at the write's resourceVersion: exactly what a GET right after returns,
// whether the reply reuses the stored bytes or the resource converts for
// storage (autoscaling/v1 HorizontalPodAutoscalers are stored as v2).
#include <gtest/gtest.h>

#include <string>

#include "unit/apiserver/api_test_harness.h"

namespace kubepp::apiserver {
namespace {

using testing::ApiTestHarness;

class WriteResponseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces",
                      R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns"}})")
                  .status,
              201);
  }
  // The write's answer equals a GET of what it wrote, resourceVersion included.
  void ExpectAnswerIsStored(const testing::Response& written, int status, const std::string& path) {
    ASSERT_EQ(written.status, status) << boost::json::serialize(written.body);
    auto read = api_.Do("GET", path);
    ASSERT_EQ(read.status, 200);
    EXPECT_EQ(written.body, read.body) << "written: " << boost::json::serialize(written.body)
                                       << "\nread:    " << boost::json::serialize(read.body);
    EXPECT_FALSE(written.body.at("metadata").at("resourceVersion").as_string().empty());
  }

  ApiTestHarness api_;
};

TEST_F(WriteResponseTest, CreateUpdateAndPatchAnswerWithTheStoredObject) {
  const std::string path = "/api/v1/namespaces/ns/configmaps/cm";
  auto created = api_.Do(
      "POST", "/api/v1/namespaces/ns/configmaps",
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","labels":{"a":"1"}},)"
      R"("data":{"k":"v","unicode":"\u00e9\u4e2d","quote":"\"x\""}})");
  ExpectAnswerIsStored(created, 201, path);

  boost::json::object replaced = created.body.as_object();
  replaced["data"].as_object()["k"] = "w";
  ExpectAnswerIsStored(api_.Do("PUT", path, boost::json::serialize(replaced)), 200, path);

  ExpectAnswerIsStored(api_.Do("PATCH", path, R"({"metadata":{"annotations":{"n":"2"}}})",
                               "application/merge-patch+json"),
                       200, path);
}

TEST_F(WriteResponseTest, AResourceThatConvertsForStorageAnswersAsItsOwnVersion) {
  const std::string path = "/apis/autoscaling/v1/namespaces/ns/horizontalpodautoscalers/h";
  auto created = api_.Do(
      "POST", "/apis/autoscaling/v1/namespaces/ns/horizontalpodautoscalers",
      R"({"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"h"},)"
      R"("spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"d"},"maxReplicas":3,)"
      R"("targetCPUUtilizationPercentage":50}})");
  ExpectAnswerIsStored(created, 201, path);
  EXPECT_EQ(created.body.at("apiVersion").as_string(), "autoscaling/v1");
  EXPECT_EQ(created.body.at("spec").at("targetCPUUtilizationPercentage").as_int64(), 50);
}

}  // namespace
}  // namespace kubepp::apiserver
