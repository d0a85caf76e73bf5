#include "api/printers/table.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "api/printers/json_fields.h"
#include "api/printers/printer.h"
#include "api/printers/timestamp.h"

namespace kubepp::api {
namespace {

using printers::Column;

boost::json::object ColumnJson(const Column& c) {
  boost::json::object o;
  o["name"] = c.name;
  o["type"] = c.type;
  o["format"] = c.format;
  o["description"] = c.description;
  o["priority"] = c.priority;
  return o;
}

std::vector<Column> DefaultColumns() {
  Column created = printers::AgeColumn();
  created.name = "Created At";
  created.type = "date";
  return {printers::NameColumn(), created};
}

// metav1.Time formatted with Go's time.RFC3339 in UTC.
std::string Rfc3339(std::chrono::microseconds t) {
  using namespace std::chrono;
  const sys_seconds secs = floor<seconds>(sys_time<microseconds>(t));
  const sys_days day = floor<days>(secs);
  const year_month_day ymd(day);
  const hh_mm_ss<seconds> tod(secs - day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long long>(tod.hours().count()),
                static_cast<long long>(tod.minutes().count()),
                static_cast<long long>(tod.seconds().count()));
  return buf;
}

boost::json::array DefaultCells(const boost::json::object& obj) {
  auto created = printers::ParseTimestamp(printers::Meta(obj, "creationTimestamp"));
  return {boost::json::value(printers::Name(obj)),
          boost::json::value(created ? Rfc3339(*created) : "0001-01-01T00:00:00Z")};
}

}  // namespace

boost::json::array TableColumns(const ResourceInfo& resource) {
  const printers::Printer* p = printers::FindPrinter(resource.group, resource.resource);
  boost::json::array out;
  for (const Column& c : p ? p->columns : DefaultColumns()) out.push_back(ColumnJson(c));
  return out;
}

boost::json::array TableCells(const ResourceInfo& resource, const boost::json::object& obj,
                              long long now_unix) {
  const printers::Printer* p = printers::FindPrinter(resource.group, resource.resource);
  if (!p) return DefaultCells(obj);
  printers::PrintContext ctx{obj, std::chrono::seconds(now_unix), resource};
  try {
    return p->cells(ctx);
  } catch (const std::exception&) {
    // The helpers do not throw on odd JSON; this guards the interface anyway.
    boost::json::array cells;
    cells.push_back(boost::json::value(printers::Name(obj)));
    while (cells.size() < p->columns.size()) cells.push_back(boost::json::value(""));
    return cells;
  }
}

boost::json::array TableRowConditions(const ResourceInfo& resource,
                                      const boost::json::object& obj) {
  boost::json::array out;
  if (!resource.group.empty() || resource.resource != "pods") return out;
  const std::string phase = printers::Str(printers::Obj(obj, "status"), "phase");
  if (phase != "Succeeded" && phase != "Failed") return out;
  boost::json::object c;
  c["type"] = "Completed";
  c["status"] = "True";
  c["reason"] = phase;
  c["message"] = phase == "Succeeded" ? "The pod has completed successfully." : "The pod failed.";
  out.push_back(std::move(c));
  return out;
}

boost::json::array ScaleTableColumns() {
  Column name = printers::NameColumn();
  name.format = "";
  const std::vector<Column> columns = {
      name,
      {"Desired", "integer", "",
       "replicas is the desired number of instances for the scaled object.", 0},
      {"Available", "integer", "",
       "replicas is the actual number of observed instances of the scaled object.", 0},
      printers::AgeColumn()};
  boost::json::array out;
  for (const Column& c : columns) out.push_back(ColumnJson(c));
  return out;
}

boost::json::array ScaleTableCells(const boost::json::object& scale, long long now_unix) {
  const std::chrono::microseconds now = std::chrono::seconds(now_unix);
  return {boost::json::value(printers::Name(scale)),
          boost::json::value(printers::Int(printers::Obj(scale, "spec"), "replicas")),
          boost::json::value(printers::Int(printers::Obj(scale, "status"), "replicas")),
          boost::json::value(
              printers::TimestampSince(printers::Meta(scale, "creationTimestamp"), now))};
}

const JsonProjection* TableCellReads(const ResourceInfo& resource) {
  const printers::Printer* p = printers::FindPrinter(resource.group, resource.resource);
  // What DefaultCells reads.
  static const JsonProjection kDefaultReads{"metadata.name", "metadata.creationTimestamp"};
  if (p == nullptr) return &kDefaultReads;
  return p->reads ? &*p->reads : nullptr;
}

bool HasTablePrinter(const ResourceInfo& resource) {
  return printers::FindPrinter(resource.group, resource.resource) != nullptr;
}

}  // namespace kubepp::api
