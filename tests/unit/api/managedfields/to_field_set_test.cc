#include "api/managedfields/to_field_set.h"

#include <gtest/gtest.h>

#include "unit/api/managedfields/test_util.h"

namespace kubepp::api::managedfields {
namespace {

using testing::DeploymentAtom;
using testing::J;
using testing::V1;

TEST(ToFieldSet, StructFieldsAreNotMembersButItemsAndMapEntriesAre) {
  auto set = ToFieldSet(J(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"name":"d","labels":{"app":"a"},"finalizers":["x"],"annotations":{}},
      "spec":{"replicas":2,"selector":{"matchLabels":{"app":"a"}},"strategy":{},
        "template":{"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}]}]}}}})"),
                        DeploymentAtom());
  EXPECT_EQ(V1(set),
            R"({"f:apiVersion":{},"f:kind":{},"f:metadata":{"f:annotations":{},"f:finalizers":{"v:\"x\"":{}},)"
            R"("f:labels":{"f:app":{}},"f:name":{}},"f:spec":{"f:replicas":{},"f:selector":{},"f:strategy":{},)"
            R"("f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{},"f:name":{},)"
            R"("f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}})");
}

TEST(ToFieldSet, RepeatedKeysAreMembersWithoutTheirInsides) {
  auto set = ToFieldSet(J(R"({"spec":{"template":{"spec":{"containers":[
      {"name":"c","env":[{"name":"A","value":"1"},{"name":"A","value":"2"}]}]}}}})"),
                        DeploymentAtom());
  EXPECT_EQ(V1(set),
            R"({"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:env":{"k:{\"name\":\"A\"}":{}},"f:name":{}}}}}}})");
}

}  // namespace
}  // namespace kubepp::api::managedfields
