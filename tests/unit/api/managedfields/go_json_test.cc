#include "api/managedfields/go_json.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace kubepp::api::managedfields {
namespace {

std::string RoundTrip(std::string_view text) {
  auto v = ReadGoJson(text);
  return v ? GoJson(*v) : "<invalid>";
}

TEST(GoJson, WritesAsGoDoes) {
  EXPECT_EQ(RoundTrip(R"({"b":1,"a":"<&>","c":[true,null,1.5]})"), R"({"a":"\u003c\u0026\u003e","b":1,"c":[true,null,1.5]})");
  EXPECT_EQ(RoundTrip("1e21"), "1e+21");
  EXPECT_EQ(RoundTrip("0.0000001"), "1e-07");
  EXPECT_EQ(RoundTrip("123456789012345678901234567890"), "1.2345678901234568e+29");
  EXPECT_EQ(RoundTrip("-9223372036854775808"), "-9223372036854775808");
  EXPECT_EQ(RoundTrip("\"\\u2028\""), "\"\\u2028\"");
}

TEST(GoJson, ReadsNumbersExactlyAndStringsAsGo) {
  // The nearest double, whatever the number of digits.
  auto v = ReadGoJson("88888888888888888888888888888888888888888888888");
  ASSERT_TRUE(v && v->is_double());
  EXPECT_EQ(GoJson(*v), "8.888888888888888e+46");
  EXPECT_EQ(GoJson(*ReadGoJson(GoJson(*v))), GoJson(*v));
  EXPECT_EQ(ReadGoJson("\"\\ud83d\\ude00\"")->as_string(), "\xf0\x9f\x98\x80");
  EXPECT_EQ(ReadGoJson("\"\\ud800x\"")->as_string(), "\xef\xbf\xbdx");  // a lone surrogate
  EXPECT_EQ(ReadGoJson(R"({"a":1,"a":2})")->as_object().at("a").as_int64(), 2);
  for (std::string_view bad : {"", "01", "1.", "-", "[1,]", "{\"a\"}", "\"\\x\"", "tru", "1 2", "1e999"}) {
    EXPECT_FALSE(ReadGoJson(bad).has_value()) << bad;
  }
  std::string deep(100, '[');
  EXPECT_FALSE(ReadGoJson(deep + std::string(100, ']')).has_value());
}

}  // namespace
}  // namespace kubepp::api::managedfields
