#include "apiserver/table_writer.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "api/codec/codec.h"

namespace kubepp::apiserver {
namespace {

const char* kStoredPod =
    R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"d","creationTimestamp":"2026-01-01T00:00:00Z",)"
    R"("managedFields":[{"manager":"kubectl","operation":"Update","fieldsV1":{"f:spec":{}}}]},)"
    R"("spec":{"containers":[{"name":"c","image":"i"}]},"status":{"phase":"Running"}})";

boost::json::value Row(const api::ResourceInfo& pods, bool apart) {
  TableBuilder table(pods, TableOptions{});
  std::string out;
  std::string_view managed;
  auto obj = apart ? api::DecodeStoredApartFromManagedFields(kStoredPod, 5, {}, &managed)
                   : api::DecodeStored(kStoredPod, 5);
  EXPECT_TRUE(obj.ok());
  table.AppendRow(out, *obj, managed);
  return boost::json::parse(out);
}

TEST(TableWriterTest, RowsFromObjectsParsedApartFromManagedFieldsAreTheSame) {
  const api::ResourceInfo* pods = api::Catalog::Get().Find("", "v1", "pods");
  ASSERT_NE(pods, nullptr);
  boost::json::value whole = Row(*pods, false), apart = Row(*pods, true);
  EXPECT_EQ(whole, apart);
  const auto& meta = apart.at("object").at("metadata").as_object();
  EXPECT_EQ(meta.at("managedFields").as_array().size(), 1u);
  EXPECT_EQ(meta.at("resourceVersion"), "5");
  EXPECT_EQ(apart.at("cells").as_array()[0], "web");
}

TEST(TableWriterTest, RowsRenderedFromStoredTextMatchRowsOfWholeObjects) {
  const api::ResourceInfo* pods = api::Catalog::Get().Find("", "v1", "pods");
  ASSERT_NE(pods, nullptr);
  for (IncludeObject include :
       {IncludeObject::kNone, IncludeObject::kMetadata, IncludeObject::kObject}) {
    TableOptions options;
    options.include = include;
    TableBuilder whole(*pods, options);
    std::string expected;
    whole.AppendRow(expected, *api::DecodeStored(kStoredPod, 5));
    for (int round = 0; round < 3; ++round) {  // the arena is emptied and reused between rows
      std::string out;
      whole.AppendStoredRow(out, kStoredPod, 5);
      EXPECT_EQ(boost::json::parse(out), boost::json::parse(expected)) << static_cast<int>(include);
    }
    std::string nothing;
    whole.AppendStoredRow(nothing, "{not json", 5);
    EXPECT_EQ(nothing, "");
  }
}

TEST(TableWriterTest, AStreamedTableIsHeadRowsTail) {
  const api::ResourceInfo* pods = api::Catalog::Get().Find("", "v1", "pods");
  TableOptions options;
  options.resource_version = "9";
  TableBuilder table(*pods, options);
  auto obj = api::DecodeStored(kStoredPod, 5);
  std::string text = table.Head();
  table.AppendRow(text, *obj);
  text += ',';
  table.AppendRow(text, *obj);
  text += TableBuilder::kTableTail;
  auto parsed = boost::json::parse(text).as_object();
  EXPECT_EQ(parsed.at("kind"), "Table");
  EXPECT_EQ(parsed.at("metadata").at("resourceVersion"), "9");
  EXPECT_EQ(parsed.at("rows").as_array().size(), 2u);
  EXPECT_FALSE(parsed.at("columnDefinitions").as_array().empty());
}

}  // namespace
}  // namespace kubepp::apiserver
