#include "api/codec/codec.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace kubepp::api {
namespace {

TEST(CodecTest, YamlScalarsResolveAsKubernetesManifestsExpect) {
  auto v = ParseYaml("a: 1\nb: \"1\"\nc: true\nd: null\ne: 1.5\nf: 25%\ng: 0x10\n");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(boost::json::serialize(*v), R"({"a":1,"b":"1","c":true,"d":null,"e":1.5E0,"f":"25%","g":16})");
}

TEST(CodecTest, InvalidUtf8IsRejectedNotStored) {
  auto v = ParseYaml("key: \"MYSQL_PO\xffT\"\n");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().reason(), Reason::kBadRequest);
  EXPECT_TRUE(IsValidUtf8("h\xc3\xa9llo"));
  EXPECT_FALSE(IsValidUtf8("\xc0\x80"));       // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));   // surrogate
  EXPECT_FALSE(CheckUtf8(boost::json::value("bad\xfe")).ok());
}

TEST(CodecTest, StoredBytesCarryTheResourceVersionWhenServed) {
  auto v = ParseJson(R"({"kind":"ConfigMap","data":{"a":"b"},"metadata":{"resourceVersion":"9","name":"x"},"apiVersion":"v1"})");
  ASSERT_TRUE(v.ok());
  std::string stored = EncodeForStorage(v->as_object());
  EXPECT_EQ(stored, R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"b"}})");
  EXPECT_EQ(WithResourceVersion(stored, 42),
            R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"resourceVersion":"42","name":"x"},"data":{"a":"b"}})");
  auto back = DecodeStored(stored, 7);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->at("metadata").as_object().at("resourceVersion").as_string(), "7");
}

TEST(CodecTest, StoredBytesAreValidJsonForAnyKeys) {
  auto v = ParseJson(R"({"data":{"a\"b":"c\\d","\u00e9":1},"kind":"ConfigMap"})");
  ASSERT_TRUE(v.ok());
  std::string stored = EncodeForStorage(v->as_object());
  EXPECT_EQ(stored, R"({"kind":"ConfigMap","metadata":{},"data":{"a\"b":"c\\d","é":1}})");
  auto back = ParseJson(stored);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->at("data"), v->at("data"));
}


// A write request's values live in one arena: what is parsed or built from them shares it
// (so it moves rather than copies between them), and it outlives the first value that goes.
TEST(RequestArenaTest, ARequestsValuesShareOneArenaThatLastsAsLongAsAnyOfThem) {
  auto parsed = ParseJson(R"({"metadata":{"name":"a"},"spec":{"containers":[{"name":"c"}]}})", RequestArena());
  ASSERT_TRUE(parsed.ok());
  boost::json::object obj = std::move(parsed->as_object());
  boost::json::object copy = obj;  // a mutation's next object
  EXPECT_TRUE(copy.storage() == obj.storage());
  EXPECT_FALSE(obj.storage() == boost::json::storage_ptr());
  EXPECT_TRUE(obj.storage().is_deallocate_trivial());
  copy["metadata"].as_object()["resourceVersion"] = "7";
  obj = boost::json::object();  // the request's own value goes first
  EXPECT_EQ(boost::json::serialize(copy),
            R"({"metadata":{"name":"a","resourceVersion":"7"},"spec":{"containers":[{"name":"c"}]}})");
}

}  // namespace
}  // namespace kubepp::api
