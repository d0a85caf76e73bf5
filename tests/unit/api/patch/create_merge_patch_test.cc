#include "api/patch/create_merge_patch.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/patch/patch.h"

namespace kubepp::api {
namespace {
namespace json = boost::json;

json::object Parse(std::string_view text) { return json::parse(text).as_object(); }

TEST(CreateMergePatch, DifferencesOnly) {
  json::object a = Parse(R"({"keep":1,"change":"x","gone":true,"nested":{"a":1,"b":2},"list":[1,2]})");
  json::object b = Parse(R"({"keep":1,"change":"y","added":null,"nested":{"a":1,"c":3},"list":[2,1]})");
  json::object patch = CreateMergePatch(a, b);
  EXPECT_EQ(patch, Parse(R"({"gone":null,"change":"y","added":null,"nested":{"b":null,"c":3},"list":[2,1]})"));
  EXPECT_TRUE(CreateMergePatch(a, a).empty());
}

TEST(CreateMergePatch, AppliedGivesTheModifiedObject) {
  json::object a = Parse(R"({"status":{"capacity":{"cpu":"2","example.com/gpu":"1"},"conditions":[{"type":"Ready"}]}})");
  json::object b = Parse(R"({"status":{"capacity":{"cpu":"4"},"conditions":[{"type":"Ready","status":"True"}]}})");
  auto applied = ApplyMergePatch(json::value(a), json::value(CreateMergePatch(a, b)));
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(*applied, json::value(b));
}

}  // namespace
}  // namespace kubepp::api
