// Server-side apply through /scale: the Scale sees who owns the parent's
// spec.replicas, conflicts and force work there as anywhere, and the outcome
// is written back into the parent's managedFields.
#include <gtest/gtest.h>

#include "unit/apiserver/api_test_harness.h"

namespace kubepp::apiserver {
namespace {

using testing::ApiTestHarness;
using testing::Response;

constexpr const char* kApply = "application/apply-patch+yaml";
constexpr const char* kDeployments = "/apis/apps/v1/namespaces/ns/deployments";

std::string ScaleConfig(int replicas) {
  return "apiVersion: autoscaling/v1\nkind: Scale\nmetadata:\n  name: web\nspec:\n  replicas: " +
         std::to_string(replicas) + "\n";
}

class ScaleApplyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces",
                      R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns"}})")
                  .status,
              201);
    auto created = api_.Do("POST", std::string(kDeployments) + "?fieldManager=creator",
                           R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                               "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                               "template":{"metadata":{"labels":{"app":"web"}},
                               "spec":{"containers":[{"name":"c","image":"nginx"}]}}}})");
    ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
  }
  Response ApplyScale(int replicas, const std::string& query) {
    return api_.Do("PATCH", std::string(kDeployments) + "/web/scale?" + query,
                   ScaleConfig(replicas), kApply);
  }
  boost::json::object Deployment() {
    return api_.Do("GET", std::string(kDeployments) + "/web").body.as_object();
  }
  // The managedFields entry of `manager`, or null.
  boost::json::value EntryOf(const std::string& manager) {
    boost::json::object deployment = Deployment();
    for (const auto& e : deployment["metadata"].as_object()["managedFields"].as_array()) {
      if (e.as_object().at("manager").as_string() == manager) return e;
    }
    return nullptr;
  }

  ApiTestHarness api_;
};

TEST_F(ScaleApplyTest, ReplicasOwnedByAnotherManagerConflict) {
  auto r = ApplyScale(3, "fieldManager=scaler");
  ASSERT_EQ(r.status, 409) << boost::json::serialize(r.body);
  EXPECT_EQ(
      std::string(r.body.at("message").as_string()),
      "Apply failed with 1 conflict: conflict with \"creator\" using apps/v1: .spec.replicas");
  EXPECT_EQ(Deployment()["spec"].as_object()["replicas"].as_int64(), 1);
}

TEST_F(ScaleApplyTest, ForceTakesTheReplicasIntoAnEntryForTheScaleSubresource) {
  auto r = ApplyScale(3, "fieldManager=scaler&force=true");
  ASSERT_EQ(r.status, 200) << boost::json::serialize(r.body);
  EXPECT_EQ(r.body.at("kind").as_string(), "Scale");
  EXPECT_EQ(r.body.at("spec").at("replicas").as_int64(), 3);
  EXPECT_EQ(Deployment()["spec"].as_object()["replicas"].as_int64(), 3);

  boost::json::value scaler = EntryOf("scaler");
  ASSERT_TRUE(scaler.is_object()) << boost::json::serialize(Deployment()["metadata"]);
  EXPECT_EQ(scaler.at("operation").as_string(), "Apply");
  EXPECT_EQ(scaler.at("apiVersion").as_string(), "apps/v1");
  EXPECT_EQ(scaler.at("subresource").as_string(), "scale");
  EXPECT_EQ(boost::json::serialize(scaler.at("fieldsV1")), R"({"f:spec":{"f:replicas":{}}})");
  // The creator keeps the rest of what it set.
  boost::json::value creator = EntryOf("creator");
  ASSERT_TRUE(creator.is_object());
  const auto& spec = creator.at("fieldsV1").at("f:spec").as_object();
  EXPECT_FALSE(spec.contains("f:replicas"));
  EXPECT_TRUE(spec.contains("f:selector"));
}

TEST_F(ScaleApplyTest, TheOwnerAppliesAgainFreelyAndTheMainResourceNowConflicts) {
  ASSERT_EQ(ApplyScale(3, "fieldManager=scaler&force=true").status, 200);
  auto again = ApplyScale(5, "fieldManager=scaler");
  ASSERT_EQ(again.status, 200) << boost::json::serialize(again.body);
  EXPECT_EQ(Deployment()["spec"].as_object()["replicas"].as_int64(), 5);

  auto main = api_.Do(
      "PATCH", std::string(kDeployments) + "/web?fieldManager=creator",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n",
      kApply);
  ASSERT_EQ(main.status, 409) << boost::json::serialize(main.body);
  EXPECT_EQ(std::string(main.body.at("message").as_string()),
            "Apply failed with 1 conflict: conflict with \"scaler\" with subresource \"scale\": "
            ".spec.replicas");
}

TEST_F(ScaleApplyTest, TheScaleMustBeTheOneOnTheUrlAndNotNegative) {
  auto other = api_.Do(
      "PATCH", std::string(kDeployments) + "/web/scale?fieldManager=scaler&force=true",
      "apiVersion: autoscaling/v1\nkind: Scale\nmetadata:\n  name: db\nspec:\n  replicas: 2\n",
      kApply);
  EXPECT_EQ(other.status, 400);
  auto negative = ApplyScale(-1, "fieldManager=scaler&force=true");
  EXPECT_EQ(negative.status, 422);
  auto kind = api_.Do("PATCH", std::string(kDeployments) + "/web/scale?fieldManager=scaler",
                      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n", kApply);
  EXPECT_EQ(kind.status, 400);
  EXPECT_EQ(
      api_.Do("PATCH", std::string(kDeployments) + "/web/scale", ScaleConfig(2), kApply).status,
      422);
}

}  // namespace
}  // namespace kubepp::apiserver
