#include "api/codec/json_projection.h"

#include <gtest/gtest.h>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>

namespace kubepp::api {
namespace {

boost::json::value Projected(std::string_view text, const JsonProjection& p) {
  auto v = ParseProjected(text, p, {});
  EXPECT_TRUE(v.ok()) << v.status().message();
  return v.ok() ? *v : boost::json::value();
}

TEST(JsonProjectionTest, KeepsOnlyTheNamedMembers) {
  std::string_view text =
      R"({"metadata":{"name":"a","labels":{"x":"y"},"managedFields":[{"f:spec":{"}":"]"}}]},)"
      R"( "spec" : {"nodeName":"n1","volumes":[{"name":"v"}],"containers":[)"
      R"({"name":"c1","image":"i1","env":[{"name":"E","value":"q\"}"}]},{"image":"i2"},"odd"]},)"
      R"("status":{"phase":"Running","conditions":[{"type":"Ready"}]},"extra":[1,2]})";
  JsonProjection p{"metadata.name", "spec.nodeName", "spec.containers.name", "status"};
  EXPECT_EQ(Projected(text, p), boost::json::parse(R"({"metadata":{"name":"a"},)"
                                                   R"("spec":{"nodeName":"n1","containers":)"
                                                   R"([{"name":"c1"},{},"odd"]},)"
                                                   R"("status":{"phase":"Running",)"
                                                   R"("conditions":[{"type":"Ready"}]}})"));
}

TEST(JsonProjectionTest, AWholePathWinsOverADeeperOne) {
  std::string_view text = R"({"a":{"b":1,"c":2},"d":3})";
  EXPECT_EQ(Projected(text, JsonProjection{"a.b", "a"}),
            boost::json::parse(R"({"a":{"b":1,"c":2}})"));
  EXPECT_EQ(Projected(text, JsonProjection{"a", "a.b"}),
            boost::json::parse(R"({"a":{"b":1,"c":2}})"));
}

TEST(JsonProjectionTest, ValuesThatAreNotObjectsAreKeptWhole) {
  EXPECT_EQ(Projected(R"({"a":null,"b":"s","c":[[{"x":1,"y":2}],3]})",
                      JsonProjection{"a.x", "b.x", "c.x"}),
            boost::json::parse(R"({"a":null,"b":"s","c":[[{"x":1}],3]})"));
  EXPECT_EQ(Projected(R"({})", JsonProjection{"a"}), boost::json::parse("{}"));
  EXPECT_EQ(Projected(R"( { "a" : [ ] , "b" : { } } )", JsonProjection{"a.x", "b.x"}),
            boost::json::parse(R"({"a":[],"b":{}})"));
}

TEST(JsonProjectionTest, CapturesTheTextOfATopLevelMember) {
  std::string_view text = R"({"kind":"Pod","metadata":{"name":"a","uid":"u"},"status":{}})";
  std::string_view metadata;
  auto v = ParseProjected(text, JsonProjection{"status"}, {}, "metadata", &metadata);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(metadata, R"({"name":"a","uid":"u"})");
  EXPECT_EQ(*v, boost::json::parse(R"({"status":{}})"));
  ASSERT_TRUE(
      ParseProjected(R"({"kind":"Pod"})", JsonProjection{"kind"}, {}, "metadata", &metadata).ok());
  EXPECT_EQ(metadata, "");
}

TEST(JsonProjectionTest, MalformedTextIsAnErrorNotAPartialObject) {
  JsonProjection p{"metadata.name", "status"};
  for (std::string_view bad :
       {"", "[]", "nul", R"({"metadata":{"name":"a")", R"({"metadata":{"name":"a"}} x)",
        R"({"status":{"phase":tru}})", R"({"spec":{"a":"unterminated})", R"({"spec":[1,2})",
        R"({"metadata" {"name":"a"}})", R"({"a":1,})", R"({"metadata":{"name":"a",}})",
        R"({"status":{"phase":"x"},"metadata":{"name":"a" "b"}})"}) {
    std::string_view captured = "unset";
    auto v = ParseProjected(bad, p, {}, "status", &captured);
    EXPECT_FALSE(v.ok()) << bad;
    EXPECT_EQ(captured, "") << bad;
  }
}

TEST(JsonProjectionTest, ValuesGoToTheGivenStorage) {
  boost::json::monotonic_resource arena;
  auto v = ParseProjected(R"({"metadata":{"name":"a-long-enough-name-to-allocate"}})",
                          JsonProjection{"metadata.name"}, &arena);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->storage().get(), &arena);
  EXPECT_EQ(v->at("metadata").storage().get(), &arena);
  EXPECT_EQ(v->at("metadata").at("name").storage().get(), &arena);
}

}  // namespace
}  // namespace kubepp::api
