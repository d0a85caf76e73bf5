// The HPACK Huffman code: the table against the properties RFC 7541 Appendix B's code has, the
// RFC's examples (Appendix C.4 and C.6), and strict rejection of bad padding.
#include "net/http2/huffman.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "unit/net/http2/hex.h"

namespace kubepp::net::http2 {
namespace {

using testing::FromHex;

TEST(HuffmanTable, IsACompleteCanonicalPrefixCode) {
  // Kraft's sum is exactly 1 (in units of 2^-30) and codes ordered by (length, symbol) count up
  // by one, shifting left as the length grows: the shape of the RFC's canonical code. A mistyped
  // entry breaks one of the two.
  uint64_t kraft = 0;
  for (const HuffmanCode& c : kHuffmanCodes) {
    ASSERT_GE(c.bits, 5);
    ASSERT_LE(c.bits, 30);
    ASSERT_LT(c.code, uint64_t{1} << c.bits);
    kraft += uint64_t{1} << (30 - c.bits);
  }
  EXPECT_EQ(kraft, uint64_t{1} << 30);
  std::set<std::pair<int, int>> order;
  for (int s = 0; s <= 256; ++s) order.insert({kHuffmanCodes[s].bits, s});
  uint64_t expected = 0;
  int previous_bits = order.begin()->first;
  for (auto [bits, symbol] : order) {
    expected <<= (bits - previous_bits);
    previous_bits = bits;
    EXPECT_EQ(kHuffmanCodes[symbol].code, expected) << "symbol " << symbol;
    ++expected;
  }
  EXPECT_EQ(kHuffmanCodes[256].code, 0x3fffffffu);  // EOS
  EXPECT_EQ(kHuffmanCodes[256].bits, 30);
  EXPECT_EQ(kHuffmanCodes['0'].code, 0x0u);
  EXPECT_EQ(kHuffmanCodes['0'].bits, 5);
}

TEST(Huffman, DecodesTheRfcExamples) {
  struct Case {
    const char* hex;
    const char* text;
  } cases[] = {
      {"f1e3 c2e5 f23a 6ba0 ab90 f4ff", "www.example.com"},  // C.4.1
      {"a8eb 1064 9cbf", "no-cache"},                        // C.4.2
      {"25a8 49e9 5ba9 7d7f", "custom-key"},                 // C.4.3
      {"25a8 49e9 5bb8 e8b4 bf", "custom-value"},            // C.4.3
      {"6402", "302"},                                       // C.6.1
      {"aec3 771a 4b", "private"},                           // C.6.1
      {"d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff",
       "Mon, 21 Oct 2013 20:13:21 GMT"},                                          // C.6.1
      {"9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3", "https://www.example.com"},  // C.6.1
      {"640e ff", "307"},                                                         // C.6.2
      {"9bd9 ab", "gzip"},                                                        // C.6.3
  };
  for (const Case& c : cases) {
    auto decoded = HuffmanDecode(FromHex(c.hex));
    ASSERT_TRUE(decoded.ok()) << c.text << ": " << decoded.status().ToString();
    EXPECT_EQ(*decoded, c.text);
    EXPECT_EQ(HuffmanEncode(c.text), FromHex(c.hex)) << c.text;
  }
}

TEST(Huffman, EveryOctetRoundTrips) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  auto decoded = HuffmanDecode(HuffmanEncode(all));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, all);
  EXPECT_EQ(*HuffmanDecode(""), "");
}

TEST(Huffman, RejectsBadPadding) {
  // '0' is 00000: three padding bits of zeros are not EOS's ones.
  EXPECT_FALSE(HuffmanDecode(std::string(1, '\x00')).ok());
  // A whole octet of ones after a complete symbol is padding longer than 7 bits.
  std::string www = FromHex("f1e3 c2e5 f23a 6ba0 ab90 f4ff");
  EXPECT_FALSE(HuffmanDecode(www + "\xff").ok());
  // EOS (30 ones) encoded inside the string.
  EXPECT_FALSE(HuffmanDecode(std::string("\xff\xff\xff\xff", 4)).ok());
  // Eight ones alone: padding longer than 7 bits.
  EXPECT_FALSE(HuffmanDecode(std::string("\xff", 1)).ok());
  // '9' is 011111; two bits of ones pad it to the octet 0x7f.
  EXPECT_EQ(*HuffmanDecode(std::string("\x7f", 1)), "9");
}

}  // namespace
}  // namespace kubepp::net::http2
