#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "api/codec/codec.h"
#include "apiserver/admission/admission.h"
#include "unit/apiserver/api_test_harness.h"

namespace kubepp::apiserver::admission {
namespace {

using boost::json::object;

object Json(std::string_view text) { return api::ParseJson(text)->as_object(); }
std::string Text(const boost::json::value& v) { return boost::json::serialize(v); }
std::string Suffix() { return "abcde"; }

const object kAccount = Json(R"({"metadata":{"name":"default","namespace":"ns"}})");

TEST(ServiceAccountAdmissionTest, DefaultsTheAccountAndMountsTheTokenEverywhere) {
  object pod = Json(R"({"metadata":{"name":"p","namespace":"ns"},"spec":{
      "initContainers":[{"name":"init"}],"containers":[{"name":"a"},{"name":"b","volumeMounts":[{"name":"data","mountPath":"/data"}]}]}})");
  ASSERT_EQ(ApplyServiceAccount(&kAccount, pod, Suffix), "");
  const auto& spec = pod["spec"].as_object();
  EXPECT_EQ(spec.at("serviceAccountName").as_string(), "default");
  EXPECT_EQ(spec.at("serviceAccount").as_string(), "default");
  const std::string mount =
      R"({"name":"kube-api-access-abcde","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"})";
  EXPECT_EQ(Text(spec.at("initContainers").at(0).at("volumeMounts")), "[" + mount + "]");
  EXPECT_EQ(Text(spec.at("containers").at(0).at("volumeMounts")), "[" + mount + "]");
  EXPECT_EQ(Text(spec.at("containers").at(1).at("volumeMounts")),
            R"([{"name":"data","mountPath":"/data"},)" + mount + "]");
  EXPECT_EQ(Text(spec.at("volumes")),
            R"([{"name":"kube-api-access-abcde","projected":{"sources":[)"
            R"({"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},)"
            R"({"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},)"
            R"({"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}])"
            R"(,"defaultMode":420}}])");
  EXPECT_FALSE(spec.contains("imagePullSecrets"));
  EXPECT_EQ(CheckServiceAccount(&kAccount, pod), "");
}

TEST(ServiceAccountAdmissionTest, AutomountFalseOnThePodOrTheAccount) {
  object pod = Json(R"({"metadata":{"name":"p","namespace":"ns"},"spec":{"automountServiceAccountToken":false,"containers":[{"name":"a"}]}})");
  ASSERT_EQ(ApplyServiceAccount(&kAccount, pod, Suffix), "");
  EXPECT_FALSE(pod["spec"].as_object().contains("volumes"));
  EXPECT_FALSE(pod["spec"].as_object()["containers"].as_array()[0].as_object().contains("volumeMounts"));

  object quiet = Json(R"({"metadata":{"name":"builder"},"automountServiceAccountToken":false})");
  object pod2 = Json(R"({"metadata":{"name":"p","namespace":"ns"},"spec":{"serviceAccountName":"builder","containers":[{"name":"a"}]}})");
  ASSERT_EQ(ApplyServiceAccount(&quiet, pod2, Suffix), "");
  EXPECT_FALSE(pod2["spec"].as_object().contains("volumes"));
  // The pod's own choice wins over its account's.
  object pod3 = Json(R"({"metadata":{"name":"p","namespace":"ns"},"spec":{"serviceAccountName":"builder",
      "automountServiceAccountToken":true,"containers":[{"name":"a"}]}})");
  ASSERT_EQ(ApplyServiceAccount(&quiet, pod3, Suffix), "");
  EXPECT_TRUE(pod3["spec"].as_object().contains("volumes"));
}

TEST(ServiceAccountAdmissionTest, KeepsAnExistingMountAndVolume) {
  object pod = Json(R"({"metadata":{"name":"p","namespace":"ns"},"spec":{
      "volumes":[{"name":"kube-api-access-zzzzz","projected":{"sources":[]}}],
      "containers":[{"name":"a","volumeMounts":[{"name":"mine","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]},
                    {"name":"b"}]}})");
  ASSERT_EQ(ApplyServiceAccount(&kAccount, pod, Suffix), "");
  const auto& spec = pod["spec"].as_object();
  EXPECT_EQ(spec.at("volumes").as_array().size(), 1u);
  EXPECT_EQ(spec.at("containers").at(0).at("volumeMounts").as_array().size(), 1u);
  EXPECT_EQ(spec.at("containers").at(1).at("volumeMounts").at(0).at("name").as_string(), "kube-api-access-zzzzz");
}

TEST(ServiceAccountAdmissionTest, CopiesPullSecretsOnlyWhenThePodHasNone) {
  object sa = Json(R"({"metadata":{"name":"default"},"imagePullSecrets":[{"name":"regcred"}]})");
  object pod = Json(R"({"metadata":{"name":"p","namespace":"ns"},"spec":{"containers":[{"name":"a"}]}})");
  ASSERT_EQ(ApplyServiceAccount(&sa, pod, Suffix), "");
  EXPECT_EQ(Text(pod["spec"].as_object()["imagePullSecrets"]), R"([{"name":"regcred"}])");
  object own = Json(R"({"metadata":{"name":"p","namespace":"ns"},"spec":{"imagePullSecrets":[{"name":"mine"}],"containers":[{"name":"a"}]}})");
  ASSERT_EQ(ApplyServiceAccount(&sa, own, Suffix), "");
  EXPECT_EQ(Text(own["spec"].as_object()["imagePullSecrets"]), R"([{"name":"mine"}])");
}

TEST(ServiceAccountAdmissionTest, MissingAccountIsRefused) {
  object pod = Json(R"({"metadata":{"name":"p","namespace":"ns"},"spec":{"serviceAccountName":"ghost","containers":[{"name":"a"}]}})");
  EXPECT_EQ(ApplyServiceAccount(nullptr, pod, Suffix),
            "error looking up service account ns/ghost: serviceaccount \"ghost\" not found");
  EXPECT_EQ(CheckServiceAccount(nullptr, pod),
            "error looking up service account ns/ghost: serviceaccount \"ghost\" not found");
}

TEST(ServiceAccountAdmissionTest, MirrorPodsAreLeftAloneButLimited) {
  object mirror = Json(R"({"metadata":{"name":"p","namespace":"ns","annotations":{"kubernetes.io/config.mirror":"h"}},
      "spec":{"containers":[{"name":"a"}]}})");
  object before = mirror;
  EXPECT_EQ(ServiceAccountNameOf(mirror), "");
  ASSERT_EQ(ApplyServiceAccount(nullptr, mirror, Suffix), "");
  EXPECT_EQ(mirror, before);
  EXPECT_EQ(CheckServiceAccount(nullptr, mirror), "");

  object with_sa = before;
  with_sa["spec"].as_object()["serviceAccountName"] = "default";
  EXPECT_EQ(CheckServiceAccount(nullptr, with_sa), "a mirror pod may not reference service accounts");
  object with_secret = before;
  with_secret["spec"].as_object()["volumes"] = Json(R"({"v":[{"name":"s","secret":{"secretName":"x"}}]})")["v"];
  EXPECT_EQ(CheckServiceAccount(nullptr, with_secret), "a mirror pod may not reference secrets");
  object with_env = before;
  with_env["spec"].as_object()["containers"] =
      Json(R"({"c":[{"name":"a","env":[{"name":"E","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}}]}]})")["c"];
  EXPECT_EQ(CheckServiceAccount(nullptr, with_env), "a mirror pod may not reference secrets");
  object with_token = before;
  with_token["spec"].as_object()["volumes"] =
      Json(R"({"v":[{"name":"t","projected":{"sources":[{"serviceAccountToken":{"path":"t"}}]}}]})")["v"];
  EXPECT_EQ(CheckServiceAccount(nullptr, with_token), "a mirror pod may not use ServiceAccountToken volume projections");
}

TEST(ServiceAccountAdmissionTest, EnforcedMountableSecrets) {
  object sa = Json(R"({"metadata":{"name":"default","annotations":{"kubernetes.io/enforce-mountable-secrets":"true"}},
      "secrets":[{"name":"allowed"}],"imagePullSecrets":[{"name":"pull"}]})");
  auto pod = [](std::string_view spec) {
    return Json(R"({"metadata":{"name":"p","namespace":"ns"},"spec":)" + std::string(spec) + "}");
  };
  EXPECT_EQ(CheckServiceAccount(&sa, pod(R"({"serviceAccountName":"default","volumes":[{"name":"v","secret":{"secretName":"allowed"}}]})")), "");
  EXPECT_EQ(CheckServiceAccount(&sa, pod(R"({"serviceAccountName":"default","volumes":[{"name":"v","secret":{"secretName":"other"}}]})")),
            "volume with secret.secretName=\"other\" is not allowed because service account default does not "
            "reference that secret");
  EXPECT_EQ(CheckServiceAccount(&sa, pod(R"({"serviceAccountName":"default","containers":[{"name":"c","envFrom":[{"secretRef":{"name":"x"}}]}]})")),
            "container c with envFrom referencing secret.secretName=\"x\" is not allowed because service account "
            "default does not reference that secret");
  EXPECT_EQ(CheckServiceAccount(&sa, pod(R"({"serviceAccountName":"default","initContainers":[{"name":"i","env":[{"name":"E","valueFrom":{"secretKeyRef":{"name":"y","key":"k"}}}]}]})")),
            "init container i with envVar E referencing secret.secretName=\"y\" is not allowed because service "
            "account default does not reference that secret");
  EXPECT_EQ(CheckServiceAccount(&sa, pod(R"({"serviceAccountName":"default","imagePullSecrets":[{"name":"pull"},{"name":"z"}]})")),
            "imagePullSecrets[1].name=\"z\" is not allowed because service account default does not reference that "
            "imagePullSecret");
}

// Through the API: a pod in a namespace whose "default" ServiceAccount
// appears only after the create started is admitted once it exists.
TEST(ServiceAccountAdmissionTest, APodWaitsForTheDefaultAccount) {
  apiserver::testing::ApiTestHarness api;
  ASSERT_EQ(api.Do("POST", "/api/v1/namespaces", R"({"metadata":{"name":"ns"}})").status, 201);
  std::thread late([&api] {
    // The create below is held by then or will find the account at once; either way it succeeds.
    api.Do("POST", "/api/v1/namespaces/ns/serviceaccounts", R"({"metadata":{"name":"default"}})");
  });
  auto created = api.Do("POST", "/api/v1/namespaces/ns/pods", R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]}})");
  late.join();
  ASSERT_EQ(created.status, 201) << Text(created.body);
  EXPECT_EQ(created.body.at("spec").at("serviceAccountName").as_string(), "default");
  EXPECT_EQ(std::string(created.body.at("spec").at("volumes").at(0).at("name").as_string()).substr(0, 16),
            "kube-api-access-");

  auto ghost = api.Do("POST", "/api/v1/namespaces/ns/pods",
                      R"({"metadata":{"name":"g"},"spec":{"serviceAccountName":"ghost","containers":[{"name":"c","image":"i"}]}})");
  EXPECT_EQ(ghost.status, 403);
  EXPECT_EQ(ghost.body.at("message").as_string(),
            "pods \"g\" is forbidden: error looking up service account ns/ghost: serviceaccount \"ghost\" not found");
}

// Through the API: a kubelet's mirror pod runs as no ServiceAccount, so it
// is admitted without one (and without a token volume) even where the
// namespace has no "default" account.
TEST(ServiceAccountAdmissionTest, AMirrorPodIsCreatedWithoutAnAccount) {
  apiserver::testing::ApiTestHarness api;
  ASSERT_EQ(api.Do("POST", "/api/v1/namespaces", R"({"metadata":{"name":"ns"}})").status, 201);
  auto created = api.Do("POST", "/api/v1/namespaces/ns/pods",
                        R"({"metadata":{"name":"m","annotations":{"kubernetes.io/config.mirror":"abc"}},
                            "spec":{"nodeName":"n","containers":[{"name":"c","image":"i"}]}})");
  ASSERT_EQ(created.status, 201) << Text(created.body);
  const auto& spec = created.body.at("spec").as_object();
  EXPECT_FALSE(spec.contains("serviceAccountName"));
  EXPECT_FALSE(spec.contains("volumes"));
}

}  // namespace
}  // namespace kubepp::apiserver::admission
