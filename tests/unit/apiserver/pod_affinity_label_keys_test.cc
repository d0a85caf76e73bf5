#include "apiserver/pod_affinity_label_keys.h"

#include <gtest/gtest.h>

#include "unit/apiserver/api_test_harness.h"

namespace kubepp::apiserver {
namespace {

using testing::ApiTestHarness;

constexpr const char* kPod = R"({"apiVersion":"v1","kind":"Pod",
  "metadata":{"name":"p","labels":{"app":"web","rev":"r2"}},
  "spec":{"containers":[{"name":"c","image":"i"}],
    "affinity":{
      "podAntiAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[
        {"labelSelector":{"matchLabels":{"app":"web"}},"topologyKey":"kubernetes.io/hostname",
         "matchLabelKeys":["rev","absent"],"mismatchLabelKeys":["app"]}]},
      "podAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[
        {"weight":5,"podAffinityTerm":{"labelSelector":{},"topologyKey":"zone","matchLabelKeys":["app"]}}]}}}})";

class PodAffinityLabelKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns"}})")
                  .status,
              201);
    ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces/ns/serviceaccounts", R"({"metadata":{"name":"default"}})").status, 201);
  }
  ApiTestHarness api_;
};

TEST_F(PodAffinityLabelKeysTest, CreateMergesTheKeysIntoLabelSelector) {
  auto created = api_.Do("POST", "/api/v1/namespaces/ns/pods", kPod);
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
  const auto& affinity = created.body.at("spec").at("affinity");
  const auto& anti = affinity.at("podAntiAffinity").at("requiredDuringSchedulingIgnoredDuringExecution").at(0);
  // The pod has no "absent" label: only rev is added; mismatch keys become NotIn.
  EXPECT_EQ(boost::json::serialize(anti.at("labelSelector")),
            R"({"matchLabels":{"app":"web"},"matchExpressions":[{"key":"rev","operator":"In","values":["r2"]},)"
            R"({"key":"app","operator":"NotIn","values":["web"]}]})");
  // The key lists stay as written.
  EXPECT_EQ(boost::json::serialize(anti.at("matchLabelKeys")), R"(["rev","absent"])");
  const auto& pref = affinity.at("podAffinity").at("preferredDuringSchedulingIgnoredDuringExecution").at(0);
  EXPECT_EQ(boost::json::serialize(pref.at("podAffinityTerm").at("labelSelector")),
            R"({"matchExpressions":[{"key":"app","operator":"In","values":["web"]}]})");
}

TEST_F(PodAffinityLabelKeysTest, ValidationAsUpstream) {
  // A key in both lists.
  auto both = api_.Do("POST", "/api/v1/namespaces/ns/pods", R"({"apiVersion":"v1","kind":"Pod",
    "metadata":{"name":"p","labels":{"app":"web"}},
    "spec":{"containers":[{"name":"c","image":"i"}],"affinity":{"podAffinity":{
      "requiredDuringSchedulingIgnoredDuringExecution":[{"labelSelector":{"matchLabels":{"x":"y"}},
      "topologyKey":"zone","matchLabelKeys":["app"],"mismatchLabelKeys":["app"]}]}}}})");
  ASSERT_EQ(both.status, 422);
  std::string msg(both.body.at("message").as_string());
  EXPECT_NE(msg.find("spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[0]: "
                     "Invalid value: \"app\": exists in both matchLabelKeys and mismatchLabelKeys"),
            std::string::npos)
      << msg;
  // A matchLabelKeys key the selector already constrains.
  auto dup = api_.Do("POST", "/api/v1/namespaces/ns/pods", R"({"apiVersion":"v1","kind":"Pod",
    "metadata":{"name":"p","labels":{"app":"web"}},
    "spec":{"containers":[{"name":"c","image":"i"}],"affinity":{"podAffinity":{
      "requiredDuringSchedulingIgnoredDuringExecution":[{"labelSelector":{"matchLabels":{"app":"web"}},
      "topologyKey":"zone","matchLabelKeys":["app"]}]}}}})");
  ASSERT_EQ(dup.status, 422);
  msg = std::string(dup.body.at("message").as_string());
  EXPECT_NE(msg.find("spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0][0]: "
                     "Invalid value: \"app\": exists in both matchLabelKeys and labelSelector"),
            std::string::npos)
      << msg;
  // Keys without a labelSelector.
  auto nil = api_.Do("POST", "/api/v1/namespaces/ns/pods", R"({"apiVersion":"v1","kind":"Pod",
    "metadata":{"name":"p","labels":{"app":"web"}},
    "spec":{"containers":[{"name":"c","image":"i"}],"affinity":{"podAffinity":{
      "requiredDuringSchedulingIgnoredDuringExecution":[{"topologyKey":"zone","mismatchLabelKeys":["app"]}]}}}})");
  ASSERT_EQ(nil.status, 422);
  msg = std::string(nil.body.at("message").as_string());
  EXPECT_NE(msg.find("spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].mismatchLabelKeys: "
                     "Forbidden: must not be specified when labelSelector is not set"),
            std::string::npos)
      << msg;
}

TEST(MergeAffinityLabelKeys, PodWithoutLabelsOrAffinityIsUntouched) {
  boost::json::object pod{{"spec", {{"containers", boost::json::array{}}}}};
  boost::json::object before = pod;
  MergeAffinityLabelKeys(pod);
  EXPECT_EQ(pod, before);
}

}  // namespace
}  // namespace kubepp::apiserver
