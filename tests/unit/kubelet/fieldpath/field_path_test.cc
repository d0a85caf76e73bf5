#include "kubelet/fieldpath/field_path.h"

#include <gtest/gtest.h>

#include "unit/kubelet/test_util.h"

namespace kubepp::kubelet::fieldpath {
namespace {

using testing::Json;

TEST(FieldPathTest, SplitsSubscripts) {
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(SplitMaybeSubscriptedPath("metadata.annotations['myKey']"),
            P("metadata.annotations", "myKey"));
  EXPECT_EQ(SplitMaybeSubscriptedPath("metadata.annotations['a[b]c']"),
            P("metadata.annotations", "a[b]c"));
  EXPECT_EQ(SplitMaybeSubscriptedPath("metadata.labels['']"), P("metadata.labels", ""));
  EXPECT_FALSE(SplitMaybeSubscriptedPath("metadata.labels"));
  EXPECT_FALSE(SplitMaybeSubscriptedPath("['a']"));
  EXPECT_FALSE(SplitMaybeSubscriptedPath("metadata.labels']"));
}

TEST(FieldPathTest, FormatMapSortsAndQuotesLikeGo) {
  auto m = Json(R"({"z":"last","a":"tab\there","m":"quote\"s","u":"caf\u00e9","n":"new\nline"})");
  EXPECT_EQ(FormatMap(&m),
            "a=\"tab\\there\"\nm=\"quote\\\"s\"\nn=\"new\\nline\"\nu=\"caf\xc3\xa9\"\nz=\"last\"");
  boost::json::object empty;
  EXPECT_EQ(FormatMap(&empty), "");
  EXPECT_EQ(FormatMap(nullptr), "");
}

TEST(FieldPathTest, ExtractsMetadata) {
  auto pod = Json(R"({"metadata":{"name":"p","namespace":"ns","uid":"u-1",
      "labels":{"b":"2","a":"1"},"annotations":{"Example.com/Key":"v"}}})");
  EXPECT_EQ(*ExtractFieldPathAsString(pod, "metadata.name"), "p");
  EXPECT_EQ(*ExtractFieldPathAsString(pod, "metadata.namespace"), "ns");
  EXPECT_EQ(*ExtractFieldPathAsString(pod, "metadata.uid"), "u-1");
  EXPECT_EQ(*ExtractFieldPathAsString(pod, "metadata.labels"), "a=\"1\"\nb=\"2\"");
  EXPECT_EQ(*ExtractFieldPathAsString(pod, "metadata.labels['b']"), "2");
  EXPECT_EQ(*ExtractFieldPathAsString(pod, "metadata.annotations['Example.com/Key']"), "v");
  EXPECT_EQ(*ExtractFieldPathAsString(pod, "metadata.annotations['missing']"), "");
}

TEST(FieldPathTest, ErrorsAsUpstream) {
  auto pod = Json(R"({"metadata":{"name":"p"}})");
  EXPECT_EQ(ExtractFieldPathAsString(pod, "spec.nodeName").status().message(),
            "unsupported fieldPath: spec.nodeName");
  EXPECT_EQ(ExtractFieldPathAsString(pod, "metadata.name['x']").status().message(),
            "fieldPath \"metadata.name['x']\" does not support subscript");
  auto bad = ExtractFieldPathAsString(pod, "metadata.labels['a b']");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind(
                "invalid key subscript in metadata.labels['a b']: name part must consist of", 0),
            0u)
      << bad.status().message();
  // Upper case is fine in annotation keys' prefixes (checked lower-cased), not in labels'.
  EXPECT_TRUE(ExtractFieldPathAsString(pod, "metadata.annotations['Example.COM/k']").ok());
  EXPECT_FALSE(ExtractFieldPathAsString(pod, "metadata.labels['Example.COM/k']").ok());
}

TEST(FieldPathTest, ConvertsDownwardApiLabels) {
  EXPECT_EQ(*ConvertDownwardApiFieldLabel("v1", "status.podIPs"), "status.podIPs");
  EXPECT_EQ(*ConvertDownwardApiFieldLabel("v1", "spec.host"), "spec.nodeName");
  EXPECT_EQ(*ConvertDownwardApiFieldLabel("v1", "metadata.labels['x']"), "metadata.labels['x']");
  EXPECT_EQ(ConvertDownwardApiFieldLabel("v1", "status.reason").status().message(),
            "field label not supported: status.reason");
}

}  // namespace
}  // namespace kubepp::kubelet::fieldpath
