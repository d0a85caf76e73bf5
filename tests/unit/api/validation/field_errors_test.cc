#include "api/validation/field_errors.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "api/validation/label_selector.h"
#include "unit/api/validation/test_util.h"

namespace kubepp::api::validation {
namespace {

TEST(FieldErrors, BodiesMatchUpstreamFormats) {
  FieldPath p("spec");
  EXPECT_EQ(ErrorString(Required(p.Child("replicas"))), "spec.replicas: Required value");
  EXPECT_EQ(ErrorString(Required(p.Child("selector"), "must be set")),
            "spec.selector: Required value: must be set");
  EXPECT_EQ(ErrorString(InvalidInt(p.Child("replicas"), -1, "must be greater than or equal to 0")),
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0");
  EXPECT_EQ(ErrorString(Invalid(FieldPath("metadata").Child("name"), "Foo", "bad")),
            "metadata.name: Invalid value: \"Foo\": bad");
  EXPECT_EQ(ErrorString(NotSupported(p.Child("type"), "Foo", {"ClusterIP", "NodePort"})),
            "spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \"NodePort\"");
  EXPECT_EQ(ErrorString(Duplicate(p.Child("ports").Index(1).Child("name"), "http")),
            "spec.ports[1].name: Duplicate value: \"http\"");
  EXPECT_EQ(ErrorString(Forbidden(p, "nope")), "spec: Forbidden: nope");
  EXPECT_EQ(ErrorString(TooLong(FieldPath("metadata").Child("annotations"), 262144)),
            "metadata.annotations: Too long: must have at most 262144 bytes");
  EXPECT_EQ(ErrorString(NotFound(p.Child("volumeMounts").Index(0).Child("name"), "data")),
            "spec.volumeMounts[0].name: Not found: \"data\"");
  EXPECT_EQ(ErrorString(TooMany(p.Child("x"), 3, 2)),
            "spec.x: Too many: 3: must have at most 2 items");
}

TEST(FieldErrors, PathKeysAreBare) {
  EXPECT_EQ(FieldPath("metadata").Child("labels").Key("app/x").String(), "metadata.labels[app/x]");
  EXPECT_EQ(FieldPath("spec").Child("a", "b", "c").Index(2).String(), "spec.a.b.c[2]");
}

TEST(FieldErrors, GoMapAndSliceLiterals) {
  auto m = testing::J(R"({"b":"2","a":"1"})");
  EXPECT_EQ(GoStringMap(&m), "map[string]string{\"a\":\"1\", \"b\":\"2\"}");
  EXPECT_EQ(GoStringMap(nullptr), "map[string]string(nil)");
  EXPECT_EQ(GoStringSlice({"x", "y"}), "[]string{\"x\", \"y\"}");
}

TEST(InvalidStatus, OneErrorIsNotBracketed) {
  auto r = testing::Res("apps", "Deployment");
  std::vector<FieldError> errs = {
      InvalidInt(FieldPath("spec").Child("replicas"), -1, "must be greater than or equal to 0")};
  Status st = InvalidStatus(r, "x", errs);
  EXPECT_TRUE(st.IsInvalid());
  EXPECT_EQ(st.http_code(), 422);
  EXPECT_EQ(st.message(),
            "Deployment.apps \"x\" is invalid: spec.replicas: Invalid value: -1: must be greater "
            "than or equal to 0");
  ASSERT_EQ(st.causes().size(), 1u);
  EXPECT_EQ(st.causes()[0].type, "FieldValueInvalid");
  EXPECT_EQ(st.causes()[0].field, "spec.replicas");
  EXPECT_EQ(st.causes()[0].message, "Invalid value: -1: must be greater than or equal to 0");
}

TEST(InvalidStatus, SeveralErrorsAreBracketedAndDeduplicated) {
  auto r = testing::Res("", "Pod");
  std::vector<FieldError> errs = {
      Required(FieldPath("spec").Child("containers")),
      Required(FieldPath("metadata").Child("name"), "name or generateName is required"),
      Required(FieldPath("spec").Child("containers"))};
  Status st = InvalidStatus(r, "p", errs);
  EXPECT_EQ(st.message(),
            "Pod \"p\" is invalid: [spec.containers: Required value, metadata.name: Required "
            "value: name or "
            "generateName is required]");
  EXPECT_EQ(st.causes().size(), 3u);
  EXPECT_EQ(st.causes()[1].message, "Required value: name or generateName is required");
}

TEST(InvalidStatus, NoErrors) {
  EXPECT_EQ(InvalidStatus(testing::Res("", "Pod"), "p", {}).message(), "Pod \"p\" is invalid");
}

// A *metav1.LabelSelector as a field error's bad value: dereferenced and printed with %#v.
TEST(FieldErrors, LabelSelectorsPrintAsGoSyntax) {
  auto selector = boost::json::parse(R"({"matchLabels":{"z":"1","a":"2"},"matchExpressions":[)"
                                     R"({"key":"tier","operator":"In","values":["a","b"]},)"
                                     R"({"key":"gone","operator":"DoesNotExist"}]})")
                      .as_object();
  EXPECT_EQ(SelectorGoSyntax(&selector),
            "v1.LabelSelector{MatchLabels:map[string]string{\"a\":\"2\", \"z\":\"1\"}, "
            "MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{"
            "Key:\"tier\", Operator:\"In\", Values:[]string{\"a\", \"b\"}}, "
            "v1.LabelSelectorRequirement{Key:\"gone\", Operator:\"DoesNotExist\", "
            "Values:[]string(nil)}}}");
  auto empty = boost::json::parse(R"({"matchLabels":{},"matchExpressions":[]})").as_object();
  EXPECT_EQ(SelectorGoSyntax(&empty),
            "v1.LabelSelector{MatchLabels:map[string]string{}, "
            "MatchExpressions:[]v1.LabelSelectorRequirement{}}");
  EXPECT_EQ(SelectorGoSyntax(nullptr), "null");
}

}  // namespace
}  // namespace kubepp::api::validation
