#include "api/protobuf/wire.h"

#include <gtest/gtest.h>

namespace kubepp::api::protobuf {
namespace {

TEST(WireTest, VarintRoundTrip) {
  for (uint64_t v : {0ull, 1ull, 127ull, 128ull, 300ull, 0xffffffffull, ~0ull}) {
    WireWriter w;
    w.VarintField(5, v);
    WireReader r(w.out());
    WireField f;
    ASSERT_TRUE(r.Next(&f).ok());
    EXPECT_EQ(f.number, 5);
    EXPECT_EQ(f.type, kVarint);
    EXPECT_EQ(f.varint, v);
    EXPECT_TRUE(r.done());
  }
}

TEST(WireTest, KnownEncodings) {
  WireWriter w;
  w.VarintField(1, 150);
  EXPECT_EQ(w.out(), std::string("\x08\x96\x01", 3));
  WireWriter s;
  s.BytesField(2, "testing");
  EXPECT_EQ(s.out(), std::string("\x12\x07testing"));
}

TEST(WireTest, FixedFields) {
  WireWriter w;
  w.Fixed64Field(1, 0x0102030405060708ull);
  w.Fixed32Field(2, 0x0a0b0c0d);
  WireReader r(w.out());
  WireField f;
  ASSERT_TRUE(r.Next(&f).ok());
  EXPECT_EQ(f.varint, 0x0102030405060708ull);
  ASSERT_TRUE(r.Next(&f).ok());
  EXPECT_EQ(f.type, kFixed32);
  EXPECT_EQ(f.varint, 0x0a0b0c0du);
}

Status ReadAll(std::string_view data) {
  WireReader r(data);
  while (!r.done()) {
    WireField f;
    KUBEPP_RETURN_IF_ERROR(r.Next(&f));
  }
  return Status::Ok();
}

TEST(WireTest, MalformedInputsAreErrors) {
  EXPECT_FALSE(ReadAll(std::string("\x08", 1)).ok());  // varint cut off
  EXPECT_FALSE(ReadAll(std::string("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 12))
                   .ok());  // too long
  EXPECT_FALSE(ReadAll(std::string("\x12\x05"
                                   "ab",
                                   4))
                   .ok());                                     // length past the end
  EXPECT_FALSE(ReadAll(std::string("\x0b", 1)).ok());          // group start
  EXPECT_FALSE(ReadAll(std::string("\x00\x01", 2)).ok());      // field number 0
  EXPECT_FALSE(ReadAll(std::string("\x09\x01\x02", 3)).ok());  // fixed64 cut off
  auto st =
      ReadAll(std::string("\x12\x05"
                          "ab",
                          4));
  EXPECT_EQ(st.reason(), Reason::kBadRequest);
  EXPECT_EQ(st.message().rfind("proto: ", 0), 0u) << st.message();
}

}  // namespace
}  // namespace kubepp::api::protobuf
