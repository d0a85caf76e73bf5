#include "api/printers/custom_resource_table.h"

#include <boost/json/serialize.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "api/printers/go_text.h"
#include "api/printers/human_duration.h"
#include "api/printers/json_fields.h"
#include "api/printers/jsonpath.h"
#include "api/printers/printer.h"
#include "api/printers/timestamp.h"

namespace kubepp::api {
namespace {

using boost::json::object;
using boost::json::value;
using printers::Str;

struct CrColumn {
  std::string name, type, format, description, json_path;
  long long priority = 0;
};

std::vector<CrColumn> Columns(const boost::json::array& printer_columns) {
  std::vector<CrColumn> out;
  for (const value& v : printer_columns) {
    const object& c = printers::AsObj(v);
    CrColumn col{Str(c, "name"),        Str(c, "type"),     Str(c, "format"),
                 Str(c, "description"), Str(c, "jsonPath"), printers::Int(c, "priority")};
    if (col.description.empty()) {
      col.description = "Custom resource definition column (in JSONPath format): " + col.json_path;
    }
    out.push_back(std::move(col));
  }
  if (out.empty()) {
    const std::string path = ".metadata.creationTimestamp";
    out.push_back({"Age", "date", "",
                   "Custom resource definition column (in JSONPath format): " + path, path, 0});
  }
  return out;
}

// kubectl JSONPath's text for one value.
value StringCell(const value& v) {
  if (v.is_null()) return nullptr;  // upstream cannot print a nil value
  if (v.is_string()) return value(v.get_string());
  if (v.is_object() || v.is_array()) {
    return value(printers::GoJsonText(v));
  }
  if (v.is_bool()) return value(v.get_bool() ? "true" : "false");
  if (v.is_double()) return value(printers::GoFloatText(v.get_double()));
  return value(boost::json::serialize(v));
}

value TypedCell(const std::string& type, const value& v, std::chrono::microseconds now) {
  if (v.is_null()) return nullptr;
  if (type == "integer") {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64()) return static_cast<long long>(v.get_uint64());
    if (v.is_double()) return static_cast<long long>(v.get_double());
    return nullptr;
  }
  if (type == "number") {
    if (v.is_int64()) return static_cast<double>(v.get_int64());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64());
    if (v.is_double()) return v.get_double();
    return nullptr;
  }
  if (type == "boolean") return v.is_bool() ? value(v.get_bool()) : value(nullptr);
  if (type == "date") {
    if (!v.is_string()) return nullptr;
    const std::string_view s = v.get_string();
    if (s.empty() || s == "null") return value("<unknown>");
    auto t = printers::ParseTimestamp(s);
    if (!t) {
      // The zero time parses but prints as unknown; anything else is invalid.
      return value(s.starts_with("0001-01-01T00:00:00") ? "<unknown>" : "<invalid>");
    }
    return value(printers::HumanDuration(now - *t));
  }
  return nullptr;
}

}  // namespace

boost::json::array CustomResourceTableColumns(const boost::json::array& printer_columns) {
  boost::json::array out;
  const printers::Column name = printers::NameColumn();
  out.push_back(boost::json::object{{"name", name.name},
                                    {"type", name.type},
                                    {"format", name.format},
                                    {"description", name.description},
                                    {"priority", 0}});
  for (const CrColumn& c : Columns(printer_columns)) {
    out.push_back(boost::json::object{{"name", c.name},
                                      {"type", c.type},
                                      {"format", c.format},
                                      {"description", c.description},
                                      {"priority", c.priority}});
  }
  return out;
}

boost::json::array CustomResourceTableCells(const boost::json::array& printer_columns,
                                            const boost::json::object& obj, long long now_unix) {
  const std::chrono::microseconds now = std::chrono::seconds(now_unix);
  const value root(obj);
  boost::json::array cells;
  cells.push_back(value(printers::Name(obj)));
  for (const CrColumn& c : Columns(printer_columns)) {
    auto found = printers::EvaluateJsonPath(c.json_path, root);
    if (!found || found->empty()) {
      cells.push_back(nullptr);
      continue;
    }
    const value& first = *found->front();
    cells.push_back(c.type == "string" ? StringCell(first) : TypedCell(c.type, first, now));
  }
  return cells;
}

}  // namespace kubepp::api
