#include "api/managedfields/fields_v1.h"

#include <gtest/gtest.h>

#include "unit/api/managedfields/test_util.h"

namespace kubepp::api::managedfields {
namespace {

using testing::J;

// As upstream writes a Deployment created by `kubectl create deployment`.
constexpr std::string_view kDeploymentFields =
    R"({"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},)"
    R"("f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{)"
    R"("k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},)"
    R"("k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{},"f:protocol":{}}}}}}}}})";

TEST(FieldsV1, RoundTripsUpstreamText) {
  auto set = DecodeFieldsV1Text(kDeploymentFields);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(EncodeFieldsV1Text(*set), kDeploymentFields);
  Path image = {PathElement::Field("spec"),          PathElement::Field("template"),
                PathElement::Field("spec"),          PathElement::Field("containers"),
                PathElement::Key({{"name", "nginx"}}), PathElement::Field("image")};
  EXPECT_TRUE(set->Has(image));
  image.pop_back();
  EXPECT_TRUE(set->Has(image));  // the "." makes the item itself a member
  EXPECT_FALSE(set->Has({PathElement::Field("spec")}));
}

TEST(FieldsV1, SortsWhatArrivesOutOfOrder) {
  auto set = DecodeFieldsV1Text(R"({"v:\"b\"":{},"f:z":{},"v:\"a\"":{},"f:a":{".":{},"f:x":{}},"k:{\"n\":1}":{}})");
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(EncodeFieldsV1Text(*set), R"({"f:a":{".":{},"f:x":{}},"f:z":{},"k:{\"n\":1}":{},"v:\"a\"":{},"v:\"b\"":{}})");
}

TEST(FieldsV1, NullAndEmptyAreTheEmptySet) {
  EXPECT_TRUE(DecodeFieldsV1(J("null"))->Empty());
  EXPECT_TRUE(DecodeFieldsV1(J("{}"))->Empty());
}

TEST(FieldsV1, UnknownKindsAreDroppedAndTheirParentBecomesAMember) {
  auto set = DecodeFieldsV1Text(R"({"f:a":{"x:future":{}},"y:other":{}})");
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(EncodeFieldsV1Text(*set), R"({"f:a":{}})");
}

TEST(FieldsV1, RefusesMalformedInput) {
  for (std::string_view bad : {R"([])", R"("x")", R"({"f:a":1})", R"({"f:a":{"f:b":[]}})", R"({"k:{oops":{}})",
                               R"({"i:one":{}})", R"({"q":{}})", "{"}) {
    EXPECT_FALSE(DecodeFieldsV1Text(bad).ok()) << bad;
  }
}

TEST(FieldsV1, MayIntersectLooksKeysUpWithoutDecoding) {
  auto fields = J(kDeploymentFields);
  auto set = [](std::string_view text) { return *DecodeFieldsV1Text(text); };
  EXPECT_FALSE(FieldsV1MayIntersect(set(R"({"f:status":{"f:replicas":{}}})"), fields));
  EXPECT_FALSE(FieldsV1MayIntersect(set(R"({"f:metadata":{"f:labels":{"f:other":{}}}})"), fields));
  EXPECT_TRUE(FieldsV1MayIntersect(set(R"({"f:metadata":{"f:labels":{"f:app":{}}}})"), fields));
  EXPECT_TRUE(FieldsV1MayIntersect(
      set(R"({"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{"f:image":{}}}}}}})"), fields));
  EXPECT_FALSE(FieldsV1MayIntersect(FieldSet(), fields));
}

}  // namespace
}  // namespace kubepp::api::managedfields
