// ConfigMaps, Secrets and Namespaces.
#include <gtest/gtest.h>

#include "unit/api/validation/test_util.h"

namespace kubepp::api::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ConfigMap, Keys) {
  EXPECT_THAT(
      Create(Res("", "ConfigMap"),
             R"({"metadata":{"name":"c","namespace":"d"},"data":{"a b":"x",".":"y","ok.key_-1":"z"},
                                               "binaryData":{"ok.key_-1":"AA=="}})"),
      ElementsAre(
          "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric "
          "characters, "
          "'-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for "
          "validation is "
          "'[-._a-zA-Z0-9]+')",
          "data[.]: Invalid value: \".\": must not be '.'",
          "data[ok.key_-1]: Invalid value: \"ok.key_-1\": duplicate of key present in binaryData"));
}

TEST(ConfigMap, TotalSize) {
  std::string big(1024 * 1024 + 1, 'x');
  EXPECT_THAT(Create(Res("", "ConfigMap"),
                     R"({"metadata":{"name":"c","namespace":"d"},"data":{"k":")" + big + "\"}}"),
              ElementsAre(": Too long: must have at most 1048576 bytes"));
}

TEST(ConfigMap, ImmutableData) {
  std::string old =
      R"({"metadata":{"name":"c","namespace":"d","resourceVersion":"1"},"immutable":true,"data":{"k":"v"}})";
  std::string now =
      R"({"metadata":{"name":"c","namespace":"d","resourceVersion":"1"},"immutable":true,"data":{"k":"w"}})";
  EXPECT_THAT(Update(Res("", "ConfigMap"), old, old), IsEmpty());
  EXPECT_THAT(Update(Res("", "ConfigMap"), now, old),
              ElementsAre("data: Forbidden: field is immutable when `immutable` is set"));
}

TEST(Secret, TypeRules) {
  auto r = Res("", "Secret");
  EXPECT_THAT(
      Create(
          r,
          R"({"metadata":{"name":"s","namespace":"d"},"type":"kubernetes.io/tls","data":{"tls.crt":"YQ=="}})"),
      ElementsAre("data[tls.key]: Required value"));
  EXPECT_THAT(
      Create(
          r,
          R"({"metadata":{"name":"s","namespace":"d"},"type":"kubernetes.io/dockerconfigjson","data":{}})"),
      ElementsAre("data[.dockerconfigjson]: Required value"));
  // {"auths":{}} in base64.
  EXPECT_THAT(
      Create(r, R"({"metadata":{"name":"s","namespace":"d"},"type":"kubernetes.io/dockerconfigjson",
                            "data":{".dockerconfigjson":"eyJhdXRocyI6e319"}})"),
      IsEmpty());
  auto bad_json =
      Create(r, R"({"metadata":{"name":"s","namespace":"d"},"type":"kubernetes.io/dockerconfigjson",
                               "data":{".dockerconfigjson":"bm90IGpzb24="}})");
  ASSERT_EQ(bad_json.size(), 1u);
  EXPECT_EQ(bad_json[0].rfind(
                "data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": ", 0),
            0u);
  EXPECT_THAT(
      Create(r, R"({"metadata":{"name":"s","namespace":"d"},"type":"kubernetes.io/basic-auth"})"),
      ElementsAre("data[username]: Required value", "data[password]: Required value"));
  EXPECT_THAT(
      Create(
          r,
          R"({"metadata":{"name":"s","namespace":"d"},"type":"kubernetes.io/service-account-token"})"),
      ElementsAre("metadata.annotations[kubernetes.io/service-account.name]: Required value"));
}

TEST(Secret, TypeImmutableAndSizeLimit) {
  auto r = Res("", "Secret");
  std::string old =
      R"({"metadata":{"name":"s","namespace":"d","resourceVersion":"1"},"type":"Opaque"})";
  std::string now =
      R"({"metadata":{"name":"s","namespace":"d","resourceVersion":"1"},"type":"example.com/x"})";
  EXPECT_THAT(Update(r, now, old),
              ElementsAre("type: Invalid value: \"example.com/x\": field is immutable"));
  std::string big(1024 * 1024 + 1, 'x');
  EXPECT_THAT(
      Create(r, R"({"metadata":{"name":"s","namespace":"d"},"type":"Opaque","stringData":{"k":")" +
                    big + "\"}}"),
      ElementsAre("data: Too long: must have at most 1048576 bytes"));
}

TEST(Namespace, FinalizersAndName) {
  auto r = Res("", "Namespace", false);
  EXPECT_THAT(Create(r, R"({"metadata":{"name":"prod"},"spec":{"finalizers":["kubernetes"]}})"),
              IsEmpty());
  EXPECT_THAT(Create(r, R"({"metadata":{"name":"prod"},"spec":{"finalizers":["custom"]}})"),
              ElementsAre("spec.finalizers: Invalid value: \"custom\": name is neither a standard "
                          "finalizer name nor is it fully qualified"));
  EXPECT_THAT(Create(r, R"({"metadata":{"name":"Prod"}})"),
              ElementsAre("metadata.name: Invalid value: \"Prod\": " + kLabelMsg));
}

}  // namespace
}  // namespace kubepp::api::testing
