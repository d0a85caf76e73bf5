// meta.k8s.io/v1 Table responses (what `kubectl get` asks for), built from
// the columns and cells of api/printers.
#pragma once

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/resources/catalog.h"

namespace kubepp::apiserver {

enum class IncludeObject { kNone, kMetadata, kObject };
IncludeObject ParseIncludeObject(const std::string& value);  // default kMetadata

struct TableOptions {
  IncludeObject include = IncludeObject::kMetadata;
  bool include_columns = true;  // watch events after the first leave them out
  std::string resource_version;
  std::string continue_token;
  int64_t remaining_item_count = -1;
};

// Builds a Table row by row, so that a LIST of many objects never holds them
// all parsed at once: parse one, add its row, drop it. A streamed Table is
// Head(), then rows from AppendRow separated by commas, then kTableTail.
class TableBuilder {
 public:
  TableBuilder(const api::ResourceInfo& r, TableOptions options);
  void AddRow(const boost::json::object& obj);
  std::string Finish();  // the Table's JSON; call once

  // The Table's JSON up to the first row.
  std::string Head() const;
  // Appends the row of `obj` to `out`. `managed_fields`, when not empty, is
  // the JSON text of the metadata.managedFields that `obj` was parsed without.
  void AppendRow(std::string& out, const boost::json::object& obj,
                 std::string_view managed_fields = {}) const;
  // Whether rows need the objects' managedFields (their metadata goes out whole).
  bool NeedsManagedFields() const { return options_.include != IncludeObject::kNone; }
  // Whether rows carry whole objects (includeObject=Object).
  bool NeedsWholeObjects() const { return options_.include == IncludeObject::kObject; }
  static constexpr std::string_view kTableTail = "]}";

 private:
  const api::ResourceInfo& r_;
  TableOptions options_;
  long long now_;     // one clock reading for every row's AGE
  std::string rows_;  // the serialized rows, comma-separated
};

// Table rows straight from stored objects (what a Table LIST streams). Each
// object lives only for its row: it is parsed into an arena emptied after
// every row instead of being allocated and freed node by node, and, unless
// rows carry whole objects, without its managedFields (half of a pod, read
// by no cell), which the row copies through as text.
class StoredRowRenderer {
 public:
  StoredRowRenderer(const api::ResourceInfo& r, TableOptions options);
  const TableBuilder& table() const { return table_; }
  // Appends the row of the object stored as `stored` at `revision`; an object
  // that does not parse adds nothing.
  void Append(std::string& out, std::string_view stored, int64_t revision);

 private:
  TableBuilder table_;
  std::vector<unsigned char> buffer_;
  boost::json::monotonic_resource arena_;
};

std::string TableJson(const api::ResourceInfo& r,
                      const std::vector<const boost::json::object*>& objects,
                      const TableOptions& options);

}  // namespace kubepp::apiserver
