#include "api/protobuf/well_known.h"

#include <gtest/gtest.h>

namespace kubepp::api::protobuf {
namespace {

TEST(WellKnownTest, FormatsTimes) {
  EXPECT_EQ(FormatRfc3339(0, 0, 0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(1714557600, 0, 0), "2024-05-01T10:00:00Z");
  EXPECT_EQ(FormatRfc3339(1714557600, 123456789, 6), "2024-05-01T10:00:00.123456Z");
  EXPECT_EQ(FormatRfc3339(951782400, 0, 0), "2000-02-29T00:00:00Z");  // leap day
  EXPECT_EQ(FormatRfc3339(-1, 0, 0), "1969-12-31T23:59:59Z");
}

TEST(WellKnownTest, ParsesTimes) {
  int64_t s = 0;
  int32_t n = 0;
  ASSERT_TRUE(ParseRfc3339("2024-05-01T10:00:00Z", &s, &n));
  EXPECT_EQ(s, 1714557600);
  EXPECT_EQ(n, 0);
  ASSERT_TRUE(ParseRfc3339("2024-05-01T12:00:00.5+02:00", &s, &n));
  EXPECT_EQ(s, 1714557600);
  EXPECT_EQ(n, 500000000);
  ASSERT_TRUE(ParseRfc3339("2024-05-01T10:00:00.123456Z", &s, &n));
  EXPECT_EQ(n, 123456000);
  EXPECT_FALSE(ParseRfc3339("2024-05-01 10:00:00Z", &s, &n));
  EXPECT_FALSE(ParseRfc3339("2024-05-01T10:00:00", &s, &n));
  EXPECT_FALSE(ParseRfc3339("2024-13-01T10:00:00Z", &s, &n));
  EXPECT_FALSE(ParseRfc3339("2024-05-01T10:00:00Zjunk", &s, &n));
  EXPECT_FALSE(ParseRfc3339("", &s, &n));
}

TEST(WellKnownTest, GoDurations) {
  EXPECT_EQ(FormatGoDuration(0), "0s");
  EXPECT_EQ(FormatGoDuration(3600000000000), "1h0m0s");
  EXPECT_EQ(FormatGoDuration(90000000000), "1m30s");
  EXPECT_EQ(FormatGoDuration(1500000000), "1.5s");
  EXPECT_EQ(FormatGoDuration(1500000), "1.5ms");
  EXPECT_EQ(FormatGoDuration(15), "15ns");
  EXPECT_EQ(FormatGoDuration(-2000000000), "-2s");
  for (int64_t d : {0ll, 3600000000000ll, 90000000000ll, 1500000000ll, 1500000ll, 1500ll, 15ll,
                    -2000000000ll}) {
    int64_t back = -1;
    ASSERT_TRUE(ParseGoDuration(FormatGoDuration(d), &back)) << d;
    EXPECT_EQ(back, d);
  }
  int64_t v;
  EXPECT_FALSE(ParseGoDuration("", &v));
  EXPECT_FALSE(ParseGoDuration("10", &v));
  EXPECT_FALSE(ParseGoDuration("1x", &v));
}

TEST(WellKnownTest, Base64) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("v"), "dg==");
  EXPECT_EQ(Base64Encode("va"), "dmE=");
  EXPECT_EQ(Base64Encode("val"), "dmFs");
  std::string out;
  ASSERT_TRUE(Base64Decode("dmFsdWU=", &out));
  EXPECT_EQ(out, "value");
  std::string bin("\x00\xff\x10", 3);
  ASSERT_TRUE(Base64Decode(Base64Encode(bin), &out));
  EXPECT_EQ(out, bin);
  EXPECT_FALSE(Base64Decode("dmFsdWU", &out));  // Go's StdEncoding wants padding
  EXPECT_FALSE(Base64Decode("dm!sdWU=", &out));
  EXPECT_FALSE(Base64Decode("d=Fs", &out));
}

}  // namespace
}  // namespace kubepp::api::protobuf
