#include "base/base64.h"

#include <gtest/gtest.h>

namespace kubepp::base64 {
namespace {

TEST(Base64Test, EncodesWithPadding) {
  EXPECT_EQ(Encode(""), "");
  EXPECT_EQ(Encode("f"), "Zg==");
  EXPECT_EQ(Encode("fo"), "Zm8=");
  EXPECT_EQ(Encode("foo"), "Zm9v");
  EXPECT_EQ(Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Encode(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(Base64Test, DecodesWhatItEncodes) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (size_t n = 0; n <= all.size(); n += 7) {
    std::string part = all.substr(0, n);
    EXPECT_EQ(Decode(Encode(part)), part) << n;
  }
}

TEST(Base64Test, RawUrlUsesTheUrlAlphabetWithoutPadding) {
  EXPECT_EQ(EncodeRawUrl(std::string("\xff\xfe\x00", 3)), "__4A");
  EXPECT_EQ(EncodeRawUrl("f"), "Zg");
  EXPECT_EQ(EncodeRawUrl(std::string("\xfb\xff", 2)), "-_8");
  EXPECT_EQ(DecodeRawUrl("-_8"), std::string("\xfb\xff", 2));
  EXPECT_EQ(DecodeRawUrl("Zm9vYmFy"), "foobar");
  EXPECT_EQ(DecodeRawUrl("Zg=="), std::nullopt);
  EXPECT_EQ(DecodeRawUrl("+/8"), std::nullopt);
  EXPECT_EQ(DecodeRawUrl("Zm9v\nYmFy"), std::nullopt);
  EXPECT_EQ(DecodeRawUrl("Z"), std::nullopt);
}

TEST(Base64Test, IgnoresLineBreaksAndAcceptsMissingPadding) {
  EXPECT_EQ(Decode("Zm9v\r\nYmFy"), "foobar");
  EXPECT_EQ(Decode("Zg"), "f");
  EXPECT_EQ(Decode("Zm8"), "fo");
}

TEST(Base64Test, RefusesWhatIsNotBase64) {
  EXPECT_FALSE(Decode("Zm9v!"));     // outside the alphabet
  EXPECT_FALSE(Decode("Zg==Zg=="));  // data after padding
  EXPECT_FALSE(Decode("Z"));         // no encoding is one digit long
  EXPECT_FALSE(Decode("Zm9v="));     // padding where none belongs
  EXPECT_FALSE(Decode("Zg="));       // too little padding
  EXPECT_FALSE(Decode("Zm9v-_"));    // URL alphabet
}

}  // namespace
}  // namespace kubepp::base64
