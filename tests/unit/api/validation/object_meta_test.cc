// ObjectMeta rules every kind shares, through the public entry points.
#include <gtest/gtest.h>

#include "unit/api/validation/test_util.h"

namespace kubepp::api::testing {
namespace {

using ::testing::ElementsAre;

const char* kConfigMapTmpl = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":%s})";

std::string CM(const std::string& meta) {
  std::string s = kConfigMapTmpl;
  return s.replace(s.find("%s"), 2, meta);
}

TEST(ObjectMeta, ValidNamespacedObjectHasNoErrors) {
  EXPECT_TRUE(
      Create(Res("", "ConfigMap"), CM(R"({"name":"a.b-c","namespace":"default"})")).empty());
}

TEST(ObjectMeta, NameRequired) {
  EXPECT_THAT(Create(Res("", "ConfigMap"), CM(R"({"namespace":"default"})")),
              ElementsAre("metadata.name: Required value: name or generateName is required"));
}

TEST(ObjectMeta, NameMustBeSubdomain) {
  EXPECT_THAT(Create(Res("", "ConfigMap"), CM(R"({"name":"Foo_bar","namespace":"default"})")),
              ElementsAre("metadata.name: Invalid value: \"Foo_bar\": " + kSubdomainMsg));
}

TEST(ObjectMeta, GenerateNameMayEndInDash) {
  EXPECT_TRUE(Create(Res("", "ConfigMap"),
                     CM(R"({"generateName":"web-","name":"web-x2k9d","namespace":"d"})"))
                  .empty());
  EXPECT_THAT(
      Create(Res("", "ConfigMap"), CM(R"({"generateName":"Web-","name":"web-1","namespace":"d"})")),
      ElementsAre("metadata.generateName: Invalid value: \"Web-\": " + kSubdomainMsg));
}

TEST(ObjectMeta, NamespaceRequiredOrForbidden) {
  EXPECT_THAT(Create(Res("", "ConfigMap"), CM(R"({"name":"a"})")),
              ElementsAre("metadata.namespace: Required value"));
  EXPECT_THAT(Create(Res("", "Namespace", false), R"({"metadata":{"name":"a","namespace":"b"}})"),
              ElementsAre("metadata.namespace: Forbidden: not allowed on this type"));
  EXPECT_THAT(Create(Res("", "ConfigMap"), CM(R"({"name":"a","namespace":"Bad"})")),
              ElementsAre("metadata.namespace: Invalid value: \"Bad\": " + kLabelMsg));
}

TEST(ObjectMeta, NameRulesPerKind) {
  // Namespaces are DNS-1123 labels: no dots.
  EXPECT_THAT(Create(Res("", "Namespace", false), R"({"metadata":{"name":"a.b"}})"),
              ElementsAre("metadata.name: Invalid value: \"a.b\": must not contain dots"));
  // Services are DNS-1035 labels: must start with a letter.
  auto svc = Create(
      Res("", "Service"),
      R"({"metadata":{"name":"1abc","namespace":"d"},"spec":{"type":"ClusterIP","sessionAffinity":"None",
                        "internalTrafficPolicy":"Cluster","ports":[{"port":80,"protocol":"TCP","targetPort":80}]}})");
  ASSERT_EQ(svc.size(), 1u);
  EXPECT_EQ(svc[0],
            "metadata.name: Invalid value: \"1abc\": a DNS-1035 label must consist of lower case "
            "alphanumeric "
            "characters or '-', start with an alphabetic character, and end with an alphanumeric "
            "character (e.g. "
            "'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
  // RBAC names are path segments: anything but '/', '%', '.', '..'.
  EXPECT_TRUE(Create(Res("rbac.authorization.k8s.io", "ClusterRole", false),
                     R"({"metadata":{"name":"system:node"}})")
                  .empty());
  EXPECT_THAT(Create(Res("rbac.authorization.k8s.io", "ClusterRole", false),
                     R"({"metadata":{"name":"a/b"}})"),
              ElementsAre("metadata.name: Invalid value: \"a/b\": may not contain '/'"));
}

TEST(ObjectMeta, Labels) {
  EXPECT_THAT(
      Create(Res("", "ConfigMap"), CM(R"({"name":"a","namespace":"d","labels":{"app":"-bad"}})")),
      ElementsAre("metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string "
                  "or consist of "
                  "alphanumeric characters, '-', '_' or '.', and must start and end with an "
                  "alphanumeric character "
                  "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
  auto errs =
      Create(Res("", "ConfigMap"), CM(R"({"name":"a","namespace":"d","labels":{"a b":"x"}})"));
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].rfind("metadata.labels: Invalid value: \"a b\": name part must consist of", 0),
            0u)
      << errs[0];
}

TEST(ObjectMeta, AnnotationsTotalSize) {
  std::string big(256 * 1024, 'x');
  EXPECT_THAT(Create(Res("", "ConfigMap"),
                     CM(R"({"name":"a","namespace":"d","annotations":{"k":")" + big + "\"}}")),
              ElementsAre("metadata.annotations: Too long: must have at most 262144 bytes"));
  std::string fits(256 * 1024 - 1, 'x');
  EXPECT_TRUE(Create(Res("", "ConfigMap"),
                     CM(R"({"name":"a","namespace":"d","annotations":{"k":")" + fits + "\"}}"))
                  .empty());
}

TEST(ObjectMeta, AnnotationKeysIgnoreCase) {
  EXPECT_TRUE(Create(Res("", "ConfigMap"),
                     CM(R"({"name":"a","namespace":"d","annotations":{"Example.COM/Key":"v"}})"))
                  .empty());
}

TEST(ObjectMeta, OwnerReferencesAndFinalizers) {
  EXPECT_THAT(
      Create(
          Res("", "ConfigMap"),
          CM(R"({"name":"a","namespace":"d","ownerReferences":[{"apiVersion":"","kind":"X","name":"n","uid":""}]})")),
      ElementsAre(
          "metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty",
          "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty"));
  EXPECT_THAT(
      Create(Res("", "ConfigMap"), CM(R"({"name":"a","namespace":"d","finalizers":["custom"]})")),
      ElementsAre(
          "metadata.finalizers[0]: Invalid value: \"custom\": name is neither a standard finalizer "
          "name nor is it fully qualified"));
  EXPECT_TRUE(
      Create(Res("", "ConfigMap"),
             CM(R"({"name":"a","namespace":"d","finalizers":["example.com/x","kubernetes"]})"))
          .empty());
}

TEST(ObjectMeta, UpdateImmutableFields) {
  std::string old = CM(
      R"({"name":"a","namespace":"d","uid":"u1","resourceVersion":"5","creationTimestamp":"2024-01-02T03:04:05Z"})");
  EXPECT_TRUE(Update(Res("", "ConfigMap"), old, old).empty());
  EXPECT_THAT(
      Update(
          Res("", "ConfigMap"),
          CM(R"({"name":"b","namespace":"d","uid":"u2","resourceVersion":"5","creationTimestamp":"2024-01-02T03:04:06Z"})"),
          old),
      ElementsAre("metadata.name: Invalid value: \"b\": field is immutable",
                  "metadata.uid: Invalid value: \"u2\": field is immutable",
                  "metadata.creationTimestamp: Invalid value: 2024-01-02 03:04:06 +0000 UTC: field "
                  "is immutable"));
  EXPECT_THAT(
      Update(
          Res("", "ConfigMap"),
          CM(R"({"name":"a","namespace":"d","uid":"u1","creationTimestamp":"2024-01-02T03:04:05Z"})"),
          old),
      ElementsAre(
          "metadata.resourceVersion: Invalid value: \"\": must be specified for an update"));
}

TEST(ObjectMeta, NoNewFinalizersWhileDeleting) {
  std::string old = CM(
      R"({"name":"a","namespace":"d","resourceVersion":"5","deletionTimestamp":"2024-01-02T03:04:05Z","finalizers":["kubernetes"]})");
  std::string now = CM(
      R"({"name":"a","namespace":"d","resourceVersion":"5","deletionTimestamp":"2024-01-02T03:04:05Z","finalizers":["kubernetes","example.com/x"]})");
  EXPECT_THAT(
      Update(Res("", "ConfigMap"), now, old),
      ElementsAre(
          "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being "
          "deleted, found new finalizers []string{\"example.com/x\"}"));
}

}  // namespace
}  // namespace kubepp::api::testing
