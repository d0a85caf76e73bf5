// The hand-written encoder writes the bytes protobuf writes for the same
// messages, and etcd clients (protobuf) read them back unchanged.
#include "etcdapi/wire_encoding.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "etcdapi/wire.h"

namespace kubepp::etcdapi {
namespace {

store::KeyValue Kv(std::string key, std::string value, int64_t create, int64_t mod, int64_t version, int64_t lease) {
  store::KeyValue kv;
  kv.key = std::move(key);
  kv.value = std::move(value);
  kv.create_revision = create;
  kv.mod_revision = mod;
  kv.version = version;
  kv.lease = lease;
  return kv;
}

std::vector<store::KeyValue> SampleKvs() {
  return {
      Kv("/registry/pods/default/a", std::string(300, 'v'), 2, 9, 3, 0),
      Kv("/k", "", 1, 1, 1, 7),                                    // empty value, a lease
      Kv("", "x", 0, 0, 0, 0),                                     // all defaults but the value
      Kv("/big", std::string(70000, 'b'), 1LL << 40, (1LL << 40) + 1, 128, -1),  // 3-byte lengths, a negative
  };
}

TEST(WireEncodingTest, RangeResponseMatchesProtobuf) {
  etcdserverpb::ResponseHeader header;
  FillHeader(ServerIdentity{0x1234, 0xabcdef}, 42, &header);
  for (bool more : {false, true}) {
    for (int64_t count : {int64_t{0}, int64_t{4}, int64_t{1} << 33}) {
      std::vector<store::KeyValue> kvs = SampleKvs();
      etcdserverpb::RangeResponse expected;
      *expected.mutable_header() = header;
      for (const store::KeyValue& kv : kvs) ToProto(kv, expected.add_kvs());
      expected.set_more(more);
      expected.set_count(count);
      std::string ours = EncodeRangeResponse(header, kvs, more, count);
      EXPECT_EQ(ours, expected.SerializeAsString()) << "more=" << more << " count=" << count;
      etcdserverpb::RangeResponse parsed;
      ASSERT_TRUE(parsed.ParseFromString(ours));
      ASSERT_EQ(parsed.kvs_size(), 4);
      EXPECT_EQ(parsed.kvs(3).value().size(), 70000u);
      EXPECT_EQ(parsed.kvs(1).lease(), 7);
      EXPECT_EQ(parsed.header().revision(), 42);
    }
  }
}

TEST(WireEncodingTest, EmptyRangeResponseMatchesProtobuf) {
  etcdserverpb::ResponseHeader header;
  FillHeader(ServerIdentity{1, 2}, 1, &header);
  etcdserverpb::RangeResponse expected;
  *expected.mutable_header() = header;
  EXPECT_EQ(EncodeRangeResponse(header, {}, false, 0), expected.SerializeAsString());
}

TEST(WireEncodingTest, WatchEventsMatchProtobuf) {
  std::vector<store::KeyValue> kvs = SampleKvs();
  std::vector<store::Event> events;
  store::Event put;
  put.kv = kvs[0];
  events.push_back(put);
  store::Event put_with_prev = put;
  put_with_prev.prev_kv = kvs[1];
  put_with_prev.has_prev = true;
  events.push_back(put_with_prev);
  store::Event del;
  del.type = store::Event::Type::kDelete;
  del.kv.key = "/gone";
  del.kv.mod_revision = 12;
  events.push_back(del);
  store::Event del_with_prev = del;
  del_with_prev.prev_kv = kvs[3];
  del_with_prev.has_prev = true;
  events.push_back(del_with_prev);

  etcdserverpb::WatchResponse expected;
  api::protobuf::WireWriter ours;
  for (const store::Event& e : events) {
    ToProto(e, expected.add_events());
    AppendEventEntry(11, e, ours);
  }
  EXPECT_EQ(ours.out(), expected.SerializeAsString());
}

}  // namespace
}  // namespace kubepp::etcdapi
