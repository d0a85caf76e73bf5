#include "api/patch/go_format.h"

#include <gtest/gtest.h>

#include "base/go_quote.h"
#include "test_util.h"

namespace kubepp::api::patch_internal {
namespace {

using kubepp::api::testing::J;

TEST(GoFormatTest, RendersLikePercentV) {
  EXPECT_EQ(GoValue(J(R"({"name":"a","image":"b","ports":[80,443]})")),
            "map[image:b name:a ports:[80 443]]");
  EXPECT_EQ(GoValue(J("null")), "<nil>");
  EXPECT_EQ(GoValue(J("true")), "true");
  EXPECT_EQ(GoValue(J("1.5")), "1.5");
  EXPECT_EQ(GoValue(J("100.0")), "100");
  EXPECT_EQ(GoValue(J("1e21")), "1e+21");
  EXPECT_EQ(GoValue(J("0.00001")), "1e-05");
  EXPECT_EQ(GoValue(J("0.0001")), "0.0001");
  EXPECT_EQ(GoValue(J("-2.5e6")), "-2500000");
  EXPECT_EQ(GoValue(J("[]")), "[]");
  EXPECT_EQ(GoValue(J("{}")), "map[]");
}

TEST(GoFormatTest, TypeNamesAndPercentS) {
  EXPECT_EQ(GoTypeName(J("{}")), "map[string]interface {}");
  EXPECT_EQ(GoTypeName(J("[]")), "[]interface {}");
  EXPECT_EQ(GoTypeName(J("1")), "int64");
  EXPECT_EQ(GoTypeName(J("1.5")), "float64");
  EXPECT_EQ(GoPercentS(J(R"("x")")), "x");
  EXPECT_EQ(GoPercentS(J("true")), "%!s(bool=true)");
  EXPECT_EQ(GoQuote("a\"b"), "\"a\\\"b\"");
}

TEST(GoFormatTest, EqualityLikeGo) {
  EXPECT_TRUE(GoEqual(J("1"), J("1")));
  EXPECT_FALSE(GoEqual(J("1"), J("1.0")));
  EXPECT_TRUE(GoEqual(J(R"({"a":[1,"x"],"b":null})"), J(R"({"b":null,"a":[1,"x"]})")));
  EXPECT_FALSE(GoEqual(J(R"({"a":1})"), J(R"({"a":1,"b":2})")));
  EXPECT_FALSE(GoEqual(J("[1,2]"), J("[2,1]")));
  EXPECT_TRUE(GoEqual(J("18446744073709551615"), J("18446744073709551615")));
}

}  // namespace
}  // namespace kubepp::api::patch_internal
