// ServiceAccount admission's image pull part: a pod that lists no
// imagePullSecrets gets its account's; one that lists any keeps its own.
#include <gtest/gtest.h>

#include "apiserver/admission/admission.h"
#include "unit/apiserver/api_test_harness.h"

namespace kubepp::apiserver {
namespace {

using boost::json::object;
using testing::ApiTestHarness;

object Parse(std::string_view text) { return boost::json::parse(text).as_object(); }

TEST(ServiceAccountAdmission, CopiesTheAccountsPullSecretsIntoPodsWithoutAny) {
  object account = Parse(R"({"imagePullSecrets":[{"name":"regcred"},{"name":"backup"}]})");
  object pod = Parse(R"({"metadata":{"name":"p"},"spec":{"serviceAccountName":"default"}})");
  admission::ApplyServiceAccountPullSecrets(account, pod);
  EXPECT_EQ(boost::json::serialize(pod.at("spec").at("imagePullSecrets")), R"([{"name":"regcred"},{"name":"backup"}])");

  object own = Parse(R"({"spec":{"imagePullSecrets":[{"name":"mine"}]}})");
  admission::ApplyServiceAccountPullSecrets(account, own);
  EXPECT_EQ(boost::json::serialize(own.at("spec").at("imagePullSecrets")), R"([{"name":"mine"}])");

  object empty_list = Parse(R"({"spec":{"imagePullSecrets":[]}})");
  admission::ApplyServiceAccountPullSecrets(account, empty_list);
  EXPECT_EQ(empty_list.at("spec").at("imagePullSecrets").as_array().size(), 2u);

  object mirror = Parse(R"({"metadata":{"annotations":{"kubernetes.io/config.mirror":"x"}},"spec":{}})");
  admission::ApplyServiceAccountPullSecrets(account, mirror);
  EXPECT_FALSE(mirror.at("spec").as_object().contains("imagePullSecrets"));

  object none = Parse(R"({"spec":{}})");
  admission::ApplyServiceAccountPullSecrets(Parse("{}"), none);
  EXPECT_FALSE(none.at("spec").as_object().contains("imagePullSecrets"));
}

TEST(ServiceAccountAdmission, PodsCreatedThroughTheApiGetThemFromTheStoredAccount) {
  ApiTestHarness api;
  ASSERT_EQ(api.Do("POST", "/api/v1/namespaces", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns"}})")
                .status,
            201);
  ASSERT_EQ(api.Do("POST", "/api/v1/namespaces/ns/serviceaccounts",
                   R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"puller"},
                       "imagePullSecrets":[{"name":"regcred"}]})")
                .status,
            201);
  auto created = api.Do("POST", "/api/v1/namespaces/ns/pods",
                        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
                            "spec":{"serviceAccountName":"puller","containers":[{"name":"c","image":"i"}]}})");
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
  EXPECT_EQ(boost::json::serialize(created.body.at("spec").at("imagePullSecrets")), R"([{"name":"regcred"}])");
  // An account that does not exist (yet) leaves the pod as it is.
  auto orphan = api.Do("POST", "/api/v1/namespaces/ns/pods",
                       R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"q"},
                           "spec":{"serviceAccountName":"nobody","containers":[{"name":"c","image":"i"}]}})");
  ASSERT_EQ(orphan.status, 201) << boost::json::serialize(orphan.body);
  EXPECT_FALSE(orphan.body.at("spec").as_object().contains("imagePullSecrets"));
}

}  // namespace
}  // namespace kubepp::apiserver
