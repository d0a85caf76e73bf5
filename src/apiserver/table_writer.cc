#include "apiserver/table_writer.h"

#include <ctime>

#include <boost/json/serialize.hpp>

#include "api/printers/table.h"

namespace kubepp::apiserver {

using boost::json::object;

IncludeObject ParseIncludeObject(const std::string& value) {
  if (value == "None") return IncludeObject::kNone;
  if (value == "Object") return IncludeObject::kObject;
  return IncludeObject::kMetadata;
}

TableBuilder::TableBuilder(const api::ResourceInfo& r, TableOptions options)
    : r_(r), options_(std::move(options)), now_(static_cast<long long>(std::time(nullptr))) {}

void TableBuilder::AddRow(const object& obj) {
  // Written field by field: the row's object is serialized straight from
  // `obj`, never copied into a row value first.
  if (!rows_.empty()) rows_.push_back(',');
  rows_ += "{\"cells\":";
  rows_ += boost::json::serialize(api::TableCells(r_, obj, now_));
  auto conditions = api::TableRowConditions(r_, obj);
  if (!conditions.empty()) {
    rows_ += ",\"conditions\":";
    rows_ += boost::json::serialize(conditions);
  }
  switch (options_.include) {
    case IncludeObject::kNone:
      break;
    case IncludeObject::kMetadata: {
      rows_ += ",\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":";
      auto it = obj.find("metadata");
      rows_ += it != obj.end() ? boost::json::serialize(it->value()) : std::string("{}");
      rows_ += '}';
      break;
    }
    case IncludeObject::kObject:
      rows_ += ",\"object\":";
      rows_ += boost::json::serialize(obj);
      break;
  }
  rows_ += '}';
}

std::string TableBuilder::Finish() {
  object table;
  table["kind"] = "Table";
  table["apiVersion"] = "meta.k8s.io/v1";
  object meta;
  if (!options_.resource_version.empty()) meta["resourceVersion"] = options_.resource_version;
  if (!options_.continue_token.empty()) meta["continue"] = options_.continue_token;
  if (options_.remaining_item_count >= 0) meta["remainingItemCount"] = options_.remaining_item_count;
  table["metadata"] = std::move(meta);
  table["columnDefinitions"] = options_.include_columns ? boost::json::value(api::TableColumns(r_))
                                                         : boost::json::value(nullptr);
  std::string out = boost::json::serialize(table);
  out.pop_back();  // the closing brace: the rows follow, last as upstream orders them
  out.reserve(out.size() + rows_.size() + 12);
  out += ",\"rows\":[";
  out += rows_;
  out += "]}";
  rows_.clear();
  return out;
}

std::string TableJson(const api::ResourceInfo& r, const std::vector<const object*>& objects,
                      const TableOptions& options) {
  TableBuilder builder(r, options);
  for (const object* obj : objects) builder.AddRow(*obj);
  return builder.Finish();
}

}  // namespace kubepp::apiserver
