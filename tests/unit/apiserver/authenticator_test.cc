#include "apiserver/authn/authenticator.h"

#include <gtest/gtest.h>

#include "serviceaccount/jwt.h"

namespace kubepp::apiserver::authn {
namespace {

constexpr const char* kIssuer = "https://kubernetes.default.svc.cluster.local";

class EmptyGetter : public serviceaccount::ObjectGetter {
 public:
  StatusOr<boost::json::object> GetServiceAccount(const std::string& ns, const std::string& name) override {
    if (ns == "ns" && name == "default") {
      return boost::json::object{{"metadata", boost::json::object{{"name", "default"}, {"uid", "sa-uid"}}}};
    }
    return Status::NotFound("serviceaccounts \"" + name + "\" not found");
  }
  StatusOr<boost::json::object> GetPod(const std::string&, const std::string&) override { return Status::NotFound("x"); }
  StatusOr<boost::json::object> GetSecret(const std::string&, const std::string&) override {
    return Status::NotFound("x");
  }
  StatusOr<boost::json::object> GetNode(const std::string&) override { return Status::NotFound("x"); }
};

class RequestAuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = serviceaccount::PrivateKey::Generate();
    ASSERT_TRUE(key.ok());
    key_.emplace(std::move(*key));
    serviceaccount::AuthenticatorOptions options;
    options.issuers = {kIssuer};
    options.keys = {key_->public_key()};
    options.api_audiences = {kIssuer};
    tokens_ = std::make_unique<serviceaccount::TokenAuthenticator>(options, getter_);
    serviceaccount::BoundToken t;
    t.ns = "ns";
    t.service_account = {"default", "sa-uid"};
    t.audiences = {kIssuer};
    t.issued_at = Clock::Real().Now();
    token_ = *serviceaccount::SignJwt(*key_, serviceaccount::BoundClaims(kIssuer, t));
  }

  net::HttpRequest WithHeader(const std::string& authorization) {
    net::HttpRequest req;
    req.headers.emplace_back("authorization", authorization);
    return req;
  }

  EmptyGetter getter_;
  std::optional<serviceaccount::PrivateKey> key_;
  std::unique_ptr<serviceaccount::TokenAuthenticator> tokens_;
  std::string token_;
};

TEST_F(RequestAuthenticatorTest, ClientCertificateComesFirst) {
  RequestAuthenticator authn(tokens_.get());
  net::HttpRequest req = WithHeader("Bearer garbage");
  req.peer.verified = true;
  req.peer.common_name = "alice";
  req.peer.organizations = {"devs"};
  auto user = authn.Authenticate(req);
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->name, "alice");
  EXPECT_EQ(user->groups, (std::vector<std::string>{"devs", "system:authenticated"}));
}

TEST_F(RequestAuthenticatorTest, BearerServiceAccountToken) {
  RequestAuthenticator authn(tokens_.get());
  for (const std::string& header : {"Bearer " + token_, "bearer  " + token_ + "  ", "BEARER " + token_}) {
    auto user = authn.Authenticate(WithHeader(header));
    ASSERT_TRUE(user.ok()) << header << ": " << user.status().ToString();
    EXPECT_EQ(user->name, "system:serviceaccount:ns:default");
    EXPECT_EQ(user->uid, "sa-uid");
    EXPECT_EQ(user->groups, (std::vector<std::string>{"system:serviceaccounts", "system:serviceaccounts:ns",
                                                      "system:authenticated"}));
  }
}

TEST_F(RequestAuthenticatorTest, RefusesWhatDoesNotAuthenticate) {
  RequestAuthenticator authn(tokens_.get());
  EXPECT_EQ(authn.Authenticate(net::HttpRequest{}).status().reason(), Reason::kUnauthorized);
  auto garbage = authn.Authenticate(WithHeader("Bearer garbage"));
  EXPECT_EQ(garbage.status().reason(), Reason::kUnauthorized);
  EXPECT_EQ(garbage.status().message(), "invalid bearer token");
  EXPECT_EQ(authn.Authenticate(WithHeader("Basic dXNlcjpwYXNz")).status().reason(), Reason::kUnauthorized);
  EXPECT_EQ(authn.Authenticate(WithHeader("Bearer")).status().reason(), Reason::kUnauthorized);
  // An unverified certificate is no identity; neither is a token without a token authenticator.
  net::HttpRequest unverified;
  unverified.peer.common_name = "mallory";
  EXPECT_FALSE(authn.Authenticate(unverified).ok());
  RequestAuthenticator certs_only(nullptr);
  EXPECT_FALSE(certs_only.Authenticate(WithHeader("Bearer " + token_)).ok());
}

}  // namespace
}  // namespace kubepp::apiserver::authn
