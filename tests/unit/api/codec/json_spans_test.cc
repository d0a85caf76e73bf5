#include "api/codec/json_spans.h"

#include <gtest/gtest.h>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <vector>

#include "api/codec/codec.h"

namespace kubepp::api {
namespace {

std::string ValueOf(std::string_view text, const MemberSpan& s) {
  return std::string(text.substr(s.value_begin, s.value_end - s.value_begin));
}

TEST(JsonSpansTest, FindsMembersPastNestedValuesAndTrickyStrings) {
  std::string_view text =
      R"({"a":{"x":[1,{"}":"]"}]},"b\"":"q\\\"}","c" : true , "d":-1.5e3,"e":null,"key":{"k":"v"}})";
  auto key = FindJsonMember(text, 0, "key");
  ASSERT_TRUE(key);
  EXPECT_EQ(ValueOf(text, *key), R"({"k":"v"})");
  EXPECT_EQ(ValueOf(text, *FindJsonMember(text, 0, "c")), "true");
  EXPECT_EQ(ValueOf(text, *FindJsonMember(text, 0, "d")), "-1.5e3");
  EXPECT_EQ(ValueOf(text, *FindJsonMember(text, 0, "a")), R"({"x":[1,{"}":"]"}]})");
  EXPECT_FALSE(FindJsonMember(text, 0, "x"));  // nested members are not the object's
  EXPECT_FALSE(FindJsonMember(text, 0, "missing"));
}

TEST(JsonSpansTest, MalformedTextFindsNothing) {
  for (std::string_view bad :
       {R"({"a":)", R"({"a":"open)", R"({"a":[1,2)", R"({"a" 1})", R"({a:1})", "", "[1]"}) {
    EXPECT_FALSE(FindJsonMember(bad, 0, "a")) << bad;
  }
  EXPECT_EQ(SkipJsonValue(R"(  "x\\")", 0), 7u);
  EXPECT_EQ(SkipJsonValue(R"("unterminated\")", 0), std::string_view::npos);
}

TEST(JsonSpansTest, CutsLeaveMembersOutOfEveryListItem) {
  std::string_view list =
      R"({"kind":"PodList","items":[ {"metadata":{"name":"a","managedFields":[1]}},{"metadata":{"managedFields":{"x":"]"},"name":"b"}},)"
      R"({"metadata":{"name":"c"}} ]})";
  auto items = FindJsonMember(list, 0, "items");
  ASSERT_TRUE(items);
  std::vector<size_t> elements = JsonArrayElements(list, items->value_begin);
  ASSERT_EQ(elements.size(), 3u);
  std::vector<JsonCut> cuts;
  std::string_view removed;
  for (size_t e : elements) {
    if (auto cut = JsonMemberCut(list, e, {"metadata", "managedFields"}, &removed))
      cuts.push_back(*cut);
  }
  ASSERT_EQ(cuts.size(), 2u);
  EXPECT_EQ(removed, R"({"x":"]"})");
  auto parsed = ParseJsonWithCuts(list, cuts);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(
      boost::json::serialize(*parsed),
      R"({"kind":"PodList","items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}},{"metadata":{"name":"c"}}]})");
  EXPECT_TRUE(JsonArrayElements("[]", 0).empty());
  EXPECT_TRUE(JsonArrayElements("[1,", 0).empty());
  EXPECT_FALSE(JsonMemberCut(list, 0, {"items", "metadata"}));  // items is an array, not an object
  EXPECT_FALSE(ParseJsonWithCuts(list, {JsonCut{5, 2}}).ok());
}

TEST(JsonSpansTest, CutParsesPutTheValueInTheGivenStorage) {
  std::string_view text =
      R"({"metadata":{"name":"a","managedFields":[{"manager":"m"}]},"spec":{"x":[1,2]}})";
  std::string_view managed;
  auto cut = JsonMemberCut(text, 0, {"metadata", "managedFields"}, &managed);
  ASSERT_TRUE(cut);
  boost::json::monotonic_resource arena;
  auto parsed = ParseJsonWithCuts(text, {*cut}, &arena);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->storage().get(), &arena);
  EXPECT_EQ(parsed->at("spec").at("x").storage().get(), &arena);
  EXPECT_EQ(boost::json::serialize(*parsed), R"({"metadata":{"name":"a"},"spec":{"x":[1,2]}})");
}

TEST(JsonSpansTest, DecodeApartFromManagedFieldsMatchesAFullDecode) {
  const std::string stored =
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","managedFields":[{"manager":"m","fieldsV1":{"f:spec":{}}}],)"
      R"("uid":"u"},"spec":{"nodeName":"n"}})";
  std::string_view managed;
  auto apart = DecodeStoredApartFromManagedFields(stored, 7, {}, &managed);
  ASSERT_TRUE(apart.ok());
  EXPECT_EQ(managed, R"([{"manager":"m","fieldsV1":{"f:spec":{}}}])");
  auto full = DecodeStored(stored, 7);
  ASSERT_TRUE(full.ok());
  full->at("metadata").as_object().erase("managedFields");
  EXPECT_EQ(*apart, *full);
  EXPECT_EQ(apart->at("metadata").at("resourceVersion"), "7");

  // Last, or alone in metadata: the joining comma goes either way.
  for (std::string meta : {R"({"name":"p","managedFields":[]})",
                           R"({"managedFields":[],"name":"p"})", R"({"managedFields":[]})"}) {
    std::string text = R"({"kind":"Pod","metadata":)" + meta + "}";
    auto o = DecodeStoredApartFromManagedFields(text, 1, {}, &managed);
    ASSERT_TRUE(o.ok()) << text;
    EXPECT_EQ(managed, "[]");
    EXPECT_FALSE(o->at("metadata").as_object().contains("managedFields")) << text;
  }
  // None at all: a plain decode.
  auto none = DecodeStoredApartFromManagedFields(R"({"metadata":{"name":"p"}})", 1, {}, &managed);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(managed, "");
  EXPECT_EQ(boost::json::serialize(none->at("metadata")), R"({"name":"p","resourceVersion":"1"})");
}

}  // namespace
}  // namespace kubepp::api

namespace kubepp::api {
namespace {

// Containers are skipped sixteen bytes at a time: quotes, escapes and
// brackets are moved across every position of those blocks.
TEST(JsonSpansTest, SkipsContainersWhateverTheirBytesFallOnBlockEdges) {
  const std::vector<std::string> pieces = {R"("a{b[c")",
                                           R"("q\"}]\\")",
                                           R"({"k":[1,{"x":"]"}],"e":{}})",
                                           R"("\\\\")",
                                           R"("long string without anything special in it at all")",
                                           R"([[],[[]],{}])",
                                           R"("\u005d\"")",
                                           R"(-12.5e3)",
                                           R"({"}":"{","]":"["})"};
  for (size_t pad = 0; pad < 40; ++pad) {
    for (size_t first = 0; first < pieces.size(); ++first) {
      std::string value = "{\"p\":\"" + std::string(pad, 'x') + "\",\"v\":[";
      for (size_t k = 0; k < pieces.size(); ++k) {
        if (k > 0) value += ',';
        value += pieces[(first + k) % pieces.size()];
      }
      value += "]}";
      ASSERT_NO_THROW(boost::json::parse(value)) << value;
      std::string text = " " + value + ",{\"after\":1}]";
      EXPECT_EQ(SkipJsonValue(text, 0), value.size() + 1) << value;
      EXPECT_EQ(SkipJsonValue(text.substr(0, value.size()), 0), std::string::npos) << value;
    }
  }
}

}  // namespace
}  // namespace kubepp::api
