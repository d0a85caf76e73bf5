#include "api/patch/json_patch.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

#include "api/patch/patch.h"
#include "test_util.h"

namespace kubepp::api {
namespace {

using testing::J;

struct Case {
  const char* name;
  const char* doc;
  const char* patch;
  const char* want;
};

// RFC 6902 appendix A, plus upstream library behaviour.
const std::vector<Case> kOk = {
    {"A.1 add object member", R"({"foo":"bar"})", R"([{"op":"add","path":"/baz","value":"qux"}])",
     R"({"foo":"bar","baz":"qux"})"},
    {"A.2 add array element", R"({"foo":["bar","baz"]})",
     R"([{"op":"add","path":"/foo/1","value":"qux"}])", R"({"foo":["bar","qux","baz"]})"},
    {"A.3 remove object member", R"({"baz":"qux","foo":"bar"})",
     R"([{"op":"remove","path":"/baz"}])", R"({"foo":"bar"})"},
    {"A.4 remove array element", R"({"foo":["bar","qux","baz"]})",
     R"([{"op":"remove","path":"/foo/1"}])", R"({"foo":["bar","baz"]})"},
    {"A.5 replace", R"({"baz":"qux","foo":"bar"})",
     R"([{"op":"replace","path":"/baz","value":"boo"}])", R"({"baz":"boo","foo":"bar"})"},
    {"A.6 move value", R"({"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}})",
     R"([{"op":"move","from":"/foo/waldo","path":"/qux/thud"}])",
     R"({"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}})"},
    {"A.7 move array element", R"({"foo":["all","grass","cows","eat"]})",
     R"([{"op":"move","from":"/foo/1","path":"/foo/3"}])",
     R"({"foo":["all","cows","eat","grass"]})"},
    {"A.8 test success", R"({"baz":"qux","foo":["a",2,"c"]})",
     R"([{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}])",
     R"({"baz":"qux","foo":["a",2,"c"]})"},
    {"A.10 add nested member", R"({"foo":"bar"})",
     R"([{"op":"add","path":"/child","value":{"grandchild":{}}}])",
     R"({"foo":"bar","child":{"grandchild":{}}})"},
    {"A.11 ignore unknown members", R"({"foo":"bar"})",
     R"([{"op":"add","path":"/baz","value":"qux","xyz":123}])", R"({"foo":"bar","baz":"qux"})"},
    {"A.14 escapes", R"({"/":9,"~1":10})", R"([{"op":"test","path":"/~01","value":10}])",
     R"({"/":9,"~1":10})"},
    {"A.16 add array value", R"({"foo":["bar"]})",
     R"([{"op":"add","path":"/foo/-","value":["abc","def"]}])", R"({"foo":["bar",["abc","def"]]})"},
    {"escaped slash in key", R"({"metadata":{"labels":{"a/b":"1"}}})",
     R"([{"op":"replace","path":"/metadata/labels/a~1b","value":"2"}])",
     R"({"metadata":{"labels":{"a/b":"2"}}})"},
    {"copy", R"({"a":{"b":[1,2]}})", R"([{"op":"copy","from":"/a/b","path":"/c"}])",
     R"({"a":{"b":[1,2]},"c":[1,2]})"},
    {"copy into array", R"({"a":[1,2]})", R"([{"op":"copy","from":"/a/0","path":"/a/-"}])",
     R"({"a":[1,2,1]})"},
    {"add replaces existing member", R"({"a":1})", R"([{"op":"add","path":"/a","value":2}])",
     R"({"a":2})"},
    {"add at end index", R"({"a":[1]})", R"([{"op":"add","path":"/a/1","value":2}])",
     R"({"a":[1,2]})"},
    {"negative add index counts from end", R"({"a":[1,2]})",
     R"([{"op":"add","path":"/a/-1","value":9}])", R"({"a":[1,2,9]})"},
    {"negative remove index", R"({"a":[1,2,3]})", R"([{"op":"remove","path":"/a/-1"}])",
     R"({"a":[1,2]})"},
    {"replace missing member adds it (v4)", R"({"a":1})",
     R"([{"op":"replace","path":"/b","value":2}])", R"({"a":1,"b":2})"},
    {"test null matches missing member", R"({"a":1})",
     R"([{"op":"test","path":"/b","value":null}])", R"({"a":1})"},
    {"test objects deep", R"({"a":{"x":[1,{"y":true}]}})",
     R"([{"op":"test","path":"/a","value":{"x":[1,{"y":true}]}}])",
     R"({"a":{"x":[1,{"y":true}]}})"},
    {"null patch is empty", R"({"a":1})", "null", R"({"a":1})"},
    {"empty patch", R"({"a":1})", "[]", R"({"a":1})"},
    {"ops apply in order", R"({"spec":{"replicas":1}})",
     R"([{"op":"test","path":"/spec/replicas","value":1},{"op":"replace","path":"/spec/replicas","value":3},
        {"op":"test","path":"/spec/replicas","value":3}])",
     R"({"spec":{"replicas":3}})"},
    {"negative index in replace and test", R"({"a":[1,2]})",
     R"([{"op":"replace","path":"/a/-1","value":5},{"op":"test","path":"/a/-1","value":5}])",
     R"({"a":[1,5]})"},
    {"negative index while walking", R"({"a":[{"b":1},{"b":2}]})",
     R"([{"op":"replace","path":"/a/-1/b","value":3}])", R"({"a":[{"b":1},{"b":3}]})"},
    {"replace whole document", R"({"a":1})", R"([{"op":"replace","path":"","value":{"b":2}}])",
     R"({"b":2})"},
    {"replace whole document with scalar is ignored", R"({"a":1})",
     R"([{"op":"replace","path":"","value":3}])", R"({"a":1})"},
    {"test whole document", R"({"a":1})", R"([{"op":"test","path":"","value":{"a":1}}])",
     R"({"a":1})"},
    {"add missing value is null", R"({"a":1})", R"([{"op":"add","path":"/b"}])",
     R"({"a":1,"b":null})"},
};

TEST(JsonPatchTest, AppliesOperations) {
  for (const auto& c : kOk) {
    SCOPED_TRACE(c.name);
    auto got = ApplyJsonPatch(J(c.doc), J(c.patch));
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, J(c.want)) << boost::json::serialize(*got);
  }
}

TEST(JsonPatchTest, DoesNotChangeInput) {
  auto doc = J(R"({"a":[1,2]})");
  auto got = ApplyJsonPatch(doc, J(R"([{"op":"remove","path":"/a/0"}])"));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(doc, J(R"({"a":[1,2]})"));
}

struct ErrCase {
  const char* name;
  const char* doc;
  const char* patch;
  const char* message;  // the detailed (library) message
};

const std::vector<ErrCase> kFail = {
    {"A.9 test failure", R"({"baz":"qux"})", R"([{"op":"test","path":"/baz","value":"bar"}])",
     "testing value /baz failed: test failed"},
    {"A.12 add to nonexistent target", R"({"foo":"bar"})",
     R"([{"op":"add","path":"/baz/bat","value":"qux"}])",
     "add operation does not apply: doc is missing path: \"/baz/bat\": missing value"},
    {"A.15 string is not number", R"({"/":9,"~1":10})",
     R"([{"op":"test","path":"/~01","value":"10"}])", "testing value /~01 failed: test failed"},
    {"int is not float", R"({"a":1})", R"([{"op":"test","path":"/a","value":1.0}])",
     "testing value /a failed: test failed"},
    {"remove missing member", R"({"a":1})", R"([{"op":"remove","path":"/b"}])",
     "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value"},
    {"remove out of range", R"({"a":[1]})", R"([{"op":"remove","path":"/a/3"}])",
     "error in remove for path: '/a/3': Unable to access invalid index: 3: invalid index "
     "referenced"},
    {"remove with bad index", R"({"a":[1]})", R"([{"op":"remove","path":"/a/x"}])",
     "error in remove for path: '/a/x': strconv.Atoi: parsing \"x\": invalid syntax"},
    {"remove under missing parent", R"({"a":1})", R"([{"op":"remove","path":"/x/y"}])",
     "remove operation does not apply: doc is missing path: \"/x/y\": missing value"},
    {"add past the end", R"({"a":[1]})", R"([{"op":"add","path":"/a/5","value":1}])",
     "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced"},
    {"add bad index", R"({"a":[1]})", R"([{"op":"add","path":"/a/x","value":1}])",
     "error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: "
     "parsing \"x\": "
     "invalid syntax"},
    {"replace out of range", R"({"a":[1]})", R"([{"op":"replace","path":"/a/1","value":1}])",
     "replace operation does not apply: doc is missing key: /a/1: missing value"},
    {"replace without path", R"({"a":1})", R"([{"op":"replace","value":1}])",
     "replace operation failed to decode path: operation missing path field: missing value"},
    {"replace with numeric path", R"({"a":1})", R"([{"op":"replace","path":3,"value":1}])",
     "replace operation failed to decode path: json: cannot unmarshal number into Go value of type "
     "string"},
    {"move from missing member", R"({"a":1})", R"([{"op":"move","from":"/b","path":"/c"}])",
     "error in move for path: 'b': Unable to remove nonexistent key: b: missing value"},
    {"move without from", R"({"a":1})", R"([{"op":"move","path":"/c"}])",
     "move operation failed to decode from: operation, missing from field: missing value"},
    {"copy from missing parent", R"({"a":1})", R"([{"op":"copy","from":"/x/y","path":"/c"}])",
     "copy operation does not apply: doc is missing from path: /x/y: missing value"},
    {"test under missing parent", R"({"a":1})", R"([{"op":"test","path":"/x/y","value":1}])",
     "test operation does not apply: is missing path: /x/y: missing value"},
    {"root path addresses nothing", R"({"a":1})", R"([{"op":"add","path":"","value":{}}])",
     "add operation does not apply: doc is missing path: \"\": missing value"},
    {"test whole document fails", R"({"a":1})", R"([{"op":"test","path":"","value":{"a":2}}])",
     "testing value  failed: test failed"},
    {"negative index below range", R"({"a":[1]})", R"([{"op":"test","path":"/a/-2","value":1}])",
     "error in test for path: '/a/-2': Unable to access invalid index: -2: invalid index "
     "referenced"},
    {"missing op", R"({"a":1})", R"([{"path":"/a"}])", "Unexpected kind: unknown"},
    {"unknown op", R"({"a":1})", R"([{"op":"frobnicate","path":"/a"}])",
     "Unexpected kind: frobnicate"},
    {"null op entry", R"({"a":1})", R"([null])", "Unexpected kind: unknown"},
    {"failure stops later ops", R"({"a":1})",
     R"([{"op":"replace","path":"/a","value":2},{"op":"test","path":"/a","value":1}])",
     "testing value /a failed: test failed"},
};

TEST(JsonPatchTest, FailedOperationsAreInvalid) {
  for (const auto& c : kFail) {
    SCOPED_TRACE(c.name);
    auto detailed = ApplyJsonPatchDetailed(J(c.doc), J(c.patch));
    ASSERT_FALSE(detailed.ok());
    EXPECT_EQ(detailed.status().reason(), Reason::kInvalid);
    EXPECT_EQ(detailed.status().message(), c.message);

    // What the apiserver sends: 422 with upstream's fixed text.
    auto got = ApplyJsonPatch(J(c.doc), J(c.patch));
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.status().reason(), Reason::kInvalid);
    EXPECT_EQ(got.status().http_code(), 422);
    EXPECT_EQ(got.status().message(),
              "the server rejected our request due to an error in our request");
  }
}

TEST(JsonPatchTest, MalformedPatchIsBadRequest) {
  struct {
    const char* patch;
    const char* message;
  } cases[] = {
      {R"({"op":"add","path":"/a","value":1})",
       "json: cannot unmarshal object into Go value of type jsonpatch.Patch"},
      {R"("add")", "json: cannot unmarshal string into Go value of type jsonpatch.Patch"},
      {"3", "json: cannot unmarshal number into Go value of type jsonpatch.Patch"},
      {"[1]", "json: cannot unmarshal number into Go value of type jsonpatch.Operation"},
      {R"([[{"op":"add"}]])",
       "json: cannot unmarshal array into Go value of type jsonpatch.Operation"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.patch);
    auto got = ApplyJsonPatch(J(R"({"a":1})"), J(c.patch));
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.status().reason(), Reason::kBadRequest);
    EXPECT_EQ(got.status().http_code(), 400);
    EXPECT_EQ(got.status().message(), c.message);
  }
}

TEST(JsonPatchTest, TooManyOperations) {
  boost::json::array ops;
  for (size_t i = 0; i < kMaxJsonPatchOperations; ++i) {
    ops.push_back(J(R"({"op":"test","path":"/a","value":1})"));
  }
  auto ok = ApplyJsonPatch(J(R"({"a":1})"), boost::json::value(ops));
  EXPECT_TRUE(ok.ok()) << ok.status().ToString();

  ops.push_back(J(R"({"op":"test","path":"/a","value":1})"));
  auto got = ApplyJsonPatch(J(R"({"a":1})"), boost::json::value(ops));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().reason(), Reason::kRequestEntityTooLarge);
  EXPECT_EQ(got.status().message(),
            "Request entity too large: The allowed maximum operations in a JSON patch is 10000, "
            "got 10001");
}

}  // namespace
}  // namespace kubepp::api
