// Go's strconv.Quote, as upstream's messages quote strings.
#include "base/go_quote.h"

#include <gtest/gtest.h>

#include <string>

namespace kubepp {
namespace {

TEST(GoQuote, Table) {
  EXPECT_EQ(GoQuote(""), "\"\"");
  EXPECT_EQ(GoQuote("a b"), "\"a b\"");
  EXPECT_EQ(GoQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(GoQuote("\n\t\r\a\b\f\v"), "\"\\n\\t\\r\\a\\b\\f\\v\"");
  EXPECT_EQ(GoQuote(std::string("\x01\x7f", 2)), "\"\\x01\\x7f\"");
  EXPECT_EQ(GoQuote("r\xc4\x81"), "\"r\xc4\x81\"");           // valid UTF-8 kept
  EXPECT_EQ(GoQuote("\xff"), "\"\\xff\"");                    // invalid byte
  EXPECT_EQ(GoQuote("\xc4"), "\"\\xc4\"");                    // truncated sequence
  EXPECT_EQ(GoQuote("\xed\xa0\x80"), "\"\\xed\\xa0\\x80\"");  // surrogate
  EXPECT_EQ(GoQuote("\xc2\x85"), "\"\\u0085\"");
}

}  // namespace
}  // namespace kubepp
