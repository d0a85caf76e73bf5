// The record framing and the payload codec, without a store around them.
#include "store/record_file.h"

#include <gtest/gtest.h>

#include "store/wal_codec.h"

namespace kubepp::store {
namespace {

TEST(Crc32cTest, KnownValues) {
  // Check values from RFC 3720 (iSCSI) appendix B.4.
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(std::string(32, '\xff')), 0x62A8AB43u);
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);
}

TEST(RecordFileTest, RoundTripAndTornTails) {
  std::string file;
  AppendRecord("one", &file);
  AppendRecord("two", &file);
  auto parsed = ParseRecords(file, "f");
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->payloads.size(), 2u);
  EXPECT_EQ(parsed->payloads[1], "two");
  EXPECT_FALSE(parsed->torn_tail);

  for (size_t cut = 1; cut < 11; ++cut) {
    std::string torn = file.substr(0, file.size() - cut);
    auto p = ParseRecords(torn, "f");
    ASSERT_TRUE(p.ok()) << cut;
    EXPECT_TRUE(p->torn_tail);
    EXPECT_EQ(p->payloads.size(), 1u);
    EXPECT_EQ(p->valid_bytes, 11u);
  }
  // Zeros after the last record (reserved space, or a block grown before a crash): nothing lost.
  auto zeros = ParseRecords(file + std::string(100, '\0'), "f");
  ASSERT_TRUE(zeros.ok());
  EXPECT_TRUE(zeros->zero_tail);
  EXPECT_FALSE(zeros->torn_tail);
  EXPECT_EQ(zeros->payloads.size(), 2u);
  EXPECT_EQ(zeros->valid_bytes, file.size());
  // A record cut short inside reserved zeros: its bytes end early, and zeros follow.
  for (size_t cut = 1; cut < 11; ++cut) {
    std::string torn = file.substr(0, file.size() - cut) + std::string(cut + 200, '\0');
    auto p = ParseRecords(torn, "f");
    ASSERT_TRUE(p.ok()) << cut;
    EXPECT_TRUE(p->torn_tail) << cut;
    EXPECT_EQ(p->payloads.size(), 1u);
    EXPECT_EQ(p->valid_bytes, 11u);
  }
  // A bad record with more records after it is corruption, zeros or not.
  std::string middle = file;
  middle[9] ^= 1;
  auto bad_middle = ParseRecords(middle + std::string(100, '\0'), "f");
  EXPECT_FALSE(bad_middle.ok());

  std::string corrupt = file;
  corrupt[9] ^= 1;  // inside the first payload
  auto bad = ParseRecords(corrupt, "wal-1.log");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reason(), Reason::kDataLoss);
  EXPECT_NE(bad.status().message().find("wal-1.log at byte offset 0"), std::string::npos);
}

TEST(WalCodecTest, TxnRoundTrip) {
  TxnRecord r;
  r.rev = 1234567890123;
  Mutation put;
  put.key = "/a";
  put.value = std::make_shared<const std::string>(std::string("v\0x", 3));
  put.lease = 99;
  Mutation del;
  del.is_delete = true;
  del.key = "/b";
  r.mutations = {put, del};
  r.revoked_leases = {7};
  std::string payload = EncodeTxn(r);
  PayloadReader reader(payload);
  ASSERT_EQ(reader.type(), RecordType::kTxn);
  auto back = DecodeTxn(reader);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->rev, r.rev);
  ASSERT_EQ(back->mutations.size(), 2u);
  EXPECT_EQ(*back->mutations[0].value, std::string("v\0x", 3));
  EXPECT_EQ(back->mutations[0].lease, 99);
  EXPECT_TRUE(back->mutations[1].is_delete);
  EXPECT_EQ(back->revoked_leases, std::vector<int64_t>{7});

  // Truncated payloads fail cleanly instead of reading past the end.
  for (size_t n = 1; n < payload.size(); ++n) {
    PayloadReader cut(std::string_view(payload).substr(0, n));
    cut.type();
    EXPECT_FALSE(DecodeTxn(cut).ok()) << n;
  }
}

}  // namespace
}  // namespace kubepp::store
