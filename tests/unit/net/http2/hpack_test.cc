// HPACK: RFC 7541 Appendix C's examples (every representation, the dynamic table after each
// block, eviction in a 256-octet table, Huffman strings), size updates, the header list bound,
// malformed blocks, and the encoder against the decoder.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "net/http2/hpack_decoder.h"
#include "net/http2/hpack_encoder.h"
#include "net/http2/hpack_table.h"
#include "unit/net/http2/hex.h"

namespace kubepp::net::http2 {
namespace {

using testing::FromHex;

// The dynamic table, newest first, as the RFC prints it.
HeaderList DynamicTable(const HpackDecoder& decoder) {
  HeaderList out;
  for (size_t i = 0; i < decoder.table().dynamic_entries(); ++i) {
    out.push_back(*decoder.table().Get(kStaticTableSize + 1 + i));
  }
  return out;
}

HeaderList Decode(HpackDecoder& decoder, std::string_view hex) {
  auto decoded = decoder.Decode(FromHex(hex));
  EXPECT_TRUE(decoded.ok()) << decoded.status().ToString();
  if (!decoded.ok()) return {};
  EXPECT_FALSE(decoded->too_large);
  return decoded->fields;
}

TEST(HpackDecoder, SingleRepresentationsC2) {
  {
    HpackDecoder d;  // C.2.1 literal with indexing
    EXPECT_EQ(Decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"),
              (HeaderList{{"custom-key", "custom-header"}}));
    EXPECT_EQ(DynamicTable(d), (HeaderList{{"custom-key", "custom-header"}}));
    EXPECT_EQ(d.table().size(), 55u);
  }
  {
    HpackDecoder d;  // C.2.2 literal without indexing
    EXPECT_EQ(Decode(d, "040c 2f73 616d 706c 652f 7061 7468"),
              (HeaderList{{":path", "/sample/path"}}));
    EXPECT_EQ(d.table().dynamic_entries(), 0u);
  }
  {
    HpackDecoder d;  // C.2.3 never indexed
    EXPECT_EQ(Decode(d, "1008 7061 7373 776f 7264 0673 6563 7265 74"),
              (HeaderList{{"password", "secret"}}));
    EXPECT_EQ(d.table().dynamic_entries(), 0u);
  }
  {
    HpackDecoder d;  // C.2.4 indexed
    EXPECT_EQ(Decode(d, "82"), (HeaderList{{":method", "GET"}}));
  }
}

// C.3 (plain) and C.4 (Huffman) encode the same three requests.
void CheckRequests(const char* first, const char* second, const char* third) {
  HpackDecoder d;
  EXPECT_EQ(Decode(d, first), (HeaderList{{":method", "GET"},
                                          {":scheme", "http"},
                                          {":path", "/"},
                                          {":authority", "www.example.com"}}));
  EXPECT_EQ(DynamicTable(d), (HeaderList{{":authority", "www.example.com"}}));
  EXPECT_EQ(d.table().size(), 57u);

  EXPECT_EQ(Decode(d, second), (HeaderList{{":method", "GET"},
                                           {":scheme", "http"},
                                           {":path", "/"},
                                           {":authority", "www.example.com"},
                                           {"cache-control", "no-cache"}}));
  EXPECT_EQ(DynamicTable(d),
            (HeaderList{{"cache-control", "no-cache"}, {":authority", "www.example.com"}}));
  EXPECT_EQ(d.table().size(), 110u);

  EXPECT_EQ(Decode(d, third), (HeaderList{{":method", "GET"},
                                          {":scheme", "https"},
                                          {":path", "/index.html"},
                                          {":authority", "www.example.com"},
                                          {"custom-key", "custom-value"}}));
  EXPECT_EQ(DynamicTable(d), (HeaderList{{"custom-key", "custom-value"},
                                         {"cache-control", "no-cache"},
                                         {":authority", "www.example.com"}}));
  EXPECT_EQ(d.table().size(), 164u);
}

TEST(HpackDecoder, RequestsWithoutHuffmanC3) {
  CheckRequests("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
                "8286 84be 5808 6e6f 2d63 6163 6865",
                "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65");
}

TEST(HpackDecoder, RequestsWithHuffmanC4) {
  CheckRequests("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff", "8286 84be 5886 a8eb 1064 9cbf",
                "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf");
}

// C.5 (plain) and C.6 (Huffman): three responses through a 256-octet table, with evictions.
void CheckResponses(const char* first, const char* second, const char* third) {
  HpackDecoder d(HpackDecoder::Limits{256, 64 * 1024});
  const std::string date1 = "Mon, 21 Oct 2013 20:13:21 GMT";
  const std::string date2 = "Mon, 21 Oct 2013 20:13:22 GMT";
  const std::string location = "https://www.example.com";
  const std::string cookie = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

  EXPECT_EQ(Decode(d, first), (HeaderList{{":status", "302"},
                                          {"cache-control", "private"},
                                          {"date", date1},
                                          {"location", location}}));
  EXPECT_EQ(DynamicTable(d), (HeaderList{{"location", location},
                                         {"date", date1},
                                         {"cache-control", "private"},
                                         {":status", "302"}}));
  EXPECT_EQ(d.table().size(), 222u);

  // ":status: 307" evicts ":status: 302".
  EXPECT_EQ(Decode(d, second), (HeaderList{{":status", "307"},
                                           {"cache-control", "private"},
                                           {"date", date1},
                                           {"location", location}}));
  EXPECT_EQ(DynamicTable(d), (HeaderList{{":status", "307"},
                                         {"location", location},
                                         {"date", date1},
                                         {"cache-control", "private"}}));
  EXPECT_EQ(d.table().size(), 222u);

  EXPECT_EQ(Decode(d, third), (HeaderList{{":status", "200"},
                                          {"cache-control", "private"},
                                          {"date", date2},
                                          {"location", location},
                                          {"content-encoding", "gzip"},
                                          {"set-cookie", cookie}}));
  EXPECT_EQ(DynamicTable(d),
            (HeaderList{{"set-cookie", cookie}, {"content-encoding", "gzip"}, {"date", date2}}));
  EXPECT_EQ(d.table().size(), 215u);
}

TEST(HpackDecoder, ResponsesWithEvictionC5) {
  CheckResponses(
      "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a "
      "3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
      "4803 3330 37c1 c0bf",
      "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 "
      "677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 "
      "553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31");
}

TEST(HpackDecoder, ResponsesWithHuffmanC6) {
  CheckResponses(
      "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e "
      "919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
      "4883 640e ffc1 c0bf",
      "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 "
      "821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed "
      "4ee5 b106 3d50 07");
}

TEST(HpackDecoder, SizeUpdateEvictsAndBoundsTheTable) {
  HpackDecoder d;
  Decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572");
  ASSERT_EQ(d.table().dynamic_entries(), 1u);
  // 001 00000: size 0 empties the table; then an indexed :method GET.
  EXPECT_EQ(Decode(d, "20 82"), (HeaderList{{":method", "GET"}}));
  EXPECT_EQ(d.table().dynamic_entries(), 0u);
  EXPECT_EQ(d.table().max_size(), 0u);
  // Entries larger than the table are not kept.
  Decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572");
  EXPECT_EQ(d.table().dynamic_entries(), 0u);
  // Back to 4096 (3f e1 1f), allowed because that is the limit this side advertised.
  Decode(d, "3fe1 1f");
  EXPECT_EQ(d.table().max_size(), 4096u);
}

TEST(HpackDecoder, RejectsMalformedBlocks) {
  const char* bad[] = {
      "80",                   // index 0
      "be",                   // index 62 with an empty dynamic table
      "ff",                   // truncated integer
      "ff80 8080 8080 8001",  // integer far too large
      "3fe2 1f",              // size update to 4097, above the advertised 4096
      "82 20",                // size update after a field
      "400a 6375 73",         // string longer than the block
      "40",                   // literal without its name
      "4000",                 // literal name, no value
      "0481 00",              // Huffman value with bad padding (five zero bits)
      "0484 ffff ffff",       // Huffman value holding EOS
  };
  for (const char* hex : bad) {
    HpackDecoder d;
    EXPECT_FALSE(d.Decode(FromHex(hex)).ok()) << hex;
  }
}

TEST(HpackDecoder, OversizedListIsFlaggedButKeepsTheTable) {
  HpackDecoder d(HpackDecoder::Limits{4096, 60});
  // custom-key: custom-header (55) then :method GET (42): 97 > 60.
  auto decoded =
      d.Decode(FromHex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572 82"));
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(decoded->too_large);
  EXPECT_TRUE(decoded->fields.empty());
  // The table still took the indexed literal, so the next block can refer to it.
  auto next = d.Decode(FromHex("be"));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->fields, (HeaderList{{"custom-key", "custom-header"}}));
}

TEST(HpackEncoder, RoundTripsThroughTheDecoder) {
  HeaderList request = {{":method", "POST"},
                        {":scheme", "http"},
                        {":path", "/runtime.v1.RuntimeService/Version"},
                        {":authority", "localhost"},
                        {"content-type", "application/grpc"},
                        {"te", "trailers"},
                        {"grpc-timeout", "120000m"},
                        {"x-long", std::string(300, 'v')}};
  std::string block = EncodeHeaderBlock(request);
  HpackDecoder d;
  auto decoded = d.Decode(block);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->fields, request);
  EXPECT_EQ(d.table().dynamic_entries(), 0u);  // never indexed
  // ":method: POST" and ":scheme: http" are whole static entries: one octet each.
  EXPECT_EQ(static_cast<uint8_t>(block[0]), 0x83);
  EXPECT_EQ(static_cast<uint8_t>(block[1]), 0x86);
}

TEST(HpackEncoder, IntegersUseTheirPrefix) {
  // RFC 7541 C.1: 10 in 5 bits, 1337 in 5 bits, 42 in 8 bits.
  std::string out;
  AppendHpackInteger(out, 10, 5, 0);
  EXPECT_EQ(out, FromHex("0a"));
  out.clear();
  AppendHpackInteger(out, 1337, 5, 0);
  EXPECT_EQ(out, FromHex("1f9a 0a"));
  out.clear();
  AppendHpackInteger(out, 42, 8, 0);
  EXPECT_EQ(out, FromHex("2a"));
}

}  // namespace
}  // namespace kubepp::net::http2
