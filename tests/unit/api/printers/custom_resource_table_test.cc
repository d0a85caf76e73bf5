#include "api/printers/custom_resource_table.h"

#include <gtest/gtest.h>

#include "api/printers/jsonpath.h"
#include "printer_test_util.h"

namespace kubepp::api::printers_test {
namespace {

boost::json::array Columns(std::string_view json) { return boost::json::parse(json).as_array(); }

TEST(JsonPathTest, FieldsIndexesFiltersAndMissingKeys) {
  const boost::json::value doc = Json(R"({"spec": {"ports": [{"port": 80}, {"port": 443}],
    "labels": {"app.kubernetes.io/name": "web"}},
    "status": {"conditions": [{"type": "Synced", "status": "False"}, {"type": "Ready", "status": "True"}]}})");
  auto one = [&](std::string_view path) -> std::string {
    auto r = printers::EvaluateJsonPath(path, doc);
    if (!r) return "<parse error>";
    if (r->empty()) return "<none>";
    return boost::json::serialize(*r->front());
  };
  EXPECT_EQ(one(".spec.ports[1].port"), "443");
  EXPECT_EQ(one(".spec.ports[-1].port"), "443");
  EXPECT_EQ(one("{.spec.ports[0].port}"), "80");
  EXPECT_EQ(one(R"(.status.conditions[?(@.type=="Ready")].status)"), "\"True\"");
  EXPECT_EQ(one(R"(.status.conditions[?(@.type=='Synced')].status)"), "\"False\"");
  EXPECT_EQ(one(".spec.labels['app.kubernetes.io/name']"), "\"web\"");
  EXPECT_EQ(one(".spec.missing.deeper"), "<none>");
  EXPECT_EQ(one(".spec.ports[7].port"), "<none>");
  EXPECT_EQ(one("..port"), "80");
  EXPECT_EQ(printers::EvaluateJsonPath(".spec.ports[*].port", doc)->size(), 2u);
  EXPECT_EQ(printers::EvaluateJsonPath(".spec.ports[1:].port", doc)->size(), 1u);
  EXPECT_FALSE(printers::EvaluateJsonPath(".spec.ports[x]", doc));
  EXPECT_FALSE(printers::EvaluateJsonPath(".spec.ports[0", doc));
}

TEST(CustomResourceTableTest, DefaultAgeColumn) {
  auto columns = CustomResourceTableColumns({});
  EXPECT_EQ(boost::json::value(columns[1]), Json(R"({"name": "Age", "type": "date", "format": "",
                     "description": "Custom resource definition column (in JSONPath format): .metadata.creationTimestamp",
                     "priority": 0})"));
  EXPECT_EQ(columns[0].as_object().at("format"), "name");
  EXPECT_CELLS(CustomResourceTableCells({}, Object(R"({"metadata": {"name": "w",
                   "creationTimestamp": "2024-05-01T11:57:00Z"}})"),
                                        kNow),
               R"(["w","3m"])");
}

TEST(CustomResourceTableTest, PrinterColumns) {
  const auto printer_columns = Columns(R"([
    {"name": "Ready", "type": "string", "jsonPath": ".status.conditions[?(@.type==\"Ready\")].status"},
    {"name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas", "description": "Desired replicas"},
    {"name": "Ratio", "type": "number", "jsonPath": ".spec.ratio", "priority": 1},
    {"name": "Paused", "type": "boolean", "jsonPath": ".spec.paused"},
    {"name": "Selector", "type": "string", "jsonPath": ".spec.selector"},
    {"name": "Expires", "type": "date", "jsonPath": ".status.notAfter"},
    {"name": "Missing", "type": "string", "jsonPath": ".status.nothing"},
    {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}])");
  auto columns = CustomResourceTableColumns(printer_columns);
  ASSERT_EQ(columns.size(), 9u);
  EXPECT_EQ(
      columns[1].as_object().at("description"),
      R"(Custom resource definition column (in JSONPath format): .status.conditions[?(@.type=="Ready")].status)");
  EXPECT_EQ(columns[2].as_object().at("description"), "Desired replicas");
  EXPECT_EQ(columns[3].as_object().at("priority"), 1);
  auto cells = CustomResourceTableCells(printer_columns, Object(R"({
    "metadata": {"name": "cert-1", "creationTimestamp": "2024-04-01T12:00:00Z"},
    "spec": {"replicas": 3, "ratio": 1.5, "paused": false,
             "selector": {"matchLabels": {"b": "x<y", "a": "1"}}},
    "status": {"notAfter": "2024-05-01T11:00:00Z",
               "conditions": [{"type": "Ready", "status": "True"}]}})"),
                                        kNow);
  EXPECT_CELLS(
      cells,
      R"(["cert-1","True",3,1.5,false,"{\"matchLabels\":{\"a\":\"1\",\"b\":\"x\\u003cy\"}}","60m",null,"30d"])");
}

TEST(CustomResourceTableTest, TypeMismatchesAndScalarsAsText) {
  const auto printer_columns = Columns(R"([
    {"name": "A", "type": "integer", "jsonPath": ".a"},
    {"name": "B", "type": "string", "jsonPath": ".b"},
    {"name": "C", "type": "string", "jsonPath": ".c"},
    {"name": "D", "type": "date", "jsonPath": ".d"},
    {"name": "E", "type": "string", "jsonPath": ".e"},
    {"name": "F", "type": "integer", "jsonPath": ".f"}])");
  auto cells = CustomResourceTableCells(
      printer_columns, Object(R"({"metadata": {"name": "x"}, "a": "three", "b": 2.5e7, "c": true,
                                  "d": "yesterday", "e": 42, "f": 7.9})"),
      kNow);
  EXPECT_CELLS(cells, R"(["x",null,"2.5e+07","true","<invalid>","42",7])");
}

}  // namespace
}  // namespace kubepp::api::printers_test
