#include "api/managedfields/validate.h"

#include <gtest/gtest.h>

#include "unit/api/managedfields/test_util.h"

namespace kubepp::api::managedfields {
namespace {

using testing::DeploymentAtom;
using testing::J;

std::string Errors(std::string_view obj, bool allow_duplicates = false) {
  return TypeErrorsString(ValidateTyped(J(obj), DeploymentAtom(), allow_duplicates));
}

TEST(ValidateTyped, FlagsOnlyTheWrongFieldOfAnObject) {
  auto errors = ValidateTyped(J(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","labels":{"a":"b"}},
      "spec":{"replicas":3,"paused":null,"template":{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":1,"memory":"1Gi"}},
      "ports":[{"containerPort":"80"}]}]}}}})"),
                              DeploymentAtom(), false);
  ASSERT_EQ(errors.size(), 1u);  // only containerPort, which must be numeric
  EXPECT_EQ(errors[0].path, R"(.spec.template.spec.containers[name="c"].ports[containerPort="80",protocol="TCP"].containerPort)");
}

TEST(ValidateTyped, NamesUnknownFieldsWrongTypesAndRepeatedKeys) {
  EXPECT_EQ(Errors(R"({"spec":{"bogus":1}})"), ".spec.bogus: field not declared in schema");
  EXPECT_EQ(Errors(R"({"spec":{"replicas":"3"}})"), ".spec.replicas: expected numeric (int or float), got string");
  EXPECT_EQ(Errors(R"({"spec":{"paused":"yes"}})"), ".spec.paused: expected boolean, got &{yes}");
  EXPECT_EQ(Errors(R"({"metadata":{"name":5}})"),
            ".metadata.name: expected string, got &value.valueUnstructured{Value:5}");
  EXPECT_EQ(Errors(R"({"spec":"x"})"), ".spec: expected map, got &{x}");
  EXPECT_EQ(Errors(R"({"spec":{"template":{"spec":{"containers":[{"name":"c","env":[{"name":"A"},{"name":"A"}]}]}}}})"),
            R"(.spec.template.spec.containers[name="c"].env: duplicate entries for key [name="A"])");
  EXPECT_EQ(Errors(R"({"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}})"),
            R"(.spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn't have default value))");
  EXPECT_EQ(Errors(R"({"spec":{"replicas":"3","bogus":1}})"),
            "errors:\n  .spec.replicas: expected numeric (int or float), got string\n  .spec.bogus: field not declared in schema");
}

TEST(ValidateTyped, LiveObjectsMayRepeatKeys) {
  EXPECT_TRUE(ValidateTyped(J(R"({"spec":{"template":{"spec":{"containers":[{"name":"c","env":[{"name":"A"},{"name":"A"}]}]}}}})"),
                            DeploymentAtom(), true)
                  .empty());
}

TEST(ValidateTyped, UntypedAndIntOrStringAcceptAnything) {
  EXPECT_TRUE(ValidateTyped(J(R"({"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":"25%"}}}})"),
                            DeploymentAtom(), false)
                  .empty());
}

}  // namespace
}  // namespace kubepp::api::managedfields
