// serviceaccounts/token, TokenReview and SelfSubjectReview through the
// ApiHandler, with a signing key of the test's own.
#include "apiserver/token_request.h"

#include <gtest/gtest.h>

#include "apiserver/object_meta.h"
#include "base/base64.h"
#include "unit/apiserver/api_test_harness.h"

namespace kubepp::apiserver {
namespace {

using testing::ApiTestHarness;
using testing::Response;

constexpr const char* kIssuer = "https://kubernetes.default.svc.cluster.local";

std::string Json(const boost::json::value& v) { return boost::json::serialize(v); }

boost::json::object ClaimsOf(const std::string& token) {
  size_t first = token.find('.');
  size_t second = token.find('.', first + 1);
  auto payload = base64::DecodeRawUrl(token.substr(first + 1, second - first - 1));
  return boost::json::parse(payload.value_or("{}")).as_object();
}

class TokenRequestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces", R"({"metadata":{"name":"ns"}})").status, 201);
    auto sa = api_.Do("POST", "/api/v1/namespaces/ns/serviceaccounts", R"({"metadata":{"name":"default"}})");
    ASSERT_EQ(sa.status, 201);
    sa_uid_ = std::string(sa.body.at("metadata").at("uid").as_string());
  }

  Response RequestToken(const std::string& body, const std::string& sa = "default") {
    return api_.Do("POST", "/api/v1/namespaces/ns/serviceaccounts/" + sa + "/token", body);
  }
  Response Review(const std::string& token, const std::string& audiences = "") {
    std::string spec = R"({"token":")" + token + "\"" + (audiences.empty() ? "" : ",\"audiences\":" + audiences) + "}";
    return api_.Do("POST", "/apis/authentication.k8s.io/v1/tokenreviews",
                   R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":)" + spec + "}");
  }
  std::string CreatePod(const std::string& name, const std::string& node = "") {
    std::string spec = R"({"containers":[{"name":"c","image":"i"}])" +
                       (node.empty() ? std::string() : ",\"nodeName\":\"" + node + "\"") + "}";
    auto pod = api_.Do("POST", "/api/v1/namespaces/ns/pods", R"({"metadata":{"name":")" + name + R"("},"spec":)" + spec + "}");
    EXPECT_EQ(pod.status, 201) << Json(pod.body);
    return std::string(pod.body.at("metadata").at("uid").as_string());
  }

  ApiTestHarness api_;
  std::string sa_uid_;
};

TEST_F(TokenRequestTest, IssuesATokenWithDefaults) {
  auto r = RequestToken(R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{}})");
  ASSERT_EQ(r.status, 201) << Json(r.body);
  const auto& body = r.body.as_object();
  EXPECT_EQ(body.at("kind").as_string(), "TokenRequest");
  EXPECT_EQ(body.at("metadata").at("name").as_string(), "default");
  EXPECT_EQ(body.at("metadata").at("namespace").as_string(), "ns");
  EXPECT_TRUE(body.at("metadata").as_object().contains("creationTimestamp"));
  EXPECT_EQ(Json(body.at("spec")), std::string(R"({"audiences":[")") + kIssuer +
                                      R"("],"expirationSeconds":3600,"boundObjectRef":null})");
  std::string token(body.at("status").at("token").as_string());
  auto claims = ClaimsOf(token);
  EXPECT_EQ(claims.at("iss").as_string(), kIssuer);
  EXPECT_EQ(claims.at("sub").as_string(), "system:serviceaccount:ns:default");
  EXPECT_EQ(claims.at("exp").as_int64() - claims.at("iat").as_int64(), 3600);
  EXPECT_EQ(claims.at("nbf").as_int64(), claims.at("iat").as_int64());
  EXPECT_FALSE(claims.at("jti").as_string().empty());
  EXPECT_EQ(Json(claims.at("kubernetes.io")),
            R"({"namespace":"ns","serviceaccount":{"name":"default","uid":")" + sa_uid_ + R"("}})");
  // The expiration timestamp is the requested lifetime from now.
  int64_t iat = claims.at("iat").as_int64();
  EXPECT_EQ(body.at("status").at("expirationTimestamp").as_string(), Rfc3339(iat + 3600));
}

TEST_F(TokenRequestTest, ValidatesTheRequest) {
  auto short_lived = RequestToken(R"({"spec":{"expirationSeconds":100}})");
  EXPECT_EQ(short_lived.status, 422);
  EXPECT_EQ(short_lived.body.at("message").as_string(),
            "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 100: may not "
            "specify a duration less than 10 minutes");
  auto long_lived = RequestToken(R"({"spec":{"expirationSeconds":4294967297}})");
  EXPECT_EQ(long_lived.status, 422);
  auto other_name = RequestToken(R"({"metadata":{"name":"other"},"spec":{}})");
  EXPECT_EQ(other_name.status, 422);
  EXPECT_EQ(other_name.body.at("message").as_string(),
            "TokenRequest.authentication.k8s.io \"default\" is invalid: metadata.name: Invalid value: \"other\": must "
            "match the service account name if specified");
  auto missing = RequestToken(R"({"spec":{}})", "nobody");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body.at("message").as_string(), "serviceaccounts \"nobody\" not found");
  auto get = api_.Do("GET", "/api/v1/namespaces/ns/serviceaccounts/default/token");
  EXPECT_EQ(get.status, 405);
  auto wrong_kind = RequestToken(R"({"apiVersion":"v1","kind":"Pod"})");
  EXPECT_EQ(wrong_kind.status, 400);
}

TEST_F(TokenRequestTest, BindsToAPodAndItsNode) {
  auto node = api_.Do("POST", "/api/v1/nodes", R"({"metadata":{"name":"node1"}})");
  ASSERT_EQ(node.status, 201);
  std::string node_uid(node.body.at("metadata").at("uid").as_string());
  std::string pod_uid = CreatePod("web", "node1");
  auto r = RequestToken(R"({"spec":{"boundObjectRef":{"apiVersion":"v1","kind":"Pod","name":"web","uid":")" + pod_uid +
                        R"("}}})");
  ASSERT_EQ(r.status, 201) << Json(r.body);
  auto claims = ClaimsOf(std::string(r.body.at("status").at("token").as_string()));
  EXPECT_EQ(Json(claims.at("kubernetes.io").at("pod")), R"({"name":"web","uid":")" + pod_uid + "\"}");
  EXPECT_EQ(Json(claims.at("kubernetes.io").at("node")), R"({"name":"node1","uid":")" + node_uid + "\"}");

  auto stale = RequestToken(R"({"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web","uid":"old"}}})");
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.body.at("message").as_string(),
            "Operation cannot be fulfilled on Pod \"web\": the UID in the bound object reference (old) does not match "
            "the UID in record. The object might have been deleted and then recreated");
  auto absent = RequestToken(R"({"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"nope"}}})");
  EXPECT_EQ(absent.status, 404);
  EXPECT_EQ(absent.body.at("message").as_string(), "pods \"nope\" not found");
  auto configmap = RequestToken(R"({"spec":{"boundObjectRef":{"kind":"ConfigMap","apiVersion":"v1","name":"x"}}})");
  EXPECT_EQ(configmap.status, 400);
  EXPECT_EQ(configmap.body.at("message").as_string(),
            "cannot bind token for serviceaccount \"default\" to object of type /v1, Kind=ConfigMap");
}

TEST_F(TokenRequestTest, RefusesAPodOfAnotherServiceAccount) {
  ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces/ns/serviceaccounts", R"({"metadata":{"name":"builder"}})").status, 201);
  CreatePod("web");
  auto r = RequestToken(R"({"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web"}}})", "builder");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.at("message").as_string(),
            "cannot bind token for serviceaccount \"builder\" to pod running with different serviceaccount name.");
}

TEST_F(TokenRequestTest, TheKubeletsProjectedTokenIsExtendedWithAWarning) {
  std::string pod_uid = CreatePod("web");
  auto r = RequestToken(R"({"spec":{"expirationSeconds":3607,"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web"}}})");
  ASSERT_EQ(r.status, 201) << Json(r.body);
  auto claims = ClaimsOf(std::string(r.body.at("status").at("token").as_string()));
  int64_t iat = claims.at("iat").as_int64();
  EXPECT_EQ(claims.at("exp").as_int64() - iat, 365 * 24 * 3600);
  EXPECT_EQ(claims.at("kubernetes.io").at("warnafter").as_int64() - iat, 3607);
  // The client is told the lifetime it asked for.
  EXPECT_EQ(r.body.at("spec").at("expirationSeconds").as_int64(), 3607);
  EXPECT_EQ(r.body.at("status").at("expirationTimestamp").as_string(), Rfc3339(iat + 3607));

  // Not for other audiences, nor for tokens that are not pod-bound.
  auto vault = RequestToken(
      R"({"spec":{"audiences":["vault"],"expirationSeconds":3607,"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web"}}})");
  auto vault_claims = ClaimsOf(std::string(vault.body.at("status").at("token").as_string()));
  EXPECT_EQ(vault_claims.at("exp").as_int64() - vault_claims.at("iat").as_int64(), 3607);
  auto unbound = RequestToken(R"({"spec":{"expirationSeconds":3607}})");
  auto unbound_claims = ClaimsOf(std::string(unbound.body.at("status").at("token").as_string()));
  EXPECT_EQ(unbound_claims.at("exp").as_int64() - unbound_claims.at("iat").as_int64(), 3607);
}

TEST_F(TokenRequestTest, TokenReviewAuthenticatesIssuedTokens) {
  std::string pod_uid = CreatePod("web");
  auto issued = RequestToken(R"({"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web"}}})");
  std::string token(issued.body.at("status").at("token").as_string());
  auto review = Review(token);
  ASSERT_EQ(review.status, 201) << Json(review.body);
  const auto& status = review.body.at("status").as_object();
  EXPECT_TRUE(status.at("authenticated").as_bool());
  EXPECT_EQ(status.at("user").at("username").as_string(), "system:serviceaccount:ns:default");
  EXPECT_EQ(status.at("user").at("uid").as_string(), sa_uid_);
  EXPECT_EQ(Json(status.at("user").at("groups")),
            R"(["system:serviceaccounts","system:serviceaccounts:ns","system:authenticated"])");
  EXPECT_EQ(Json(status.at("user").at("extra").at("authentication.kubernetes.io/pod-uid")), "[\"" + pod_uid + "\"]");
  EXPECT_EQ(Json(status.at("audiences")), std::string("[\"") + kIssuer + "\"]");

  auto other_audience = Review(token, R"(["vault"])");
  EXPECT_FALSE(other_audience.body.at("status").as_object().contains("authenticated"));
  EXPECT_EQ(other_audience.body.at("status").at("error").as_string(),
            std::string("token audiences [\"") + kIssuer + "\"] is invalid for the target audiences [\"vault\"]");

  // The pod's deletion invalidates its token.
  ASSERT_EQ(api_.Do("DELETE", "/api/v1/namespaces/ns/pods/web?gracePeriodSeconds=0").status, 200);
  auto after = Review(token);
  EXPECT_EQ(after.body.at("status").at("error").as_string(), "service account token has been invalidated");

  auto garbage = Review("garbage");
  EXPECT_EQ(Json(garbage.body.at("status")), R"({"user":{},"error":"invalid bearer token"})");
  auto empty = Review("");
  EXPECT_EQ(empty.status, 400);
}

TEST_F(TokenRequestTest, TokensExpire) {
  auto issued = RequestToken(R"({"spec":{"expirationSeconds":600}})");
  std::string token(issued.body.at("status").at("token").as_string());
  EXPECT_TRUE(Review(token).body.at("status").at("authenticated").as_bool());
  api_.clock().Advance(std::chrono::seconds(600 + 61));
  EXPECT_EQ(Review(token).body.at("status").at("error").as_string(), "service account token has expired");
}

TEST_F(TokenRequestTest, SelfSubjectReviewShowsTheCaller) {
  authn::UserInfo user{"system:serviceaccount:ns:default", "u", {"system:serviceaccounts", "system:authenticated"}, {}};
  auto r = api_.DoAs(user, "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                     R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})");
  ASSERT_EQ(r.status, 201) << Json(r.body);
  EXPECT_EQ(Json(r.body.at("status")),
            R"({"userInfo":{"username":"system:serviceaccount:ns:default","uid":"u","groups":["system:serviceaccounts","system:authenticated"]}})");
}

}  // namespace
}  // namespace kubepp::apiserver
