#include "apiserver/table_writer.h"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <ctime>
#include <memory>

#include "api/codec/codec.h"
#include "api/printers/table.h"

namespace kubepp::apiserver {

using boost::json::object;

namespace {

constexpr std::string_view kPartialObjectMetadataHead =
    ",\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/"
    "v1\",\"metadata\":";

}  // namespace

IncludeObject ParseIncludeObject(const std::string& value) {
  if (value == "None") return IncludeObject::kNone;
  if (value == "Object") return IncludeObject::kObject;
  return IncludeObject::kMetadata;
}

TableBuilder::TableBuilder(const api::ResourceInfo& r, TableOptions options)
    : r_(r),
      options_(std::move(options)),
      now_(static_cast<long long>(std::time(nullptr))),
      reads_(api::TableCellReads(r)) {}

void TableBuilder::AddRow(const object& obj) {
  if (!rows_.empty()) rows_.push_back(',');
  AppendRow(rows_, obj);
}

void TableBuilder::AppendCells(std::string& out, const object& obj) const {
  out += "{\"cells\":";
  out += boost::json::serialize(api::TableCells(r_, obj, now_));
  auto conditions = api::TableRowConditions(r_, obj);
  if (!conditions.empty()) {
    out += ",\"conditions\":";
    out += boost::json::serialize(conditions);
  }
}

void TableBuilder::AppendRow(std::string& out, const object& obj,
                             std::string_view managed_fields) const {
  // Written field by field: the row's object is serialized straight from
  // `obj`, never copied into a row value first.
  AppendCells(out, obj);
  switch (options_.include) {
    case IncludeObject::kNone:
      break;
    case IncludeObject::kMetadata: {
      out += kPartialObjectMetadataHead;
      auto it = obj.find("metadata");
      std::string meta = it != obj.end() ? boost::json::serialize(it->value()) : std::string("{}");
      if (!managed_fields.empty()) {
        // managedFields come last in metadata, as upstream orders them.
        meta.pop_back();
        if (meta.size() > 1) meta.push_back(',');
        meta += "\"managedFields\":";
        meta += managed_fields;
        meta.push_back('}');
      }
      out += meta;
      out += '}';
      break;
    }
    case IncludeObject::kObject:
      out += ",\"object\":";
      out += boost::json::serialize(obj);
      break;
  }
  out += '}';
}

std::string TableBuilder::Head() const {
  object table;
  table["kind"] = "Table";
  table["apiVersion"] = "meta.k8s.io/v1";
  object meta;
  if (!options_.resource_version.empty()) meta["resourceVersion"] = options_.resource_version;
  if (!options_.continue_token.empty()) meta["continue"] = options_.continue_token;
  if (options_.remaining_item_count >= 0)
    meta["remainingItemCount"] = options_.remaining_item_count;
  table["metadata"] = std::move(meta);
  table["columnDefinitions"] = options_.include_columns ? boost::json::value(api::TableColumns(r_))
                                                        : boost::json::value(nullptr);
  std::string out = boost::json::serialize(table);
  out.pop_back();  // the closing brace: the rows follow, last as upstream orders them
  out += ",\"rows\":[";
  return out;
}

std::string TableBuilder::Finish() {
  std::string out = Head();
  out.reserve(out.size() + rows_.size() + kTableTail.size());
  out += rows_;
  out += kTableTail;
  rows_.clear();
  return out;
}

void TableBuilder::AppendStoredRow(std::string& out, std::string_view stored,
                                   int64_t revision) const {
  // Left uninitialized, so that only the pages rows use become resident.
  constexpr size_t kArenaBytes = 256 * 1024;
  thread_local std::unique_ptr<unsigned char[]> buffer(new unsigned char[kArenaBytes]);
  thread_local boost::json::monotonic_resource arena(buffer.get(), kArenaBytes);
  if (reads_ != nullptr && !NeedsWholeObjects()) {
    // Only what the cells read is parsed; the metadata goes out as stored.
    std::string_view metadata;
    auto o = api::ParseProjected(stored, *reads_, &arena, "metadata", &metadata);
    if (o.ok()) {
      AppendCells(out, o->as_object());
      if (options_.include == IncludeObject::kMetadata) {
        out += kPartialObjectMetadataHead;
        api::AppendMetadataWithResourceVersion(out, metadata, revision);
        out += '}';
      }
      out += '}';
    }
  } else {
    std::string_view managed_fields;
    auto o = NeedsWholeObjects() ? api::DecodeStored(stored, revision, &arena)
                                 : api::DecodeStoredApartFromManagedFields(stored, revision, &arena,
                                                                           &managed_fields);
    if (o.ok()) AppendRow(out, *o, NeedsManagedFields() ? managed_fields : "");
  }
  arena.release();
}

std::string TableJson(const api::ResourceInfo& r, const std::vector<const object*>& objects,
                      const TableOptions& options) {
  TableBuilder builder(r, options);
  for (const object* obj : objects) builder.AddRow(*obj);
  return builder.Finish();
}

}  // namespace kubepp::apiserver
