// meta.k8s.io/v1 Table responses (what `kubectl get` asks for), built from
// the columns and cells of api/printers.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec/json_projection.h"
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
  // Appends the row of the object stored as `stored` at `revision` (what a
  // Table LIST streams); an object that does not parse adds nothing. The
  // object lives only for its row, in an arena of the calling thread's that
  // is emptied after every row, and, unless rows carry whole objects, it is
  // parsed without its managedFields (half of a pod, read by no cell), which
  // the row copies through as text. When the resource's printer declares the
  // members it reads, only those are parsed and the metadata is copied as
  // stored. Safe to call from several threads.
  void AppendStoredRow(std::string& out, std::string_view stored, int64_t revision) const;
  // Whether rows need the objects' managedFields (their metadata goes out whole).
  bool NeedsManagedFields() const { return options_.include != IncludeObject::kNone; }
  // Whether rows carry whole objects (includeObject=Object).
  bool NeedsWholeObjects() const { return options_.include == IncludeObject::kObject; }
  static constexpr std::string_view kTableTail = "]}";

 private:
  // Appends `{"cells":[...]` and the row's conditions: a row without its end.
  void AppendCells(std::string& out, const boost::json::object& obj) const;

  const api::ResourceInfo& r_;
  TableOptions options_;
  long long now_;                     // one clock reading for every row's AGE
  const api::JsonProjection* reads_;  // what the cells read; nullptr: anything
  std::string rows_;                  // the serialized rows, comma-separated
};

std::string TableJson(const api::ResourceInfo& r,
                      const std::vector<const boost::json::object*>& objects,
                      const TableOptions& options);

}  // namespace kubepp::apiserver
