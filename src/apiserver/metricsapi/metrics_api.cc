#include "apiserver/metricsapi/metrics_api.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "api/codec/codec.h"
#include "api/protobuf/well_known.h"
#include "api/quantity/quantity.h"
#include "apiserver/status_json.h"
#include "apiserver/table_writer.h"
#include "client/time_format.h"

namespace kubepp::apiserver::metricsapi {

namespace json = boost::json;

namespace {

std::string MetaString(const json::object& obj, std::string_view key) {
  const json::value* meta = obj.if_contains("metadata");
  if (meta == nullptr || !meta->is_object()) return "";
  const json::value* v = meta->as_object().if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : "";
}

json::value LabelsOf(const json::object& obj) {
  const json::value* meta = obj.if_contains("metadata");
  if (meta == nullptr || !meta->is_object()) return nullptr;
  const json::value* labels = meta->as_object().if_contains("labels");
  return labels != nullptr && labels->is_object() && !labels->as_object().empty()
             ? *labels
             : json::value(nullptr);
}

std::string CpuQuantity(uint64_t nano_cores) {
  return api::Quantity::FromScaled(static_cast<int64_t>(nano_cores), -9,
                                   api::Quantity::Format::kDecimalSI)
      .String();
}

std::string MemoryQuantity(uint64_t bytes) {
  return api::Quantity::FromInt64(static_cast<int64_t>(bytes), api::Quantity::Format::kBinarySI)
      .String();
}

json::object UsageObject(const Usage& u) {
  return json::object{{"cpu", CpuQuantity(u.cpu_nano_cores)},
                      {"memory", MemoryQuantity(u.memory_bytes)}};
}

std::string WindowText(Clock::Duration window) {
  return api::protobuf::FormatGoDuration(
      std::chrono::duration_cast<std::chrono::nanoseconds>(window).count());
}

void Respond(net::Responder& out, int code, std::string body) {
  net::HttpResponse resp;
  resp.status = code;
  resp.body = std::move(body);
  out.Respond(std::move(resp));
}

// A 404 as upstream words it for a group resource: `resource` "node" (a
// lister's) or "nodemetrics" in `group` "metrics.k8s.io".
Status NotFound(const std::string& resource, const std::string& group, const std::string& name) {
  const std::string qualified = group.empty() ? resource : resource + "." + group;
  return Status::NotFound(qualified + " \"" + name + "\" not found");
}

std::string NotFoundJson(const std::string& resource, const std::string& group,
                         const std::string& name) {
  StatusDetails details;
  details.name = name;
  details.group = group;
  details.kind = resource;
  return StatusJson(NotFound(resource, group, name), details);
}

// metrics-server's table: Name, one column per resource (sorted), Window;
// no columns at all when there are no rows.
std::string MetricsTableJson(const std::vector<MetricsApi::Row>& rows, IncludeObject include) {
  json::object table{
      {"kind", "Table"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", json::object()}};
  json::array columns;
  if (!rows.empty()) {
    columns.push_back(json::object{{"name", "Name"},
                                   {"type", "string"},
                                   {"format", "name"},
                                   {"description", "Name of the resource"},
                                   {"priority", 0}});
    for (const char* name : {"cpu", "memory"}) {
      columns.push_back(json::object{{"name", name},
                                     {"type", "string"},
                                     {"format", "quantity"},
                                     {"description", ""},
                                     {"priority", 0}});
    }
    columns.push_back(json::object{{"name", "Window"},
                                   {"type", "string"},
                                   {"format", "duration"},
                                   {"description", ""},
                                   {"priority", 0}});
  }
  table["columnDefinitions"] = std::move(columns);
  json::array out_rows;
  for (const MetricsApi::Row& r : rows) {
    json::array cells{
        json::value(MetaString(r.item, "name")), json::value(CpuQuantity(r.total.cpu_nano_cores)),
        json::value(MemoryQuantity(r.total.memory_bytes)), json::value(WindowText(r.window))};
    json::object row{{"cells", std::move(cells)}};
    if (include == IncludeObject::kObject) {
      row["object"] = r.item;
    } else if (include == IncludeObject::kMetadata) {
      row["object"] = json::object{{"kind", "PartialObjectMetadata"},
                                   {"apiVersion", "meta.k8s.io/v1"},
                                   {"metadata", r.item.at("metadata")}};
    }
    out_rows.push_back(std::move(row));
  }
  table["rows"] = std::move(out_rows);
  return json::serialize(table);
}

IncludeObject Include(const QueryParams& query) {
  auto it = query.find("includeObject");
  return ParseIncludeObject(it == query.end() ? "" : it->second);
}

Usage PodTotal(const PodUsage& usage) {
  Usage total;
  for (const ContainerUsage& c : usage.containers) {
    total.cpu_nano_cores += c.usage.cpu_nano_cores;
    total.memory_bytes += c.usage.memory_bytes;
  }
  return total;
}

}  // namespace

MetricsApi::MetricsApi(Registry& registry, MetricsStorage& storage, Clock& clock)
    : registry_(registry), storage_(storage), clock_(clock) {}

json::object MetricsApi::NodeMetricsObject(const json::object& node, const NodeUsage& usage) const {
  json::object meta{{"name", MetaString(node, "name")},
                    {"creationTimestamp", client::FormatTime(clock_.Now())}};
  if (json::value labels = LabelsOf(node); !labels.is_null()) meta["labels"] = std::move(labels);
  return json::object{{"kind", "NodeMetrics"},
                      {"apiVersion", kMetricsApiVersion},
                      {"metadata", std::move(meta)},
                      {"timestamp", client::FormatTime(usage.time.timestamp)},
                      {"window", WindowText(usage.time.window)},
                      {"usage", UsageObject(usage.usage)}};
}

json::object MetricsApi::PodMetricsObject(const json::object& pod, const PodUsage& usage) const {
  json::object meta{{"name", MetaString(pod, "name")},
                    {"namespace", MetaString(pod, "namespace")},
                    {"creationTimestamp", client::FormatTime(clock_.Now())}};
  if (json::value labels = LabelsOf(pod); !labels.is_null()) meta["labels"] = std::move(labels);
  json::array containers;
  for (const ContainerUsage& c : usage.containers) {
    containers.push_back(json::object{{"name", c.name}, {"usage", UsageObject(c.usage)}});
  }
  return json::object{{"kind", "PodMetrics"},
                      {"apiVersion", kMetricsApiVersion},
                      {"metadata", std::move(meta)},
                      {"timestamp", client::FormatTime(usage.time.timestamp)},
                      {"window", WindowText(usage.time.window)},
                      {"containers", std::move(containers)}};
}

StatusOr<std::vector<json::object>> MetricsApi::ListObjects(const api::ResourceInfo& r,
                                                            const std::string& ns,
                                                            const QueryParams& query) {
  ListOptions options;
  options.namespace_name = ns;
  if (auto it = query.find("labelSelector"); it != query.end() && !it->second.empty()) {
    auto selector = api::LabelSelector::Parse(it->second);
    if (!selector.ok()) return selector.status();
    options.label_selector = std::move(*selector);
  }
  api::FieldSelector fields;
  if (auto it = query.find("fieldSelector"); it != query.end() && !it->second.empty()) {
    auto selector = api::FieldSelector::Parse(it->second);
    if (!selector.ok()) return selector.status();
    fields = std::move(*selector);
  }
  auto listed = registry_.List(r, options);
  if (!listed.ok()) return listed.status();
  std::vector<json::object> out;
  for (const Record& record : listed->items) {
    auto obj = api::DecodeStored(record.stored, record.revision);
    if (!obj.ok()) continue;
    // metrics-server filters on the object's metadata fields only.
    std::map<std::string, std::string, std::less<>> selectable{
        {"metadata.name", MetaString(*obj, "name")}};
    if (r.namespaced) selectable["metadata.namespace"] = MetaString(*obj, "namespace");
    if (!fields.Matches(selectable)) continue;
    out.push_back(std::move(*obj));
  }
  std::sort(out.begin(), out.end(), [](const json::object& a, const json::object& b) {
    return std::make_pair(MetaString(a, "namespace"), MetaString(a, "name")) <
           std::make_pair(MetaString(b, "namespace"), MetaString(b, "name"));
  });
  return out;
}

MetricsApi::Answer MetricsApi::Render(std::vector<Row> rows, bool single, const char* list_kind,
                                      bool table, const QueryParams& query) const {
  if (table) return Answer{200, MetricsTableJson(rows, Include(query))};
  if (single) return Answer{200, json::serialize(rows.front().item)};
  json::array items;
  for (Row& row : rows) items.push_back(std::move(row.item));
  return Answer{200, json::serialize(json::object{{"kind", list_kind},
                                                  {"apiVersion", kMetricsApiVersion},
                                                  {"metadata", json::object()},
                                                  {"items", std::move(items)}})};
}

StatusOr<MetricsApi::Answer> MetricsApi::Nodes(const RequestInfo& info, const QueryParams& query,
                                               bool table) {
  const api::ResourceInfo* nodes = api::Catalog::Get().Find("", "v1", "nodes");
  std::vector<Row> rows;
  if (info.verb == "get") {
    auto node = registry_.Get(*nodes, "", info.name);
    if (!node.ok()) {
      if (node.status().IsNotFound()) return Answer{404, NotFoundJson("node", "", info.name)};
      return node.status();
    }
    auto usage = storage_.Node(info.name);
    if (!usage) return Answer{404, NotFoundJson("nodemetrics", kMetricsGroup, info.name)};
    rows.push_back(Row{NodeMetricsObject(*node, *usage), usage->usage, usage->time.window});
    return Render(std::move(rows), /*single=*/true, "", table, query);
  }
  auto objects = ListObjects(*nodes, "", query);
  if (!objects.ok()) return objects.status();
  for (const json::object& node : *objects) {
    if (auto usage = storage_.Node(MetaString(node, "name"))) {
      rows.push_back(Row{NodeMetricsObject(node, *usage), usage->usage, usage->time.window});
    }
  }
  return Render(std::move(rows), /*single=*/false, "NodeMetricsList", table, query);
}

StatusOr<MetricsApi::Answer> MetricsApi::Pods(const RequestInfo& info, const QueryParams& query,
                                              bool table) {
  const api::ResourceInfo* pods = api::Catalog::Get().Find("", "v1", "pods");
  std::vector<Row> rows;
  if (info.verb == "get") {
    auto pod = registry_.Get(*pods, info.namespace_name, info.name);
    if (!pod.ok()) {
      if (pod.status().IsNotFound()) return Answer{404, NotFoundJson("pod", "", info.name)};
      return pod.status();
    }
    auto usage = storage_.Pod(PodRef{info.namespace_name, info.name});
    if (!usage) {
      return Answer{
          404, NotFoundJson("podmetrics", kMetricsGroup, info.namespace_name + "/" + info.name)};
    }
    rows.push_back(Row{PodMetricsObject(*pod, *usage), PodTotal(*usage), usage->time.window});
    return Render(std::move(rows), /*single=*/true, "", table, query);
  }
  auto objects = ListObjects(*pods, info.namespace_name, query);
  if (!objects.ok()) return objects.status();
  for (const json::object& pod : *objects) {
    if (auto usage = storage_.Pod(PodRef{MetaString(pod, "namespace"), MetaString(pod, "name")})) {
      rows.push_back(Row{PodMetricsObject(pod, *usage), PodTotal(*usage), usage->time.window});
    }
  }
  return Render(std::move(rows), /*single=*/false, "PodMetricsList", table, query);
}

void MetricsApi::Handle(const RequestInfo& info, const net::HttpRequest& req,
                        std::shared_ptr<net::Responder> out) {
  const api::ResourceInfo* r = api::Catalog::Get().Find(info.group, info.version, info.resource);
  if (r == nullptr || !info.subresource.empty() ||
      (r->namespaced && info.verb == "get" && info.namespace_name.empty())) {
    return Respond(
        *out, 404,
        StatusJson(Status::NotFound("the server could not find the requested resource")));
  }
  if (info.verb != "get" && info.verb != "list") {
    return Respond(*out, 405,
                   StatusJson(Status::MethodNotAllowed(
                       "the server does not allow this method on the requested resource")));
  }
  const std::string* accept = req.Header("accept");
  const bool table = accept != nullptr && accept->find("as=Table") != std::string::npos;
  QueryParams query = ParseQuery(req.query);
  auto answer = info.resource == "nodes" ? Nodes(info, query, table) : Pods(info, query, table);
  if (!answer.ok()) return Respond(*out, answer.status().http_code(), StatusJson(answer.status()));
  Respond(*out, answer->code, std::move(answer->body));
}

}  // namespace kubepp::apiserver::metricsapi
