#include "kubelet/images/pull_secrets.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "base/base64.h"

namespace kubepp::kubelet {
namespace {

namespace json = boost::json;

json::object Secret(std::string_view type, std::string_view key, std::string_view payload) {
  json::object s;
  s["type"] = type;
  s["data"] = json::object{{key, base64::Encode(payload)}};
  return s;
}

TEST(PullSecretsTest, DockerConfigJsonWithAuthField) {
  auto creds = CredentialsFromSecret(Secret("kubernetes.io/dockerconfigjson", ".dockerconfigjson",
                                            R"({"auths":{"127.0.0.1:5000":{"auth":")" +
                                                base64::Encode("alice:pw") + R"("}}})"));
  ASSERT_EQ(creds.size(), 1u);
  EXPECT_EQ(creds[0].server, "127.0.0.1:5000");
  EXPECT_EQ(creds[0].username, "alice");
  EXPECT_EQ(creds[0].password, "pw");
}

TEST(PullSecretsTest, LegacyDockerCfgWithFields) {
  auto creds = CredentialsFromSecret(Secret("kubernetes.io/dockercfg", ".dockercfg",
                                            R"({"https://index.docker.io/v1/":{"username":"bob","password":"x"}})"));
  ASSERT_EQ(creds.size(), 1u);
  EXPECT_EQ(creds[0].server, "docker.io");
  EXPECT_EQ(creds[0].username, "bob");
}

TEST(PullSecretsTest, OtherTypesAndGarbageGiveNothing) {
  EXPECT_TRUE(CredentialsFromSecret(Secret("Opaque", ".dockerconfigjson", R"({"auths":{}})")).empty());
  EXPECT_TRUE(CredentialsFromSecret(Secret("kubernetes.io/dockerconfigjson", ".dockerconfigjson", "{not json")).empty());
  EXPECT_TRUE(CredentialsFromSecret(json::object{{"type", "kubernetes.io/dockercfg"}}).empty());
}

TEST(PullSecretsTest, NormalizeRegistry) {
  EXPECT_EQ(NormalizeRegistry("https://registry.example:5000/v2/"), "registry.example:5000");
  EXPECT_EQ(NormalizeRegistry("index.docker.io"), "docker.io");
  EXPECT_EQ(NormalizeRegistry("localhost:5000"), "localhost:5000");
}

}  // namespace
}  // namespace kubepp::kubelet
