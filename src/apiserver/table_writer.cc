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

std::string TableJson(const api::ResourceInfo& r, const std::vector<const object*>& objects,
                      const TableOptions& options) {
  object table;
  table["kind"] = "Table";
  table["apiVersion"] = "meta.k8s.io/v1";
  object meta;
  if (!options.resource_version.empty()) meta["resourceVersion"] = options.resource_version;
  if (!options.continue_token.empty()) meta["continue"] = options.continue_token;
  if (options.remaining_item_count >= 0) meta["remainingItemCount"] = options.remaining_item_count;
  table["metadata"] = std::move(meta);
  table["columnDefinitions"] = options.include_columns ? boost::json::value(api::TableColumns(r))
                                                        : boost::json::value(nullptr);
  boost::json::array rows;
  const long long now = static_cast<long long>(std::time(nullptr));
  for (const object* obj : objects) {
    object row;
    row["cells"] = api::TableCells(r, *obj, now);
    auto conditions = api::TableRowConditions(r, *obj);
    if (!conditions.empty()) row["conditions"] = std::move(conditions);
    switch (options.include) {
      case IncludeObject::kNone:
        break;
      case IncludeObject::kMetadata: {
        object partial;
        partial["kind"] = "PartialObjectMetadata";
        partial["apiVersion"] = "meta.k8s.io/v1";
        auto it = obj->find("metadata");
        partial["metadata"] = it != obj->end() ? it->value() : boost::json::value(object());
        row["object"] = std::move(partial);
        break;
      }
      case IncludeObject::kObject:
        row["object"] = *obj;
        break;
    }
    rows.push_back(std::move(row));
  }
  table["rows"] = std::move(rows);
  return boost::json::serialize(table);
}

}  // namespace kubepp::apiserver
