#include "api/managedfields/path_element.h"

#include <gtest/gtest.h>

#include "unit/api/managedfields/test_util.h"

namespace kubepp::api::managedfields {
namespace {

using testing::J;

PathElement Parsed(std::string_view s) {
  auto pe = PathElement::Parse(s);
  EXPECT_TRUE(pe.ok()) << s << ": " << pe.status().ToString();
  EXPECT_TRUE(pe.ok() && pe->has_value()) << s;
  return **pe;
}

TEST(PathElement, SerializesEachKindAsFieldsV1Does) {
  EXPECT_EQ(PathElement::Field("spec").Serialize(), "f:spec");
  EXPECT_EQ(PathElement::Key({{"protocol", "TCP"}, {"containerPort", 80}}).Serialize(),
            R"(k:{"containerPort":80,"protocol":"TCP"})");
  EXPECT_EQ(PathElement::Value("example.com/x").Serialize(), R"(v:"example.com/x")");
  EXPECT_EQ(PathElement::Index(3).Serialize(), "i:3");
  // Go's encoder escapes HTML characters inside keys and values.
  EXPECT_EQ(PathElement::Value("a<b&c>").Serialize(), R"(v:"a\u003cb\u0026c\u003e")");
}

TEST(PathElement, ParsesWhatItSerializes) {
  for (const PathElement& pe : {PathElement::Field("metadata"), PathElement::Key({{"name", "web"}}),
                                PathElement::Key({{"port", 53}, {"protocol", "UDP"}}), PathElement::Value(true),
                                PathElement::Value("x"), PathElement::Index(0)}) {
    EXPECT_EQ(Parsed(pe.Serialize()), pe) << pe.Serialize();
  }
  // Key fields are sorted whatever order the text has.
  EXPECT_EQ(Parsed(R"(k:{"protocol":"TCP","containerPort":80})"),
            PathElement::Key({{"containerPort", 80}, {"protocol", "TCP"}}));
}

TEST(PathElement, UnknownKindsAreSkippedAndMalformedTextRefused) {
  auto unknown = PathElement::Parse("x:anything");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->has_value());
  for (std::string_view bad : {"f", "fspec", "k:{", "k:[1]", "v:nope", "i:x", "i:"}) {
    EXPECT_FALSE(PathElement::Parse(bad).ok()) << bad;
  }
}

TEST(PathElement, OrdersAsUpstream) {
  // Fields before keys before values before indexes.
  EXPECT_LT(PathElement::Field("zzz"), PathElement::Key({{"a", 1}}));
  EXPECT_LT(PathElement::Key({{"z", "z"}}), PathElement::Value(0));
  EXPECT_LT(PathElement::Value(nullptr), PathElement::Index(0));
  // Values: numbers before strings before booleans; numbers numerically.
  EXPECT_LT(PathElement::Value(9), PathElement::Value(10));
  EXPECT_LT(PathElement::Value(1000), PathElement::Value("1"));
  EXPECT_LT(PathElement::Value("b"), PathElement::Value(false));
  EXPECT_EQ(PathElement::Value(J("1")), PathElement::Value(J("1.0")));
  // Keys: by field names, then values, then length.
  EXPECT_LT(PathElement::Key({{"name", "a"}}), PathElement::Key({{"name", "b"}}));
  EXPECT_LT(PathElement::Key({{"port", 80}}), PathElement::Key({{"port", 80}, {"protocol", "TCP"}}));
}

TEST(PathElement, PrintsPathsAsConflictsShowThem) {
  Path p = {PathElement::Field("spec"), PathElement::Field("template"), PathElement::Field("spec"),
            PathElement::Field("containers"), PathElement::Key({{"name", "web"}}), PathElement::Field("ports"),
            PathElement::Key({{"containerPort", 80}, {"protocol", "TCP"}})};
  EXPECT_EQ(PathString(p), R"(.spec.template.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"])");
  EXPECT_EQ(PathString({PathElement::Field("metadata"), PathElement::Field("finalizers"), PathElement::Value("a\"b")}),
            R"(.metadata.finalizers[="a\"b"])");
  EXPECT_EQ(PathElement::Index(2).String(), "[2]");
}

}  // namespace
}  // namespace kubepp::api::managedfields
