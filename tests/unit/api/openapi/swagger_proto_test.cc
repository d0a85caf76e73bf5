#include "api/openapi/swagger_proto.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/openapi/openapi.h"

namespace kubepp::api::openapi {
namespace {

namespace json = boost::json;

// A minimal protobuf reader for the test: field number -> raw values.
// Only varints and length-delimited fields occur in the document.
std::multimap<int, std::string> Fields(std::string_view b) {
  std::multimap<int, std::string> out;
  size_t i = 0;
  auto varint = [&]() {
    uint64_t v = 0;
    for (int shift = 0; i < b.size(); shift += 7) {
      unsigned char c = static_cast<unsigned char>(b[i++]);
      v |= static_cast<uint64_t>(c & 0x7F) << shift;
      if ((c & 0x80) == 0) break;
    }
    return v;
  };
  while (i < b.size()) {
    uint64_t tag = varint();
    int field = static_cast<int>(tag >> 3);
    if ((tag & 7) == 0) {
      out.emplace(field, std::to_string(varint()));
    } else if ((tag & 7) == 2) {
      uint64_t n = varint();
      EXPECT_LE(i + n, b.size());
      out.emplace(field, std::string(b.substr(i, n)));
      i += n;
    } else {
      ADD_FAILURE() << "unexpected wire type " << (tag & 7);
      break;
    }
  }
  return out;
}

std::string One(const std::multimap<int, std::string>& m, int field) {
  auto it = m.find(field);
  return it == m.end() ? "" : it->second;
}

TEST(SwaggerProto, EncodesScalarsAndMessagesExactly) {
  EXPECT_EQ(SwaggerToProto(json::parse(R"({"swagger":"2.0"})").as_object()), std::string("\x0a\x03"
                                                                                         "2.0"));
  EXPECT_EQ(SwaggerToProto(json::parse(R"({"info":{"title":"K","version":""}})").as_object()),
            std::string("\x12\x03\x0a\x01K"));
  EXPECT_EQ(SwaggerToProto(json::parse("{}").as_object()), "");
}

TEST(SwaggerProto, SchemasCarryTypesPropertiesAndExtensionsAsYaml) {
  std::string pb = SwaggerToProto(json::parse(R"({"definitions":{"a.B":{
      "type":"object","required":["x"],
      "properties":{"x":{"type":"array","items":{"$ref":"#/definitions/a.C"},
                         "x-kubernetes-patch-merge-key":"name"}},
      "x-kubernetes-group-version-kind":[{"group":"","kind":"B","version":"v1"}]}}})")
                                      .as_object());
  auto doc = Fields(pb);
  auto defs = Fields(One(doc, 9));
  auto named = Fields(One(defs, 1));
  EXPECT_EQ(One(named, 1), "a.B");
  auto schema = Fields(One(named, 2));
  EXPECT_EQ(One(Fields(One(schema, 22)), 1), "object");
  EXPECT_EQ(One(schema, 19), "x");
  auto ext = Fields(One(schema, 31));
  EXPECT_EQ(One(ext, 1), "x-kubernetes-group-version-kind");
  EXPECT_EQ(json::parse(One(Fields(One(ext, 2)), 2)),
            json::parse(R"([{"group":"","kind":"B","version":"v1"}])"));
  auto prop = Fields(One(Fields(One(schema, 25)), 1));
  EXPECT_EQ(One(prop, 1), "x");
  auto x = Fields(One(prop, 2));
  EXPECT_EQ(One(Fields(One(x, 22)), 1), "array");
  auto item = Fields(One(Fields(One(x, 23)), 1));
  EXPECT_EQ(One(item, 1), "#/definitions/a.C");
  auto merge_key = Fields(One(x, 31));
  EXPECT_EQ(One(merge_key, 1), "x-kubernetes-patch-merge-key");
  EXPECT_EQ(One(Fields(One(merge_key, 2)), 2), "\"name\"");
}

// kubectl 1.27/1.28 look for fieldValidation among a PATCH operation's
// query parameters in this form.
TEST(SwaggerProto, TheServedDocumentKeepsPathsDefinitionsAndPatchParameters) {
  auto doc = Fields(OpenApiV2Protobuf());
  EXPECT_EQ(One(doc, 1), "2.0");
  json::value v2 = json::parse(OpenApiV2());
  EXPECT_EQ(Fields(One(doc, 9)).count(1), v2.at("definitions").as_object().size());
  auto paths = Fields(One(doc, 8));
  EXPECT_EQ(paths.count(2), v2.at("paths").as_object().size());
  bool found = false;
  for (auto it = paths.find(2); it != paths.end() && it->first == 2; ++it) {
    auto named = Fields(it->second);
    if (One(named, 1) != "/apis/apps/v1/namespaces/{namespace}/deployments/{name}") continue;
    auto patch = Fields(One(Fields(One(named, 2)), 8));
    EXPECT_EQ(One(patch, 5), "patchAppsV1NamespacedDeployment");
    for (auto p = patch.find(8); p != patch.end() && p->first == 8; ++p) {
      auto non_body = Fields(One(Fields(One(Fields(p->second), 1)), 2));
      auto query = Fields(One(non_body, 3));
      found |= One(query, 4) == "fieldValidation" && One(query, 2) == "query";
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace kubepp::api::openapi
