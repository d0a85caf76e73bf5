#include "kubelet/volumes/projected.h"

#include <gtest/gtest.h>

#include "fakes/fake_api_client.h"
#include "fakes/fake_token_requester.h"
#include "unit/kubelet/test_util.h"

namespace kubepp::kubelet::volumes {
namespace {

using client::Resource;
using kubelet::testing::Json;

class ProjectedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_ = fakes::FakeApiClient::Create(clock_);
    getter_ = NewApiObjectGetter(*api_);
    api_->Seed(
        Resource::Of("", "configmaps"),
        Json(
            R"({"metadata":{"name":"kube-root-ca.crt","namespace":"ns"},"data":{"ca.crt":"PEM"}})"));
    api_->Seed(Resource::Of("", "secrets"),
               Json(R"({"metadata":{"name":"s","namespace":"ns"},"data":{"k":"dg=="}})"));
  }

  FakeClock clock_;
  std::unique_ptr<fakes::FakeApiClient> api_;
  std::unique_ptr<ObjectGetter> getter_;
  boost::json::object pod_ = Json(R"({"metadata":{"name":"web","namespace":"ns","uid":"u1"},
      "spec":{"serviceAccountName":"runner","containers":[{"name":"c"}]}})");
};

// The volume the ServiceAccount admission adds to every pod.
TEST_F(ProjectedTest, KubeApiAccessVolume) {
  fakes::FakeTokenRequester tokens(clock_);
  auto source = Json(R"({"defaultMode":420,"sources":[
      {"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
      {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},
      {"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}]})");
  auto payload = ProjectedPayload(source, pod_, *getter_, &tokens, {});
  ASSERT_TRUE(payload.ok()) << payload.status().ToString();
  EXPECT_EQ(*payload, (Payload{{"token", {"token-1", 0644}},
                               {"ca.crt", {"PEM", 0644}},
                               {"namespace", {"ns", 0644}}}));
  std::vector<TokenRequest> requests = tokens.Requests();
  ASSERT_EQ(requests.size(), 1u);
  const TokenRequest& r = requests[0];
  EXPECT_EQ(r.ns, "ns");
  EXPECT_EQ(r.service_account, "runner");
  EXPECT_EQ(r.audience, "");
  EXPECT_EQ(r.expiration_seconds, 3607);
  EXPECT_EQ(r.pod_name, "web");
  EXPECT_EQ(r.pod_uid, "u1");
}

TEST_F(ProjectedTest, LaterSourcesWinAndOptionalSourcesMayBeMissing) {
  auto source = Json(R"({"defaultMode":256,"sources":[
      {"secret":{"name":"s","items":[{"key":"k","path":"same"}]}},
      {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"same","mode":420}]}},
      {"secret":{"name":"gone","optional":true}},
      {"configMap":{"name":"gone","optional":true,"items":[{"key":"x","path":"x"}]}}]})");
  auto payload = ProjectedPayload(source, pod_, *getter_, nullptr, {});
  ASSERT_TRUE(payload.ok()) << payload.status().ToString();
  EXPECT_EQ(*payload, (Payload{{"same", {"PEM", 0644}}}));
}

TEST_F(ProjectedTest, EveryFailingSourceIsReported) {
  auto source = Json(R"({"sources":[
      {"secret":{"name":"gone"}},
      {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"nope","path":"x"}]}},
      {"serviceAccountToken":{"path":"token"}}]})");
  fakes::FakeTokenRequester tokens(clock_);
  tokens.FailWith(
      Status::MethodNotAllowed("the server does not allow this method on the requested resource"));
  auto payload = ProjectedPayload(source, pod_, *getter_, &tokens, {});
  ASSERT_FALSE(payload.ok());
  EXPECT_EQ(payload.status().message(),
            "[secret \"gone\" not found, configmap references non-existent config key: nope, "
            "the server does not allow this method on the requested resource]");
}

}  // namespace
}  // namespace kubepp::kubelet::volumes
