#include "client/kubeconfig.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "client/rest_status.h"

namespace kubepp::client {
namespace {

// "-----BEGIN CERTIFICATE-----\nX\n" base64-encoded.
constexpr char kCaData[] = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tClgK";

std::string Kubeconfig(std::string_view server) {
  return std::string(R"(apiVersion: v1
kind: Config
current-context: admin@kubepp
clusters:
- name: kubepp
  cluster:
    server: )") + std::string(server) + R"(
    certificate-authority-data: )" + kCaData + R"(
- name: other
  cluster:
    server: https://other.example:8443
    certificate-authority: certs/ca.pem
    tls-server-name: api.internal
users:
- name: admin
  user:
    client-certificate-data: Y2VydA==
    client-key-data: a2V5
- name: robot
  user:
    token: s3cret
contexts:
- name: admin@kubepp
  context:
    cluster: kubepp
    user: admin
- name: robot@other
  context:
    cluster: other
    user: robot
    namespace: apps
)";
}

TEST(KubeconfigTest, CurrentContextWithInlineData) {
  auto c = ParseKubeconfig(Kubeconfig("https://127.0.0.1:6443"), "/nowhere");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->host, "127.0.0.1");
  EXPECT_EQ(c->port, 6443);
  EXPECT_EQ(c->ca_pem, "-----BEGIN CERTIFICATE-----\nX\n");
  EXPECT_EQ(c->cert_pem, "cert");
  EXPECT_EQ(c->key_pem, "key");
  EXPECT_EQ(c->default_namespace, "default");
  EXPECT_EQ(c->context, "admin@kubepp");
}

TEST(KubeconfigTest, OverrideContextResolvesRelativePaths) {
  auto dir = std::filesystem::temp_directory_path() / ("kubeconfig_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "certs");
  std::ofstream(dir / "certs" / "ca.pem") << "CA PEM";
  auto c = ParseKubeconfig(Kubeconfig("https://[::1]"), dir.string(), "robot@other");
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->host, "other.example");
  EXPECT_EQ(c->port, 8443);
  EXPECT_EQ(c->tls_server_name, "api.internal");
  EXPECT_EQ(c->ca_pem, "CA PEM");
  EXPECT_EQ(c->bearer_token, "s3cret");
  EXPECT_EQ(c->default_namespace, "apps");
}

TEST(KubeconfigTest, Errors) {
  EXPECT_TRUE(ParseKubeconfig(Kubeconfig("https://a:1"), "", "missing").status().IsNotFound());
  EXPECT_TRUE(ParseKubeconfig("clusters: [", "").status().IsInvalid());
  EXPECT_TRUE(ParseKubeconfig(Kubeconfig("https://a:99999"), "").status().IsInvalid());
  EXPECT_TRUE(LoadKubeconfig("/does/not/exist").status().IsNotFound());
}

TEST(KubeconfigTest, KubeconfigListMergesFirstWins) {
  auto dir = std::filesystem::temp_directory_path() / ("kubeconfig_merge_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a") << "current-context: one\ncontexts:\n- name: one\n  context: {cluster: c}\n";
  std::ofstream(dir / "b") << "current-context: two\nclusters:\n- name: c\n  cluster: {server: 'https://h:1'}\n"
                              "contexts:\n- name: one\n  context: {cluster: ignored}\n";
  std::string list = (dir / "missing").string() + ":" + (dir / "a").string() + ":" + (dir / "b").string();
  ::setenv("KUBECONFIG", list.c_str(), 1);
  auto c = LoadKubeconfig("");
  ::unsetenv("KUBECONFIG");
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->context, "one");
  EXPECT_EQ(c->cluster, "c");
  EXPECT_EQ(c->host, "h");
}

TEST(RestStatusTest, StatusBodiesKeepTheirReason) {
  auto s = StatusFromResponse(
      422, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"ConfigMap \"A\" is invalid","reason":"Invalid","details":{"causes":[{"reason":"FieldValueInvalid","message":"Invalid value","field":"metadata.name"}]},"code":422})");
  EXPECT_TRUE(s.IsInvalid());
  EXPECT_EQ(s.message(), "ConfigMap \"A\" is invalid");
  ASSERT_EQ(s.causes().size(), 1u);
  EXPECT_EQ(s.causes()[0].field, "metadata.name");
  EXPECT_EQ(s.causes()[0].type, "FieldValueInvalid");
  EXPECT_TRUE(StatusFromResponse(410, R"({"kind":"Status","reason":"Expired","message":"x","code":410})").IsGone());
  EXPECT_EQ(StatusFromResponse(503, R"({"kind":"Status","reason":"ServiceUnavailable","code":503})").reason(),
            Reason::kServiceUnavailable);
  EXPECT_EQ(StatusFromResponse(500, R"({"kind":"Status","message":"boom","code":500})").reason(), Reason::kUnknown);
  auto plain = StatusFromResponse(404, "404 page not found");
  EXPECT_TRUE(plain.IsNotFound());
  EXPECT_EQ(plain.message(), "404 page not found");
}

}  // namespace
}  // namespace kubepp::client
