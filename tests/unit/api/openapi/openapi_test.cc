#include "api/openapi/openapi.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <string>

#include "api/resources/catalog.h"

namespace kubepp::api {
namespace {

namespace json = boost::json;

json::value Parse(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  EXPECT_FALSE(ec) << ec.message();
  return v;
}

std::string IndexKey(const std::string& group, const std::string& version) {
  return group.empty() ? "api/" + version : "apis/" + group + "/" + version;
}

// Parsed once per test binary: the documents are large and never change.
const json::value& V3(const std::string& key) {
  static std::map<std::string, json::value> cache;
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  const std::string* doc = OpenApiV3Document(key);
  EXPECT_NE(doc, nullptr) << key;
  return cache.emplace(key, doc ? Parse(*doc) : json::value()).first->second;
}

bool HasParam(const json::value& op, std::string_view name) {
  const json::value* params = op.as_object().if_contains("parameters");
  if (params == nullptr) return false;
  for (const auto& p : params->as_array()) {
    if (p.at("name").as_string() == name) return true;
  }
  return false;
}

bool SameGvk(const json::value& g, const std::string& group, const std::string& version,
             const std::string& kind) {
  return g.at("group").as_string() == group && g.at("version").as_string() == version &&
         g.at("kind").as_string() == kind;
}

// Every "$ref" in `v` names a schema the document defines.
void ExpectRefsResolve(const json::value& v, const json::object& schemas, std::string_view prefix,
                       const std::string& where) {
  if (v.is_object()) {
    for (const auto& kv : v.as_object()) {
      if (kv.key() == "$ref") {
        std::string_view ref = kv.value().as_string();
        ASSERT_TRUE(ref.starts_with(prefix)) << ref;
        EXPECT_TRUE(schemas.contains(ref.substr(prefix.size()))) << where << ": dangling " << ref;
      } else {
        ExpectRefsResolve(kv.value(), schemas, prefix, where);
      }
    }
  } else if (v.is_array()) {
    for (const auto& e : v.as_array()) ExpectRefsResolve(e, schemas, prefix, where);
  }
}

TEST(OpenApi, AllDocumentsParseAndTheirRefsResolve) {
  json::value v2 = Parse(OpenApiV2());
  EXPECT_EQ(v2.at("swagger").as_string(), "2.0");
  ExpectRefsResolve(v2, v2.at("definitions").as_object(), "#/definitions/", "v2");
  json::value index = Parse(OpenApiV3Index());
  for (const auto& kv : index.at("paths").as_object()) {
    const json::value& doc = V3(std::string(kv.key()));
    EXPECT_EQ(doc.at("openapi").as_string(), "3.0.0");
    ExpectRefsResolve(doc, doc.at("components").at("schemas").as_object(), "#/components/schemas/",
                      std::string(kv.key()));
  }
  EXPECT_EQ(OpenApiV3Document("apis/nope/v1"), nullptr);
  EXPECT_EQ(OpenApiV3Hash("apis/nope/v1"), "");
}

TEST(OpenApi, DeploymentSchemaHasStrategyAndGvk) {
  json::value v2 = Parse(OpenApiV2());
  const json::object& defs = v2.at("definitions").as_object();
  const json::value& deploy = defs.at("io.k8s.api.apps.v1.Deployment");
  const json::array& gvks = deploy.at("x-kubernetes-group-version-kind").as_array();
  ASSERT_EQ(gvks.size(), 1u);
  EXPECT_TRUE(SameGvk(gvks[0], "apps", "v1", "Deployment"));
  const json::value& strategy =
      defs.at("io.k8s.api.apps.v1.DeploymentSpec").at("properties").at("strategy");
  EXPECT_EQ(strategy.at("x-kubernetes-patch-strategy").as_string(), "retainKeys");
  const json::value& props = defs.at("io.k8s.api.apps.v1.DeploymentStrategy").at("properties");
  EXPECT_EQ(props.at("type").at("type").as_string(), "string");
  EXPECT_EQ(props.at("rollingUpdate").at("$ref").as_string(),
            "#/definitions/io.k8s.api.apps.v1.RollingUpdateDeployment");
  const json::value& rolling =
      defs.at("io.k8s.api.apps.v1.RollingUpdateDeployment").at("properties");
  EXPECT_EQ(rolling.at("maxSurge").at("$ref").as_string(),
            "#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString");
  const json::value& ios = defs.at("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
  EXPECT_EQ(ios.at("type").as_string(), "string");
  EXPECT_EQ(ios.at("format").as_string(), "int-or-string");
  // The selector and template are required.
  bool selector_required = false;
  for (const auto& r : defs.at("io.k8s.api.apps.v1.DeploymentSpec").at("required").as_array()) {
    selector_required |= r.as_string() == "selector";
  }
  EXPECT_TRUE(selector_required);
}

TEST(OpenApi, V3DescribesIntOrStringAndQuantityAsOneOf) {
  const json::value& doc = V3("apis/apps/v1");
  const json::object& schemas = doc.at("components").at("schemas").as_object();
  const json::value& ios = schemas.at("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
  EXPECT_FALSE(ios.as_object().contains("type"));
  EXPECT_EQ(ios.at("format").as_string(), "int-or-string");
  ASSERT_EQ(ios.at("oneOf").as_array().size(), 2u);
  EXPECT_EQ(ios.at("oneOf").at(0).at("type").as_string(), "integer");
  const json::value& q = schemas.at("io.k8s.apimachinery.pkg.api.resource.Quantity");
  EXPECT_EQ(q.at("oneOf").at(1).at("type").as_string(), "number");
  // A described reference keeps its description next to an allOf, as upstream writes it.
  const json::value& strategy =
      schemas.at("io.k8s.api.apps.v1.DeploymentSpec").at("properties").at("strategy");
  EXPECT_EQ(strategy.at("allOf").at(0).at("$ref").as_string(),
            "#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy");
  EXPECT_FALSE(strategy.at("description").as_string().empty());
}

TEST(OpenApi, ContainersMergeByName) {
  for (bool v3 : {false, true}) {
    json::value doc = v3 ? V3("api/v1") : Parse(OpenApiV2());
    const json::object& defs =
        v3 ? doc.at("components").at("schemas").as_object() : doc.at("definitions").as_object();
    const json::value& containers =
        defs.at("io.k8s.api.core.v1.PodSpec").at("properties").at("containers");
    EXPECT_EQ(containers.at("x-kubernetes-patch-strategy").as_string(), "merge");
    EXPECT_EQ(containers.at("x-kubernetes-patch-merge-key").as_string(), "name");
    EXPECT_EQ(containers.at("x-kubernetes-list-type").as_string(), "map");
    EXPECT_EQ(containers.at("type").as_string(), "array");
    const json::value& ports = defs.at("io.k8s.api.core.v1.Container").at("properties").at("ports");
    EXPECT_EQ(ports.at("x-kubernetes-patch-merge-key").as_string(), "containerPort");
  }
}

TEST(OpenApi, V3IndexListsServedGroupVersions) {
  json::value index = Parse(OpenApiV3Index());
  const json::object& paths = index.at("paths").as_object();
  for (const char* key :
       {"api", "api/v1", "apis", "apis/apps", "apis/apps/v1", "apis/batch/v1", "version"}) {
    ASSERT_TRUE(paths.contains(key)) << key;
    std::string url(paths.at(key).at("serverRelativeURL").as_string());
    EXPECT_TRUE(url.starts_with("/openapi/v3/" + std::string(key) + "?hash=")) << url;
    EXPECT_EQ(url.size(), ("/openapi/v3/" + std::string(key) + "?hash=").size() + 32) << url;
    EXPECT_TRUE(url.ends_with(OpenApiV3Hash(key))) << url;
  }
  for (const GroupVersion& gv : Catalog::Get().group_versions()) {
    EXPECT_TRUE(paths.contains(IndexKey(gv.group, gv.version))) << gv.ApiVersion();
  }
}

TEST(OpenApi, DeploymentPathsCarryFieldValidation) {
  const json::value& doc = V3("apis/apps/v1");
  const json::object& paths = doc.at("paths").as_object();
  const json::value& coll = paths.at("/apis/apps/v1/namespaces/{namespace}/deployments");
  EXPECT_TRUE(HasParam(coll.at("post"), "fieldValidation"));
  EXPECT_TRUE(HasParam(coll.at("post"), "dryRun"));
  EXPECT_TRUE(HasParam(coll.at("get"), "labelSelector"));
  EXPECT_EQ(coll.at("get").at("x-kubernetes-action").as_string(), "list");
  const json::value& item = paths.at("/apis/apps/v1/namespaces/{namespace}/deployments/{name}");
  EXPECT_TRUE(HasParam(item.at("patch"), "fieldValidation"));
  EXPECT_TRUE(HasParam(item.at("put"), "fieldValidation"));
  EXPECT_TRUE(
      SameGvk(item.at("patch").at("x-kubernetes-group-version-kind"), "apps", "v1", "Deployment"));
  EXPECT_TRUE(item.at("patch")
                  .at("requestBody")
                  .at("content")
                  .as_object()
                  .contains("application/strategic-merge-patch+json"));
  const json::value& scale =
      paths.at("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale");
  EXPECT_TRUE(
      SameGvk(scale.at("get").at("x-kubernetes-group-version-kind"), "autoscaling", "v1", "Scale"));
  EXPECT_TRUE(
      doc.at("components").at("schemas").as_object().contains("io.k8s.api.autoscaling.v1.Scale"));
}

// What kubectl's server-side field validation check does: in the group
// version's document, a PATCH operation for the kind must list fieldValidation.
TEST(OpenApi, EveryPatchableKindSupportsFieldValidationLikeKubectlChecks) {
  for (const ResourceInfo& r : Catalog::Get().resources()) {
    bool patchable = false;
    for (const auto& v : r.verbs) patchable |= v == "patch";
    if (!patchable) continue;
    const json::value& doc = V3(IndexKey(r.group, r.version));
    int found = 0;
    for (const auto& path : doc.at("paths").as_object()) {
      const json::value* patch = path.value().as_object().if_contains("patch");
      if (patch == nullptr) continue;
      const json::value* gvk = patch->as_object().if_contains("x-kubernetes-group-version-kind");
      if (gvk == nullptr || !SameGvk(*gvk, r.group, r.version, r.kind)) continue;
      ++found;
      EXPECT_TRUE(HasParam(*patch, "fieldValidation")) << path.key();
    }
    EXPECT_GT(found, 0) << r.ApiVersion() << " " << r.kind;
  }
}

// What kubectl explain does: find the kind from the resource's paths, then
// the schema whose x-kubernetes-group-version-kind holds it.
TEST(OpenApi, ExplainFindsEveryServedKind) {
  for (const ResourceInfo& r : Catalog::Get().resources()) {
    const json::value& doc = V3(IndexKey(r.group, r.version));
    const json::object& paths = doc.at("paths").as_object();
    std::string prefix =
        r.group.empty() ? "/api/" + r.version : "/apis/" + r.group + "/" + r.version;
    const json::value* gvk = nullptr;
    for (const std::string& p : {prefix + "/" + r.resource, prefix + "/" + r.resource + "/{name}",
                                 prefix + "/namespaces/{namespace}/" + r.resource,
                                 prefix + "/namespaces/{namespace}/" + r.resource + "/{name}"}) {
      const json::value* item = paths.if_contains(p);
      if (item == nullptr || gvk != nullptr) continue;
      for (const char* m : {"get", "post", "put", "patch", "delete"}) {
        const json::value* op = item->as_object().if_contains(m);
        if (op != nullptr && gvk == nullptr)
          gvk = op->as_object().if_contains("x-kubernetes-group-version-kind");
      }
    }
    ASSERT_NE(gvk, nullptr) << r.ApiVersion() << " " << r.resource;
    EXPECT_TRUE(SameGvk(*gvk, r.group, r.version, r.kind)) << r.resource;
    bool schema_found = false;
    for (const auto& s : doc.at("components").at("schemas").as_object()) {
      const json::value* list =
          s.value().as_object().if_contains("x-kubernetes-group-version-kind");
      if (list == nullptr) continue;
      for (const auto& g : list->as_array()) schema_found |= g == *gvk;
    }
    EXPECT_TRUE(schema_found) << r.ApiVersion() << " " << r.kind;
  }
}

TEST(OpenApi, V2AnswerFollowsAccept) {
  // What client-go's discovery client (kubectl 1.27, 1.28) sends.
  auto pb = OpenApiV2For("application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
  EXPECT_EQ(pb.body, &OpenApiV2Protobuf());
  EXPECT_EQ(pb.content_type, "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
  // `kubectl get --raw /openapi/v2`, curl.
  EXPECT_EQ(OpenApiV2For("application/json, */*").body, &OpenApiV2());
  EXPECT_EQ(OpenApiV2For("").content_type, "application/json");
  EXPECT_EQ(OpenApiV2For("application/json, application/com.github.proto-openapi.spec.v2.v1.0+protobuf").body,
            &OpenApiV2());
}

TEST(OpenApi, DocumentsAreBuiltOnce) {
  EXPECT_EQ(&OpenApiV2(), &OpenApiV2());
  EXPECT_EQ(OpenApiV3Document("api/v1"), OpenApiV3Document("api/v1"));
}

}  // namespace
}  // namespace kubepp::api
