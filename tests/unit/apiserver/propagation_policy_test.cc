#include <gtest/gtest.h>

#include "unit/apiserver/api_test_harness.h"

namespace kubepp::apiserver {
namespace {

using testing::ApiTestHarness;

std::vector<std::string> Finalizers(const boost::json::value& obj) {
  std::vector<std::string> out;
  const auto* meta = obj.as_object().if_contains("metadata");
  const auto* f = meta ? meta->as_object().if_contains("finalizers") : nullptr;
  if (f && f->is_array()) {
    for (const auto& v : f->as_array()) out.emplace_back(v.as_string());
  }
  return out;
}

class PropagationPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns"}})").status, 201);
    ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces/ns/configmaps",
                      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","finalizers":["example.com/hold"]}})")
                  .status,
              201);
  }
  std::vector<std::string> Delete(const std::string& query) {
    auto resp = api_.Do("DELETE", "/api/v1/namespaces/ns/configmaps/cm" + query);
    EXPECT_LT(resp.status, 300) << boost::json::serialize(resp.body);
    return Finalizers(api_.Do("GET", "/api/v1/namespaces/ns/configmaps/cm").body);
  }
  ApiTestHarness api_;
};

using Strings = std::vector<std::string>;

TEST_F(PropagationPolicyTest, ForegroundAndOrphanSetTheirFinalizer) {
  EXPECT_EQ(Delete("?propagationPolicy=Foreground"), (Strings{"example.com/hold", "foregroundDeletion"}));
  // A later Orphan replaces Foreground; Background drops both.
  EXPECT_EQ(Delete("?propagationPolicy=Orphan"), (Strings{"example.com/hold", "orphan"}));
  EXPECT_EQ(Delete(""), (Strings{"example.com/hold", "orphan"}));
  EXPECT_EQ(Delete("?propagationPolicy=Background"), (Strings{"example.com/hold"}));
}

TEST_F(PropagationPolicyTest, OrphanDependentsParameter) {
  EXPECT_EQ(Delete("?orphanDependents=true"), (Strings{"example.com/hold", "orphan"}));
}

TEST(PropagationPolicy, ForegroundKeepsAnObjectWithoutOtherFinalizers) {
  ApiTestHarness api;
  ASSERT_EQ(api.Do("POST", "/api/v1/namespaces", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns"}})").status, 201);
  ASSERT_EQ(api.Do("POST", "/apis/apps/v1/namespaces/ns/replicasets",
                   R"({"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"rs"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}})")
                .status,
            201);
  auto deleted = api.Do("DELETE", "/apis/apps/v1/namespaces/ns/replicasets/rs",
                        R"({"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground"})");
  EXPECT_EQ(deleted.status, 202);
  auto got = api.Do("GET", "/apis/apps/v1/namespaces/ns/replicasets/rs");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(Finalizers(got.body), Strings{"foregroundDeletion"});
  // Without a policy, a ReplicaSet goes at once (Background: the collector removes its pods).
  ASSERT_EQ(api.Do("POST", "/apis/apps/v1/namespaces/ns/replicasets",
                   R"({"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"rs2"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}})")
                .status,
            201);
  EXPECT_EQ(api.Do("DELETE", "/apis/apps/v1/namespaces/ns/replicasets/rs2").status, 200);
  EXPECT_EQ(api.Do("GET", "/apis/apps/v1/namespaces/ns/replicasets/rs2").status, 404);
}

}  // namespace
}  // namespace kubepp::apiserver
