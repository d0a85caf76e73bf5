#include "apiserver/default_toleration_seconds.h"

#include <gtest/gtest.h>

#include "unit/apiserver/api_test_harness.h"

namespace kubepp::apiserver {
namespace {

using testing::ApiTestHarness;

TEST(DefaultTolerationSeconds, NewPodsTolerateNotReadyAndUnreachableFor300s) {
  ApiTestHarness api;
  ASSERT_EQ(api.Do("POST", "/api/v1/namespaces", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns"}})").status, 201);
  ASSERT_EQ(api.Do("POST", "/api/v1/namespaces/ns/serviceaccounts", R"({"metadata":{"name":"default"}})").status, 201);
  auto created = api.Do("POST", "/api/v1/namespaces/ns/pods",
                        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]}})");
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
  const auto& tolerations = created.body.at("spec").at("tolerations").as_array();
  ASSERT_EQ(tolerations.size(), 2u);
  EXPECT_EQ(boost::json::serialize(tolerations[0]),
            R"({"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300})");
  EXPECT_EQ(boost::json::serialize(tolerations[1]),
            R"({"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300})");
}

TEST(DefaultTolerationSeconds, KeepsTheTolerationsAPodAlreadyHas) {
  boost::json::object pod{
      {"spec",
       {{"tolerations",
         {{{"key", "node.kubernetes.io/unreachable"}, {"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", 5}}}}}}};
  AddDefaultTolerationSeconds(pod);
  const auto& t = pod.at("spec").at("tolerations").as_array();
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].at("tolerationSeconds").as_int64(), 5);
  EXPECT_EQ(t[1].at("key").as_string(), "node.kubernetes.io/not-ready");

  // Tolerating everything (empty key, operator Exists) adds nothing.
  boost::json::object all{{"spec", {{"tolerations", {{{"operator", "Exists"}}}}}}};
  AddDefaultTolerationSeconds(all);
  EXPECT_EQ(all.at("spec").at("tolerations").as_array().size(), 1u);
}

}  // namespace
}  // namespace kubepp::apiserver
