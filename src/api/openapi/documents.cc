// Builds every OpenAPI document once, at first use, from the catalog
// (which paths exist) and the schema registry (what the objects look like),
// and keeps the serialized JSON for the life of the process.
#include <boost/json/serialize.hpp>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "api/openapi/content_hash.h"
#include "api/openapi/openapi.h"
#include "api/openapi/operations.h"
#include "api/openapi/schema_json.h"
#include "api/openapi/schema_model.h"
#include "api/openapi/swagger_proto.h"
#include "api/resources/catalog.h"

namespace kubepp::api {
namespace {

using openapi::Dialect;
using openapi::Operation;
using openapi::PathItem;
using openapi::SchemaRegistry;

// The Kubernetes version the documents describe (info.version).
constexpr char kInfoVersion[] = "v1.32.0";
constexpr char kMeta[] = "io.k8s.apimachinery.pkg.apis.meta.v1.";

// A group of paths that becomes one document (one /openapi/v3 entry).
struct Part {
  std::vector<PathItem> items;
  std::set<std::string> roots;  // schemas the document must define
};

PathItem DiscoveryPath(std::string path, std::string id, std::string tag, std::string description,
                       std::string response_type) {
  Operation op;
  op.method = "get";
  op.operation_id = std::move(id);
  op.tag = std::move(tag);
  op.description = std::move(description);
  op.response_type = std::move(response_type);
  op.codes = {200};
  return PathItem{std::move(path), {}, {std::move(op)}};
}

void AddRoots(Part& part) {
  for (const auto& item : part.items) {
    for (const auto& op : item.ops) {
      if (!op.body_type.empty()) part.roots.insert(op.body_type);
      if (!op.response_type.empty()) part.roots.insert(op.response_type);
    }
  }
}

boost::json::object Paths(const std::vector<PathItem>& items, Dialect d) {
  // Sorted by path, as upstream serves them.
  std::map<std::string, boost::json::object> sorted;
  for (const auto& item : items) sorted[item.path] = openapi::RenderPathItem(item, d);
  boost::json::object out;
  for (auto& [path, obj] : sorted) out[path] = std::move(obj);
  return out;
}

boost::json::object Schemas(const std::set<std::string>& roots, Dialect d) {
  const SchemaRegistry& registry = SchemaRegistry::Get();
  boost::json::object out;
  for (const openapi::TypeDef* t : registry.Closure({roots.begin(), roots.end()})) {
    out[t->name] = openapi::TypeSchema(*t, d);
  }
  return out;
}

boost::json::object Info() { return {{"title", "Kubernetes"}, {"version", kInfoVersion}}; }

boost::json::object BearerToken() {
  return {{"type", "apiKey"},
          {"name", "authorization"},
          {"in", "header"},
          {"description", "Bearer token authentication"}};
}

std::string V3Document(const Part& part) {
  boost::json::object doc;
  doc["openapi"] = "3.0.0";
  doc["info"] = Info();
  doc["paths"] = Paths(part.items, Dialect::kOpenApi3);
  boost::json::object components;
  components["schemas"] = Schemas(part.roots, Dialect::kOpenApi3);
  components["securitySchemes"] = boost::json::object{{"BearerToken", BearerToken()}};
  doc["components"] = std::move(components);
  return boost::json::serialize(doc);
}

struct Documents {
  std::string v2;
  std::string v2_proto;
  std::string v3_index;
  std::map<std::string, std::string, std::less<>> v3;       // "api/v1" -> document
  std::map<std::string, std::string, std::less<>> v3_hash;  // "api/v1" -> its hash
};

const Documents* Build() {
  const Catalog& catalog = Catalog::Get();
  const SchemaRegistry& registry = SchemaRegistry::Get();
  std::map<std::string, Part> parts;  // by index key

  Part& api = parts["api"];
  api.items.push_back(DiscoveryPath("/api/", "getCoreAPIVersions", "core",
                                    "The versions of the core API.",
                                    std::string(kMeta) + "APIVersions"));
  Part& apis = parts["apis"];
  apis.items.push_back(DiscoveryPath("/apis/", "getAPIVersions", "apis",
                                     "The API groups the server serves.",
                                     std::string(kMeta) + "APIGroupList"));
  Part& version = parts["version"];
  version.items.push_back(DiscoveryPath("/version/", "getCodeVersion", "version",
                                        "The version of the server's code.",
                                        "io.k8s.apimachinery.pkg.version.Info"));

  for (const GroupVersion& gv : catalog.group_versions()) {
    const bool core = gv.group.empty();
    const std::string key = core ? "api/" + gv.version : "apis/" + gv.group + "/" + gv.version;
    Part& part = parts[key];
    const std::string prefix = "/" + key + "/";
    part.items.push_back(DiscoveryPath(
        prefix, "get" + openapi::GroupVersionCamel(gv.group, gv.version) + "APIResources",
        openapi::GroupVersionTag(gv.group, gv.version), "The resources of " + gv.ApiVersion() + ".",
        std::string(kMeta) + "APIResourceList"));
    if (!core) {
      Part& group = parts["apis/" + gv.group];
      if (group.items.empty()) {
        group.items.push_back(DiscoveryPath(
            "/apis/" + gv.group + "/", "get" + openapi::GroupCamel(gv.group) + "APIGroup",
            openapi::GroupTag(gv.group), "The versions of the " + gv.group + " group.",
            std::string(kMeta) + "APIGroup"));
      }
    }
    for (const ResourceInfo& r : catalog.resources()) {
      if (r.group != gv.group || r.version != gv.version) continue;
      for (auto& item : openapi::ResourcePaths(r, registry)) part.items.push_back(std::move(item));
      if (const auto* t = registry.FindKind(r.group, r.version, r.kind)) part.roots.insert(t->name);
    }
  }

  auto* docs = new Documents;
  Part all;
  boost::json::object index_paths;
  for (auto& [key, part] : parts) {
    AddRoots(part);
    all.items.insert(all.items.end(), part.items.begin(), part.items.end());
    all.roots.insert(part.roots.begin(), part.roots.end());
    std::string doc = V3Document(part);
    std::string hash = openapi::ContentHash(doc);
    index_paths[key] =
        boost::json::object{{"serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash}};
    docs->v3.emplace(key, std::move(doc));
    docs->v3_hash.emplace(key, std::move(hash));
  }
  docs->v3_index = boost::json::serialize(boost::json::object{{"paths", std::move(index_paths)}});

  boost::json::object v2;
  v2["swagger"] = "2.0";
  v2["info"] = Info();
  v2["paths"] = Paths(all.items, Dialect::kSwagger2);
  v2["definitions"] = Schemas(all.roots, Dialect::kSwagger2);
  v2["securityDefinitions"] = boost::json::object{{"BearerToken", BearerToken()}};
  v2["security"] = boost::json::array{boost::json::object{{"BearerToken", boost::json::array{}}}};
  docs->v2 = boost::json::serialize(v2);
  docs->v2_proto = openapi::SwaggerToProto(v2);
  return docs;
}

const Documents& Docs() {
  static const Documents* docs = Build();  // thread-safe static initialization
  return *docs;
}

}  // namespace

const std::string& OpenApiV2() { return Docs().v2; }

const std::string& OpenApiV2Protobuf() { return Docs().v2_proto; }

OpenApiV2Answer OpenApiV2For(std::string_view accept) {
  size_t proto = accept.find("com.github.proto-openapi.spec.v2");
  size_t json = accept.find("json");
  if (proto != std::string_view::npos && (json == std::string_view::npos || proto < json)) {
    return {&OpenApiV2Protobuf(), kOpenApiV2ProtobufContentType};
  }
  return {&OpenApiV2(), "application/json"};
}

const std::string& OpenApiV3Index() { return Docs().v3_index; }

const std::string* OpenApiV3Document(std::string_view path) {
  const auto& v3 = Docs().v3;
  auto it = v3.find(path);
  return it == v3.end() ? nullptr : &it->second;
}

std::string_view OpenApiV3Hash(std::string_view path) {
  const auto& hashes = Docs().v3_hash;
  auto it = hashes.find(path);
  return it == hashes.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace kubepp::api
