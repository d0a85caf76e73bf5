// Helpers shared by the printer tests: objects from JSON text, resources by
// name, and one fixed "now" (2024-05-01T12:00:00Z) so ages are exact.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "api/printers/table.h"
#include "api/resources/catalog.h"

namespace kubepp::api::printers_test {

// 2024-05-01T12:00:00Z.
inline constexpr long long kNow = 1714564800;

inline ResourceInfo Resource(std::string group, std::string version, std::string resource) {
  ResourceInfo r;
  r.group = std::move(group);
  r.version = std::move(version);
  r.resource = std::move(resource);
  return r;
}

inline boost::json::object Object(std::string_view json) {
  return boost::json::parse(json).as_object();
}

// The cells of the object `json`. Where the resource's printer declares the
// members it reads, the cells printed from only those (as a Table LIST
// prints stored objects) must be the same.
inline boost::json::array Cells(const ResourceInfo& r, std::string_view json) {
  boost::json::array cells = TableCells(r, Object(json), kNow);
  if (const JsonProjection* reads = TableCellReads(r)) {
    auto projected = ParseProjected(json, *reads, {});
    EXPECT_TRUE(projected.ok()) << json;
    if (projected.ok()) {
      EXPECT_EQ(TableCells(r, projected->as_object(), kNow), cells) << "projected from " << json;
      EXPECT_EQ(TableRowConditions(r, projected->as_object()), TableRowConditions(r, Object(json)))
          << "projected from " << json;
    }
  }
  return cells;
}

inline boost::json::value Json(std::string_view json) { return boost::json::parse(json); }

inline std::vector<std::string> ColumnNames(const ResourceInfo& r) {
  std::vector<std::string> out;
  for (const auto& c : TableColumns(r)) out.emplace_back(c.as_object().at("name").as_string());
  return out;
}

inline std::vector<int> ColumnPriorities(const ResourceInfo& r) {
  std::vector<int> out;
  for (const auto& c : TableColumns(r)) {
    out.push_back(static_cast<int>(c.as_object().at("priority").as_int64()));
  }
  return out;
}

inline std::vector<std::string> ColumnTypes(const ResourceInfo& r) {
  std::vector<std::string> out;
  for (const auto& c : TableColumns(r)) out.emplace_back(c.as_object().at("type").as_string());
  return out;
}

}  // namespace kubepp::api::printers_test

// Compares cells with a JSON array literal, printing both on failure.
#define EXPECT_CELLS(cells, expected_json)                                                \
  EXPECT_EQ(boost::json::value(cells), ::kubepp::api::printers_test::Json(expected_json)) \
      << "got: " << boost::json::serialize(cells)
