// Credentials from image pull Secrets: both docker config formats, "auth"
// over separate fields, and Secrets that cannot be read.
#include "kubelet/images/pull_secrets.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <map>

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

TEST(PullSecretsTest, DockerConfigJsonAsKubectlWritesIt) {
  // kubectl create secret docker-registry writes username, password and auth.
  auto creds = CredentialsFromSecret(Secret("kubernetes.io/dockerconfigjson", ".dockerconfigjson",
                                            R"({"auths":{"127.0.0.1:5000":{"username":"alice","password":"pw","auth":")" +
                                                base64::Encode("alice:pw") + R"("}}})"));
  ASSERT_EQ(creds.size(), 1u);
  EXPECT_EQ(creds[0].server, "127.0.0.1:5000");
  EXPECT_EQ(creds[0].username, "alice");
  EXPECT_EQ(creds[0].password, "pw");
}

TEST(PullSecretsTest, AuthFieldWinsOverSeparateFields) {
  auto creds = CredentialsFromSecret(Secret("kubernetes.io/dockercfg", ".dockercfg",
                                            R"({"https://index.docker.io/v1/":{"username":"bob","password":"x","auth":")" +
                                                base64::Encode("carol:p:w") + R"("}})"));
  ASSERT_EQ(creds.size(), 1u);
  EXPECT_EQ(creds[0].server, "https://index.docker.io/v1/");
  EXPECT_EQ(creds[0].username, "carol");
  EXPECT_EQ(creds[0].password, "p:w");
}

TEST(PullSecretsTest, LegacyDockerCfgWithFields) {
  auto creds = CredentialsFromSecret(
      Secret("kubernetes.io/dockercfg", ".dockercfg", R"({"a.example":{"username":"u1","password":"p1"},
                                                           "b.example":{"username":"u2","password":"p2"}})"));
  ASSERT_EQ(creds.size(), 2u);
  EXPECT_EQ(creds[0].username, "u1");
  EXPECT_EQ(creds[1].server, "b.example");
}

TEST(PullSecretsTest, OtherTypesAndGarbageGiveNothing) {
  EXPECT_TRUE(CredentialsFromSecret(Secret("Opaque", ".dockerconfigjson", R"({"auths":{"x":{}}})")).empty());
  // The key of the other format does not count.
  EXPECT_TRUE(CredentialsFromSecret(Secret("kubernetes.io/dockercfg", ".dockerconfigjson", R"({"x":{}})")).empty());
  EXPECT_TRUE(CredentialsFromSecret(Secret("kubernetes.io/dockerconfigjson", ".dockerconfigjson", "{not json")).empty());
  EXPECT_TRUE(CredentialsFromSecret(json::object{{"type", "kubernetes.io/dockercfg"}}).empty());
  // An "auth" that is not base64 "user:password" makes its entry unreadable.
  EXPECT_TRUE(CredentialsFromSecret(Secret("kubernetes.io/dockercfg", ".dockercfg",
                                           R"({"x":{"auth":")" + base64::Encode("nocolon") + R"("}})"))
                  .empty());
}

class MapGetter : public ObjectGetter {
 public:
  StatusOr<client::ObjectPtr> Get(ObjectKind kind, std::string_view ns, std::string_view name) override {
    EXPECT_EQ(kind, ObjectKind::kSecret);
    auto it = secrets.find(std::string(ns) + "/" + std::string(name));
    if (it == secrets.end()) return Status::NotFound("secret \"" + std::string(name) + "\" not found");
    return client::MakeObject(it->second);
  }
  std::map<std::string, json::object> secrets;
};

TEST(PullSecretsTest, PodCredentialsInOrderAndMissingSecretsNamed) {
  MapGetter getter;
  getter.secrets["ns/one"] = Secret("kubernetes.io/dockercfg", ".dockercfg", R"({"a":{"username":"u1","password":"p"}})");
  getter.secrets["ns/two"] = Secret("kubernetes.io/dockercfg", ".dockercfg", R"({"b":{"username":"u2","password":"p"}})");
  getter.secrets["other/three"] = Secret("kubernetes.io/dockercfg", ".dockercfg", R"({"c":{"username":"u3"}})");
  json::object pod = json::parse(R"({"metadata":{"namespace":"ns","name":"p"},"spec":{"imagePullSecrets":[
      {"name":"two"},{"name":""},{"name":"gone"},{"name":"one"},{"name":"three"}]}})")
                         .as_object();
  PodPullSecrets got = PodPullCredentials(pod, getter);
  ASSERT_EQ(got.credentials.size(), 2u);
  EXPECT_EQ(got.credentials[0].username, "u2");
  EXPECT_EQ(got.credentials[1].username, "u1");
  EXPECT_EQ(got.missing, (std::vector<std::string>{"gone", "three"}));
  EXPECT_TRUE(PodPullCredentials(json::object{{"spec", json::object{}}}, getter).credentials.empty());
}

}  // namespace
}  // namespace kubepp::kubelet
