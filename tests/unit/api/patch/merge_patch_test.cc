#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <vector>

#include "api/patch/patch.h"
#include "test_util.h"

namespace kubepp::api {
namespace {

using testing::J;

struct Case {
  const char* doc;
  const char* patch;
  const char* want;
};

// RFC 7386 appendix A (except the null patch, which upstream rejects).
const std::vector<Case> kRfc = {
    {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
    {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
    {R"({"a":"b"})", R"({"a":null})", R"({})"},
    {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
    {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
    {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
    {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
    {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
    {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
    {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
    {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
    {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
    {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
    // Kubernetes-shaped: labels merge, containers (a list) replace.
    {R"({"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"containers":[{"name":"x"},{"name":"y"}]}})",
     R"({"metadata":{"labels":{"b":null,"c":"3"}},"spec":{"containers":[{"name":"z"}]}})",
     R"({"metadata":{"labels":{"a":"1","c":"3"}},"spec":{"containers":[{"name":"z"}]}})"},
    {R"({"a":{"b":1}})", R"({})", R"({"a":{"b":1}})"},
    // upstream's library: objects in a new list lose null members
    {R"({})", R"({"a":[{"b":null,"c":1},null]})", R"({"a":[{"c":1},null]})"},
    {R"({"a":{"x":1}})", R"({"a":[{"b":null}]})", R"({"a":[{"b":null}]})"},
    {R"({"a":1})", R"({"a":{"b":null,"c":2}})", R"({"a":{"c":2}})"},
};

TEST(MergePatchTest, Rfc7386Examples) {
  for (const auto& c : kRfc) {
    SCOPED_TRACE(std::string(c.doc) + " + " + c.patch);
    auto got = ApplyMergePatch(J(c.doc), J(c.patch));
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, J(c.want)) << boost::json::serialize(*got);
  }
}

TEST(MergePatchTest, KeepsMemberOrder) {
  auto got = ApplyMergePatch(J(R"({"z":1,"a":2,"m":3})"), J(R"({"a":5,"b":6})"));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(boost::json::serialize(*got), R"({"z":1,"a":5,"m":3,"b":6})");

  auto removed = ApplyMergePatch(J(R"({"z":1,"a":2,"m":3,"q":4})"), J(R"({"a":null})"));
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(boost::json::serialize(*removed), R"({"z":1,"m":3,"q":4})");
}

TEST(MergePatchTest, NullOrScalarPatchIsBadRequest) {
  for (const char* patch : {"null", "3", R"("x")", "true"}) {
    SCOPED_TRACE(patch);
    auto got = ApplyMergePatch(J(R"({"a":1})"), J(patch));
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.status().reason(), Reason::kBadRequest);
    EXPECT_EQ(got.status().message(), "Invalid JSON Patch");
  }
}

}  // namespace
}  // namespace kubepp::api
