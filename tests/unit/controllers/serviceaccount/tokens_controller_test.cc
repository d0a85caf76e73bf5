#include <gtest/gtest.h>

#include "base/base64.h"
#include "controllers/serviceaccount/serviceaccount.h"
#include "controllers/util/object_fields.h"
#include "serviceaccount/claims.h"
#include "serviceaccount/jwt.h"
#include "serviceaccount/keys.h"
#include "unit/controllers/informer_test_env.h"

namespace kubepp::controllers {
namespace {

using testing::InformerTestEnv;
using testing::WaitFor;

const client::Resource kServiceAccounts = client::Resource::Of("", "serviceaccounts");
const client::Resource kSecrets = client::Resource::Of("", "secrets");
constexpr const char* kCa = "-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n";

boost::json::object TokenSecret(const std::string& name, const std::string& sa) {
  return {{"apiVersion", "v1"},
          {"kind", "Secret"},
          {"metadata", {{"name", name}, {"namespace", "ns"}, {"annotations", {{"kubernetes.io/service-account.name", sa}}}}},
          {"type", "kubernetes.io/service-account-token"}};
}

std::string Data(const client::ObjectPtr& secret, std::string_view key) {
  return base64::Decode(util::StringAt(*secret, {"data", key})).value_or("");
}

class TokensControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = serviceaccount::PrivateKey::Generate();
    ASSERT_TRUE(key.ok());
    key_.emplace(std::move(*key));
    env_.options().service_account_private_key_pem = key_->Pem();
    env_.options().root_ca_pem = kCa;
    auto sa = env_.client().Create(kServiceAccounts, "ns", {{"metadata", {{"name", "build"}}}});
    ASSERT_TRUE(sa.ok());
    sa_uid_ = std::string(client::UidOf(**sa));
  }

  InformerTestEnv env_;
  std::optional<serviceaccount::PrivateKey> key_;
  std::string sa_uid_;
};

TEST_F(TokensControllerTest, FillsATokenSecret) {
  ASSERT_TRUE(env_.client().Create(kSecrets, "ns", TokenSecret("build-token", "build")).ok());
  env_.Start(MakeServiceAccountTokenRegistration());
  client::ObjectPtr secret;
  ASSERT_TRUE(WaitFor([&] {
    secret = env_.Get(kSecrets, "ns", "build-token");
    return secret && !Data(secret, "token").empty();
  }));
  EXPECT_EQ(Data(secret, "ca.crt"), kCa);
  EXPECT_EQ(Data(secret, "namespace"), "ns");
  EXPECT_EQ(util::StringAt(*secret, {"metadata", "annotations", "kubernetes.io/service-account.uid"}), sa_uid_);
  auto jwt = serviceaccount::ParseJwt(Data(secret, "token"));
  ASSERT_TRUE(jwt.ok());
  EXPECT_TRUE(serviceaccount::VerifyJwt(*jwt, {key_->public_key()}));
  EXPECT_EQ(jwt->claims, serviceaccount::LegacyClaims({"ns", "build", sa_uid_, "build-token"}));
}

TEST_F(TokensControllerTest, LeavesOtherSecretsAndFilledOnesAlone) {
  ASSERT_TRUE(env_.client().Create(kSecrets, "ns", {{"metadata", {{"name", "plain"}}}, {"type", "Opaque"}}).ok());
  boost::json::object filled = TokenSecret("filled", "build");
  filled["data"] = boost::json::object{{"token", base64::Encode("mine")},
                                       {"ca.crt", base64::Encode(kCa)},
                                       {"namespace", base64::Encode("ns")}};
  auto created = env_.client().Create(kSecrets, "ns", filled);
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(env_.client().Create(kSecrets, "ns", TokenSecret("marker", "build")).ok());
  env_.Start(MakeServiceAccountTokenRegistration());
  ASSERT_TRUE(WaitFor([&] { return !Data(env_.Get(kSecrets, "ns", "marker"), "token").empty(); }));
  EXPECT_EQ(Data(env_.Get(kSecrets, "ns", "filled"), "token"), "mine");
  EXPECT_EQ(client::ResourceVersionOf(*env_.Get(kSecrets, "ns", "filled")), client::ResourceVersionOf(**created));
  EXPECT_FALSE(util::At(*env_.Get(kSecrets, "ns", "plain"), {"data"}));
}

TEST_F(TokensControllerTest, DeletesTokensOfMissingOrDeletedAccounts) {
  ASSERT_TRUE(env_.client().Create(kSecrets, "ns", TokenSecret("orphan", "nobody")).ok());
  ASSERT_TRUE(env_.client().Create(kSecrets, "ns", TokenSecret("build-token", "build")).ok());
  env_.Start(MakeServiceAccountTokenRegistration());
  EXPECT_TRUE(WaitFor([&] { return env_.Get(kSecrets, "ns", "orphan") == nullptr; }));
  ASSERT_TRUE(WaitFor([&] { return !Data(env_.Get(kSecrets, "ns", "build-token"), "token").empty(); }));
  ASSERT_TRUE(env_.client().Delete(kServiceAccounts, "ns", "build").ok());
  EXPECT_TRUE(WaitFor([&] { return env_.Get(kSecrets, "ns", "build-token") == nullptr; }));
}

TEST(TokensControllerAvailability, NeedsAKey) {
  InformerTestEnv env;
  EXPECT_EQ(MakeServiceAccountTokenRegistration().create(env.ctx()), nullptr);
  env.options().service_account_private_key_pem = "not a key";
  EXPECT_EQ(MakeServiceAccountTokenRegistration().create(env.ctx()), nullptr);
}

}  // namespace
}  // namespace kubepp::controllers
