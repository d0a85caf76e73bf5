// Go's encoding/json scanner, byte for byte: what it accepts, and the first complaint it makes
// about what it does not (the messages of *json.SyntaxError).
#include "api/codec/go_json_syntax.h"

#include <gtest/gtest.h>

#include <string>

namespace kubepp::api {
namespace {

std::string Error(std::string_view data) {
  auto e = GoJsonSyntaxError(data);
  return e ? *e : "valid";
}

TEST(GoJsonSyntax, AcceptsWhatGoAccepts) {
  for (std::string_view ok :
       {R"({})", R"( {"a": [1, -2.5e+3, true, false, null, "x\u00e9\n"]} )", "123", "-0", "0.5E-2",
        R"("s")", "[]", "[[],{}]", "{\"k\":\"\xff\"}"}) {
    EXPECT_EQ(Error(ok), "valid") << ok;
  }
}

TEST(GoJsonSyntax, ComplainsAsGoDoes) {
  EXPECT_EQ(Error(""), "unexpected end of JSON input");
  EXPECT_EQ(Error(R"({"a":)"), "unexpected end of JSON input");
  EXPECT_EQ(Error(R"({"a")"), "unexpected end of JSON input");
  EXPECT_EQ(Error(R"(["x)"), "unexpected end of JSON input");
  EXPECT_EQ(Error("x"), "invalid character 'x' looking for beginning of value");
  EXPECT_EQ(Error(R"({"a":1,})"),
            "invalid character '}' looking for beginning of object key string");
  EXPECT_EQ(Error(R"({'a':1})"),
            "invalid character '\\'' looking for beginning of object key string");
  EXPECT_EQ(Error(R"({"a" 1})"), "invalid character '1' after object key");
  EXPECT_EQ(Error(R"({"a":1 "b":2})"), "invalid character '\"' after object key:value pair");
  EXPECT_EQ(Error("[1 2]"), "invalid character '2' after array element");
  EXPECT_EQ(Error("[1,]"), "invalid character ']' looking for beginning of value");
  EXPECT_EQ(Error("{} x"), "invalid character 'x' after top-level value");
  EXPECT_EQ(Error("\"a\nb\""), "invalid character '\\n' in string literal");
  EXPECT_EQ(Error(R"("\x")"), "invalid character 'x' in string escape code");
  EXPECT_EQ(Error(R"("\u12g4")"), "invalid character 'g' in \\u hexadecimal character escape");
  EXPECT_EQ(Error("-x"), "invalid character 'x' in numeric literal");
  EXPECT_EQ(Error("01"), "invalid character '1' after top-level value");
  EXPECT_EQ(Error("[1.]"), "invalid character ']' after decimal point in numeric literal");
  EXPECT_EQ(Error("1e+"), "invalid character ' ' in exponent of numeric literal");
  EXPECT_EQ(Error("-"), "invalid character ' ' in numeric literal");  // Go feeds a space at the end
  EXPECT_EQ(Error("[tru]"), "invalid character ']' in literal true (expecting 'e')");
  EXPECT_EQ(Error("nul"), "invalid character ' ' in literal null (expecting 'l')");
  EXPECT_EQ(Error("fals"), "invalid character ' ' in literal false (expecting 'e')");
  EXPECT_EQ(Error(std::string(10001, '[')), "invalid character '[' exceeded max depth");
}

TEST(GoJsonSyntax, NamesBytesAsGoQuotesThem) {
  EXPECT_EQ(GoQuoteChar('a'), "'a'");
  EXPECT_EQ(GoQuoteChar('"'), "'\"'");
  EXPECT_EQ(GoQuoteChar('\''), "'\\''");
  EXPECT_EQ(GoQuoteChar('\\'), "'\\\\'");
  EXPECT_EQ(GoQuoteChar('\t'), "'\\t'");
  EXPECT_EQ(GoQuoteChar(0x01), "'\\x01'");
  EXPECT_EQ(GoQuoteChar(0x7f), "'\\x7f'");
  EXPECT_EQ(GoQuoteChar(0x85), "'\\u0085'");
  EXPECT_EQ(GoQuoteChar(0xe9), "'\xc3\xa9'");  // the byte read as U+00E9
}

}  // namespace
}  // namespace kubepp::api
