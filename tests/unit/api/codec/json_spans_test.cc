#include "api/codec/json_spans.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

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
  for (std::string_view bad : {R"({"a":)", R"({"a":"open)", R"({"a":[1,2)", R"({"a" 1})", R"({a:1})", "", "[1]"}) {
    EXPECT_FALSE(FindJsonMember(bad, 0, "a")) << bad;
  }
  EXPECT_EQ(SkipJsonValue(R"(  "x\\")", 0), 7u);
  EXPECT_EQ(SkipJsonValue(R"("unterminated\")", 0), std::string_view::npos);
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
  for (std::string meta : {R"({"name":"p","managedFields":[]})", R"({"managedFields":[],"name":"p"})",
                           R"({"managedFields":[]})"}) {
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
