#include "api/managedfields/compare.h"

#include <gtest/gtest.h>

#include "unit/api/managedfields/test_util.h"

namespace kubepp::api::managedfields {
namespace {

using testing::ConfigMapAtom;
using testing::DeploymentAtom;
using testing::J;
using testing::V1;

TEST(Compare, ScalarsAndNewMaps) {
  auto c = Compare(J(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"1","b":"2"}})"),
                   J(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","labels":{"l":"v"}},"data":{"a":"9","c":"3"}})"),
                   ConfigMapAtom());
  EXPECT_EQ(V1(c.added), R"({"f:data":{"f:c":{}},"f:metadata":{"f:labels":{".":{},"f:l":{}}}})");
  EXPECT_EQ(V1(c.removed), R"({"f:data":{"f:b":{}}})");
  EXPECT_EQ(V1(c.modified), R"({"f:data":{"f:a":{}}})");
}

TEST(Compare, IgnoresManagedFieldsAndSeesNothingInEqualObjects) {
  auto c = Compare(J(R"({"metadata":{"name":"x","managedFields":[{"manager":"a"}]},"data":{"a":"1"}})"),
                   J(R"({"metadata":{"name":"x","managedFields":[]},"data":{"a":"1"}})"), ConfigMapAtom());
  EXPECT_TRUE(c.Same());
}

TEST(Compare, ListMapItemsByKeyAndAtomicValuesWhole) {
  auto before = J(R"({"spec":{"selector":{"matchLabels":{"app":"a"}},"template":{"spec":{"containers":[
      {"name":"web","image":"nginx:1","args":["a"]},{"name":"side","image":"busybox"}]}}}})");
  auto after = J(R"({"spec":{"selector":{"matchLabels":{"app":"b"}},"template":{"spec":{"containers":[
      {"name":"side","image":"busybox"},{"name":"web","image":"nginx:2","args":["b"]},{"name":"new","image":"x"}]}}}})");
  auto c = Compare(before, after, DeploymentAtom());
  // Reordering is no change; the selector is atomic, args an atomic list.
  EXPECT_EQ(V1(c.modified),
            R"({"f:spec":{"f:selector":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{"f:args":{},"f:image":{}}}}}}})");
  EXPECT_EQ(V1(c.added),
            R"({"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"new\"}":{".":{},"f:image":{},"f:name":{}}}}}}})");
  EXPECT_TRUE(c.removed.Empty());
}

TEST(Compare, EmptyOnBothSidesIsALeaf) {
  auto c = Compare(J(R"({"data":{}})"), J(R"({"data":null})"), ConfigMapAtom());
  EXPECT_EQ(V1(c.modified), R"({"f:data":{}})");
  c = Compare(J(R"({})"), J(R"({"data":{}})"), ConfigMapAtom());
  EXPECT_EQ(V1(c.added), R"({"f:data":{}})");
}

}  // namespace
}  // namespace kubepp::api::managedfields
