#include "serviceaccount/authenticator.h"

#include <map>

#include <gtest/gtest.h>

#include "base/base64.h"
#include "serviceaccount/jwt.h"

namespace kubepp::serviceaccount {
namespace {

using boost::json::object;

constexpr const char* kIssuer = "https://kubernetes.default.svc.cluster.local";

class MapGetter : public ObjectGetter {
 public:
  std::map<std::string, object> objects;  // "<kind>/<ns>/<name>"

  void Put(const std::string& kind, const std::string& ns, const std::string& name, const std::string& uid,
           const std::string& deletion = "") {
    object meta{{"name", name}, {"uid", uid}};
    if (!ns.empty()) meta["namespace"] = ns;
    if (!deletion.empty()) meta["deletionTimestamp"] = deletion;
    objects[kind + "/" + ns + "/" + name] = object{{"metadata", meta}};
  }
  object& At(const std::string& kind, const std::string& ns, const std::string& name) {
    return objects.at(kind + "/" + ns + "/" + name);
  }

  StatusOr<object> GetServiceAccount(const std::string& ns, const std::string& name) override {
    return Find("serviceaccounts", ns, name);
  }
  StatusOr<object> GetPod(const std::string& ns, const std::string& name) override { return Find("pods", ns, name); }
  StatusOr<object> GetSecret(const std::string& ns, const std::string& name) override {
    return Find("secrets", ns, name);
  }
  StatusOr<object> GetNode(const std::string& name) override { return Find("nodes", "", name); }

 private:
  StatusOr<object> Find(const std::string& kind, const std::string& ns, const std::string& name) {
    auto it = objects.find(kind + "/" + ns + "/" + name);
    if (it == objects.end()) return Status::NotFound(kind + " \"" + name + "\" not found");
    return it->second;
  }
};

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = PrivateKey::Generate();
    ASSERT_TRUE(key.ok());
    key_.emplace(std::move(*key));
    getter_.Put("serviceaccounts", "ns", "default", "sa-uid");
    getter_.Put("pods", "ns", "web", "pod-uid");
    getter_.Put("nodes", "", "node1", "node-uid");
    getter_.Put("secrets", "ns", "s", "secret-uid");
    AuthenticatorOptions options;
    options.issuers = {kIssuer};
    options.keys = {key_->public_key()};
    options.api_audiences = {kIssuer};
    auth_ = std::make_unique<TokenAuthenticator>(options, getter_, clock_);
  }

  BoundToken Token() {
    BoundToken t;
    t.ns = "ns";
    t.service_account = {"default", "sa-uid"};
    t.audiences = {kIssuer};
    t.issued_at = clock_.Now();
    t.expiration_seconds = 3600;
    t.jti = "jti-1";
    return t;
  }
  std::string Sign(const object& claims) { return *SignJwt(*key_, claims); }
  std::string Sign(const BoundToken& t, const std::string& issuer = kIssuer) { return Sign(BoundClaims(issuer, t)); }

  // The error message of a token that must not authenticate.
  std::string Refusal(const std::string& token, const std::vector<std::string>& audiences = {}) {
    auto r = auth_->Authenticate(token, audiences);
    if (r.ok()) return r->has_value() ? "authenticated" : "not a service account token";
    EXPECT_EQ(r.status().reason(), Reason::kUnauthorized);
    return r.status().message();
  }

  FakeClock clock_;
  MapGetter getter_;
  std::optional<PrivateKey> key_;
  std::unique_ptr<TokenAuthenticator> auth_;
};

TEST_F(AuthenticatorTest, AcceptsAnUnboundToken) {
  auto r = auth_->Authenticate(Sign(Token()));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->has_value());
  const auto& info = (*r)->info;
  EXPECT_EQ(info.UserName(), "system:serviceaccount:ns:default");
  EXPECT_EQ(info.uid, "sa-uid");
  EXPECT_EQ(info.credential_id, "JTI=jti-1");
  EXPECT_TRUE(info.pod_name.empty());
  EXPECT_EQ((*r)->audiences, std::vector<std::string>{kIssuer});
}

TEST_F(AuthenticatorTest, OtherTokensAreNotOurs) {
  for (std::string token : {"", "opaque-bootstrap-token.abcdef", "a.b.c"}) {
    EXPECT_EQ(Refusal(token), "not a service account token") << token;
  }
  EXPECT_EQ(Refusal(Sign(Token(), "https://other-issuer")), "not a service account token");
}

TEST_F(AuthenticatorTest, ForeignSignatureIsRefused) {
  auto other = PrivateKey::Generate();
  std::string token = *SignJwt(*other, BoundClaims(kIssuer, Token()));
  EXPECT_EQ(Refusal(token), "go-jose/go-jose: error in cryptographic primitive");
}

TEST_F(AuthenticatorTest, ExpiryWithAMinuteOfLeeway) {
  std::string token = Sign(Token());
  clock_.Advance(std::chrono::seconds(3600 + 59));
  EXPECT_EQ(Refusal(token), "authenticated");
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_EQ(Refusal(token), "service account token has expired");
}

TEST_F(AuthenticatorTest, NotYetValidAndIssuedInTheFuture) {
  BoundToken t = Token();
  t.issued_at = clock_.Now() + std::chrono::minutes(5);
  EXPECT_EQ(Refusal(Sign(t)), "service account token is not valid yet");
  object claims = BoundClaims(kIssuer, Token());
  claims["iat"] = claims["iat"].as_int64() + 300;
  EXPECT_EQ(Refusal(Sign(claims)), "service account token is issued in the future");
}

TEST_F(AuthenticatorTest, AudiencesMustMeet) {
  BoundToken t = Token();
  t.audiences = {"vault"};
  std::string token = Sign(t);
  EXPECT_EQ(Refusal(token), "token audiences [\"vault\"] is invalid for the target audiences [\"" +
                                std::string(kIssuer) + "\"]");
  auto r = auth_->Authenticate(token, {"other", "vault"});
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->audiences, std::vector<std::string>{"vault"});
}

TEST_F(AuthenticatorTest, ServiceAccountMustStillExistWithItsUid) {
  std::string token = Sign(Token());
  getter_.Put("serviceaccounts", "ns", "default", "new-uid");
  EXPECT_EQ(Refusal(token), "service account UID (new-uid) does not match claim (sa-uid)");
  getter_.objects.erase("serviceaccounts/ns/default");
  EXPECT_EQ(Refusal(token), "serviceaccounts \"default\" not found");
}

TEST_F(AuthenticatorTest, PodBoundTokenDiesWithThePod) {
  BoundToken t = Token();
  t.pod = ObjectRef{"web", "pod-uid"};
  t.node = ObjectRef{"node1", "node-uid"};
  std::string token = Sign(t);
  auto r = auth_->Authenticate(token);
  ASSERT_TRUE(r.ok() && r->has_value()) << r.status().ToString();
  EXPECT_EQ((*r)->info.pod_name, "web");
  EXPECT_EQ((*r)->info.pod_uid, "pod-uid");
  EXPECT_EQ((*r)->info.node_name, "node1");
  EXPECT_EQ((*r)->info.node_uid, "node-uid");

  // Being deleted: still valid for a minute after the deletion timestamp.
  getter_.Put("pods", "ns", "web", "pod-uid", "2026-01-01T00:00:00Z");
  EXPECT_EQ(Refusal(token), "authenticated");
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(Refusal(token), "service account token has been invalidated");

  getter_.Put("pods", "ns", "web", "recreated-uid");
  EXPECT_EQ(Refusal(token), "pod UID (recreated-uid) does not match service account pod ref claim (pod-uid)");
  getter_.objects.erase("pods/ns/web");
  EXPECT_EQ(Refusal(token), "service account token has been invalidated");
}

TEST_F(AuthenticatorTest, PodBoundTokenDoesNotNeedItsNode) {
  BoundToken t = Token();
  t.pod = ObjectRef{"web", "pod-uid"};
  t.node = ObjectRef{"gone", ""};
  EXPECT_EQ(Refusal(Sign(t)), "authenticated");
}

TEST_F(AuthenticatorTest, SecretAndNodeBoundTokens) {
  BoundToken s = Token();
  s.secret = ObjectRef{"s", "secret-uid"};
  std::string secret_token = Sign(s);
  EXPECT_EQ(Refusal(secret_token), "authenticated");
  getter_.Put("secrets", "ns", "s", "other");
  EXPECT_EQ(Refusal(secret_token), "secret UID (other) does not match service account secret ref claim (secret-uid)");

  BoundToken n = Token();
  n.node = ObjectRef{"node1", "node-uid"};
  std::string node_token = Sign(n);
  auto r = auth_->Authenticate(node_token);
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->info.node_name, "node1");
  getter_.objects.erase("nodes//node1");
  EXPECT_EQ(Refusal(node_token), "service account token has been invalidated");
}

class LegacyTokenTest : public AuthenticatorTest {
 protected:
  std::string LegacyToken(const std::string& secret_name = "build-token") {
    std::string token = Sign(LegacyClaims({"ns", "default", "sa-uid", secret_name}));
    getter_.Put("secrets", "ns", secret_name, "secret-uid");
    getter_.At("secrets", "ns", secret_name)["data"] = object{{"token", base64::Encode(token)}};
    return token;
  }
};

TEST_F(LegacyTokenTest, AcceptedWhileItsSecretHoldsIt) {
  std::string token = LegacyToken();
  auto r = auth_->Authenticate(token);
  ASSERT_TRUE(r.ok() && r->has_value()) << r.status().ToString();
  EXPECT_EQ((*r)->info.UserName(), "system:serviceaccount:ns:default");
  EXPECT_EQ((*r)->audiences, std::vector<std::string>{kIssuer});
  // Legacy tokens never expire.
  clock_.Advance(std::chrono::hours(24 * 400));
  EXPECT_EQ(Refusal(token), "authenticated");
}

TEST_F(LegacyTokenTest, RefusedWhenTheSecretChangesOrGoes) {
  std::string token = LegacyToken();
  getter_.At("secrets", "ns", "build-token")["data"] = object{{"token", base64::Encode("other")}};
  EXPECT_EQ(Refusal(token), "token does not match server's copy");
  getter_.At("secrets", "ns", "build-token")["data"] = object{{"token", base64::Encode(token)}};
  EXPECT_EQ(Refusal(token), "authenticated");
  auto& meta = getter_.At("secrets", "ns", "build-token")["metadata"].as_object();
  meta["labels"] = object{{"kubernetes.io/legacy-token-invalid-since", "2026-01-01"}};
  EXPECT_EQ(Refusal(token), "token has been invalidated");
  getter_.objects.erase("secrets/ns/build-token");
  EXPECT_EQ(Refusal(token), "token has been invalidated");
}

TEST_F(LegacyTokenTest, RefusedWhenTheServiceAccountWasRecreated) {
  std::string token = LegacyToken();
  getter_.Put("serviceaccounts", "ns", "default", "new-uid");
  EXPECT_EQ(Refusal(token), "ServiceAccount UID (new-uid) does not match claim (sa-uid)");
}

TEST_F(LegacyTokenTest, ClaimsMustBeComplete) {
  object claims = LegacyClaims({"ns", "default", "sa-uid", "t"});
  claims["sub"] = "system:serviceaccount:other:default";
  EXPECT_EQ(Refusal(Sign(claims)), "sub claim is invalid");
  claims.erase("kubernetes.io/serviceaccount/secret.name");
  EXPECT_EQ(Refusal(Sign(claims)), "secretName claim is missing");
}

}  // namespace
}  // namespace kubepp::serviceaccount
