#include "apiserver/discovery.h"

#include <map>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/resources/catalog.h"

namespace kubepp::apiserver {
namespace {

using boost::json::array;
using boost::json::object;

struct SubresourceShape {
  std::string group, version, kind;
  std::vector<std::string> verbs;
};

SubresourceShape ShapeOf(const api::ResourceInfo& r, const std::string& sub) {
  if (sub == "status" || sub == "ephemeralcontainers" || sub == "resize") {
    return {r.group, r.version, r.kind, {"get", "patch", "update"}};
  }
  if (sub == "finalize") return {r.group, r.version, r.kind, {"update"}};
  if (sub == "scale") return {"autoscaling", "v1", "Scale", {"get", "patch", "update"}};
  if (sub == "binding") return {"", "v1", "Binding", {"create"}};
  if (sub == "eviction") return {"policy", "v1", "Eviction", {"create"}};
  if (sub == "log") return {"", "v1", "Pod", {"get"}};
  if (sub == "exec") return {"", "v1", "PodExecOptions", {"create", "get"}};
  if (sub == "attach") return {"", "v1", "PodAttachOptions", {"create", "get"}};
  if (sub == "portforward") return {"", "v1", "PodPortForwardOptions", {"create", "get"}};
  if (sub == "proxy") {
    return {"", "v1", r.kind + "ProxyOptions", {"create", "delete", "get", "patch", "update"}};
  }
  if (sub == "token") return {"authentication.k8s.io", "v1", "TokenRequest", {"create"}};
  if (sub == "approval") return {r.group, r.version, r.kind, {"get", "patch", "update"}};
  return {r.group, r.version, r.kind, {"get"}};
}

array Strings(const std::vector<std::string>& v) {
  array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::string GroupVersionString(const std::string& group, const std::string& version) {
  return group.empty() ? version : group + "/" + version;
}

// Groups in catalog order, each with its versions in catalog order (preferred first).
struct Group {
  std::string name;
  std::vector<std::string> versions;
  std::string preferred;
};

std::vector<Group> Groups() {
  std::vector<Group> groups;
  for (const auto& gv : api::Catalog::Get().group_versions()) {
    if (gv.group.empty()) continue;
    Group* g = nullptr;
    for (auto& existing : groups) {
      if (existing.name == gv.group) g = &existing;
    }
    if (!g) {
      groups.push_back({gv.group, {}, ""});
      g = &groups.back();
    }
    g->versions.push_back(gv.version);
  }
  for (auto& g : groups) {
    g.preferred = g.versions.front();
    for (const auto& r : api::Catalog::Get().resources()) {
      if (r.group == g.name && r.preferred_version) {
        g.preferred = r.version;
        break;
      }
    }
    // The preferred version is listed first, as upstream does.
    std::stable_partition(g.versions.begin(), g.versions.end(), [&](const std::string& v) { return v == g.preferred; });
  }
  return groups;
}

object GroupObject(const Group& g) {
  object group;
  group["name"] = g.name;
  array versions;
  for (const auto& v : g.versions) {
    object ver;
    ver["groupVersion"] = GroupVersionString(g.name, v);
    ver["version"] = v;
    versions.push_back(std::move(ver));
  }
  group["versions"] = std::move(versions);
  object preferred;
  preferred["groupVersion"] = GroupVersionString(g.name, g.preferred);
  preferred["version"] = g.preferred;
  group["preferredVersion"] = std::move(preferred);
  return group;
}

std::string ResourceListJson(const std::string& group, const std::string& version) {
  object list;
  list["kind"] = "APIResourceList";
  list["apiVersion"] = "v1";
  list["groupVersion"] = GroupVersionString(group, version);
  array resources;
  for (const auto& r : api::Catalog::Get().resources()) {
    if (r.group != group || r.version != version) continue;
    object res;
    res["name"] = r.resource;
    res["singularName"] = r.singular;
    res["namespaced"] = r.namespaced;
    res["kind"] = r.kind;
    res["verbs"] = Strings(r.verbs);
    if (!r.short_names.empty()) res["shortNames"] = Strings(r.short_names);
    if (!r.categories.empty()) res["categories"] = Strings(r.categories);
    resources.push_back(std::move(res));
    for (const auto& sub : r.subresources) {
      auto shape = ShapeOf(r, sub);
      object s;
      s["name"] = r.resource + "/" + sub;
      s["singularName"] = "";
      s["namespaced"] = r.namespaced;
      if (!shape.group.empty() && shape.group != r.group) s["group"] = shape.group;
      if (shape.version != r.version || shape.group != r.group) s["version"] = shape.version;
      s["kind"] = shape.kind;
      s["verbs"] = Strings(shape.verbs);
      resources.push_back(std::move(s));
    }
  }
  list["resources"] = std::move(resources);
  return boost::json::serialize(list);
}

object AggregatedVersion(const std::string& group, const std::string& version) {
  object ver;
  ver["version"] = version;
  array resources;
  for (const auto& r : api::Catalog::Get().resources()) {
    if (r.group != group || r.version != version) continue;
    object res;
    res["resource"] = r.resource;
    object kind;
    kind["group"] = r.group;
    kind["version"] = r.version;
    kind["kind"] = r.kind;
    res["responseKind"] = std::move(kind);
    res["scope"] = r.namespaced ? "Namespaced" : "Cluster";
    res["singularResource"] = r.singular;
    res["verbs"] = Strings(r.verbs);
    if (!r.short_names.empty()) res["shortNames"] = Strings(r.short_names);
    if (!r.categories.empty()) res["categories"] = Strings(r.categories);
    if (!r.subresources.empty()) {
      array subs;
      for (const auto& sub : r.subresources) {
        auto shape = ShapeOf(r, sub);
        object s;
        s["subresource"] = sub;
        object sk;
        sk["group"] = shape.group;
        sk["version"] = shape.version;
        sk["kind"] = shape.kind;
        s["responseKind"] = std::move(sk);
        s["verbs"] = Strings(shape.verbs);
        subs.push_back(std::move(s));
      }
      res["subresources"] = std::move(subs);
    }
    resources.push_back(std::move(res));
  }
  ver["resources"] = std::move(resources);
  ver["freshness"] = "Current";
  return ver;
}

std::string AggregatedJson(bool core, const std::string& api_version) {
  object list;
  list["kind"] = "APIGroupDiscoveryList";
  list["apiVersion"] = api_version;
  list["metadata"] = object();
  array items;
  if (core) {
    object item;
    object meta;
    meta["creationTimestamp"] = nullptr;
    item["metadata"] = std::move(meta);
    array versions;
    versions.push_back(AggregatedVersion("", "v1"));
    item["versions"] = std::move(versions);
    items.push_back(std::move(item));
  } else {
    for (const auto& g : Groups()) {
      object item;
      object meta;
      meta["name"] = g.name;
      meta["creationTimestamp"] = nullptr;
      item["metadata"] = std::move(meta);
      array versions;
      for (const auto& v : g.versions) versions.push_back(AggregatedVersion(g.name, v));
      item["versions"] = std::move(versions);
      items.push_back(std::move(item));
    }
  }
  list["items"] = std::move(items);
  return boost::json::serialize(list);
}

struct Documents {
  std::map<std::string, std::string, std::less<>> legacy;  // by path
  std::string api_v2, apis_v2, api_v2beta1, apis_v2beta1;

  Documents() {
    object versions;
    versions["kind"] = "APIVersions";
    array v;
    v.emplace_back("v1");
    versions["versions"] = std::move(v);
    array cidrs;
    object cidr;
    cidr["clientCIDR"] = "0.0.0.0/0";
    cidr["serverAddress"] = "";
    cidrs.push_back(std::move(cidr));
    versions["serverAddressByClientCIDRs"] = std::move(cidrs);
    legacy["/api"] = boost::json::serialize(versions);

    object group_list;
    group_list["kind"] = "APIGroupList";
    group_list["apiVersion"] = "v1";
    array groups;
    for (const auto& g : Groups()) {
      groups.push_back(GroupObject(g));
      object group = GroupObject(g);
      group["kind"] = "APIGroup";
      group["apiVersion"] = "v1";
      legacy["/apis/" + g.name] = boost::json::serialize(group);
      for (const auto& ver : g.versions) legacy["/apis/" + g.name + "/" + ver] = ResourceListJson(g.name, ver);
    }
    group_list["groups"] = std::move(groups);
    legacy["/apis"] = boost::json::serialize(group_list);
    legacy["/api/v1"] = ResourceListJson("", "v1");

    api_v2 = AggregatedJson(true, "apidiscovery.k8s.io/v2");
    apis_v2 = AggregatedJson(false, "apidiscovery.k8s.io/v2");
    api_v2beta1 = AggregatedJson(true, "apidiscovery.k8s.io/v2beta1");
    apis_v2beta1 = AggregatedJson(false, "apidiscovery.k8s.io/v2beta1");
  }
};

const Documents& Docs() {
  static const Documents kDocs;
  return kDocs;
}

}  // namespace

const std::string* DiscoveryDocument(std::string_view path, std::string_view accept, std::string* content_type) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const auto& docs = Docs();
  *content_type = "application/json";
  if (path == "/api" || path == "/apis") {
    const bool core = path == "/api";
    if (accept.find("as=APIGroupDiscoveryList") != std::string_view::npos) {
      // Pick the first aggregated version the client lists that we serve.
      size_t v2 = accept.find("v=v2;");
      if (v2 == std::string_view::npos) v2 = accept.find("v=v2,");
      if (v2 == std::string_view::npos && accept.size() >= 4 && accept.substr(accept.size() - 4) == "v=v2") {
        v2 = accept.size() - 4;
      }
      size_t v2beta1 = accept.find("v=v2beta1");
      if (v2 != std::string_view::npos && (v2beta1 == std::string_view::npos || v2 < v2beta1)) {
        *content_type = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
        return core ? &docs.api_v2 : &docs.apis_v2;
      }
      if (v2beta1 != std::string_view::npos) {
        *content_type = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
        return core ? &docs.api_v2beta1 : &docs.apis_v2beta1;
      }
    }
  }
  auto it = docs.legacy.find(path);
  return it == docs.legacy.end() ? nullptr : &it->second;
}

}  // namespace kubepp::apiserver
