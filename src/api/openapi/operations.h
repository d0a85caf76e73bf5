// The REST operations kubepp serves, described once in a neutral form and
// rendered into swagger 2.0 or OpenAPI 3.0 path items.
//
// Upstream's shape is kept where clients look: every operation carries
// x-kubernetes-action and x-kubernetes-group-version-kind (kubectl explain
// finds a resource's kind that way), and create/update/patch carry the
// dryRun, fieldManager and fieldValidation query parameters inline on the
// operation (kubectl decides whether the server validates fields by finding
// "fieldValidation" among the PATCH operation's own parameters).
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/openapi/schema_json.h"
#include "api/openapi/schema_model.h"
#include "api/resources/catalog.h"

namespace kubepp::api::openapi {

struct Param {
  std::string name;
  std::string in;               // "path", "query"
  std::string type = "string";  // "string", "integer", "boolean"
  std::string description;
  bool required = false;
  bool unique_items = true;
};

struct Operation {
  std::string method;        // "get", "post", "put", "patch", "delete", "head", "options"
  std::string operation_id;  // "listAppsV1NamespacedDeployment"
  std::string action;        // x-kubernetes-action: "list", "post", "get", "connect", ...
  std::string tag;           // "apps_v1"
  std::string description;
  std::optional<Gvk> gvk;
  std::string body_type;      // full type name of the request body, or empty
  bool patch_body = false;    // the body is a patch document in one of the patch media types
  std::vector<Param> params;  // the operation's own query parameters
  std::string response_type;  // full type name; empty: a plain string (logs, connect)
  std::vector<int> codes;     // success codes: 200, 201, 202
  bool streams = false;       // watch: the response is a stream of WatchEvents
};

struct PathItem {
  std::string path;           // "/apis/apps/v1/namespaces/{namespace}/deployments"
  std::vector<Param> params;  // path-level: name, namespace, path, pretty
  std::vector<Operation> ops;
};

// "AppsV1", "CoreV1", "RbacAuthorizationV1" (operation ids).
std::string GroupVersionCamel(const std::string& group, const std::string& version);
// "apps_v1", "core_v1", "rbacAuthorization_v1" (tags).
std::string GroupVersionTag(const std::string& group, const std::string& version);
// "apps", "core", "rbacAuthorization".
std::string GroupTag(const std::string& group);
// "Apps", "Core", "RbacAuthorization".
std::string GroupCamel(const std::string& group);

// Every path item of one resource, its subresources and its watch paths.
std::vector<PathItem> ResourcePaths(const ResourceInfo& r, const SchemaRegistry& registry);

// Renders a path item; `dialect` picks parameter and body encodings.
boost::json::object RenderPathItem(const PathItem& item, Dialect dialect);

}  // namespace kubepp::api::openapi
