#include "api/openapi/operations.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "api/openapi/params.h"

namespace kubepp::api::openapi {
namespace {

constexpr char kStatus[] = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
constexpr char kDeleteOptions[] = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
constexpr char kWatchEvent[] = "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent";
constexpr char kPatch[] = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

std::string Capitalize(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// What one resource needs to build its operations.
struct Ctx {
  const ResourceInfo& r;
  std::string gv_camel;  // "AppsV1"
  std::string tag;       // "apps_v1"
  std::string ns_word;   // "Namespaced" or ""
  Gvk gvk;
  std::string type;       // full name of the kind's schema; empty if unknown
  std::string list_type;  // full name of the list schema; empty if unknown
};

Operation Op(const Ctx& c, std::string method, std::string id, std::string action,
             std::string description) {
  Operation op;
  op.method = std::move(method);
  op.operation_id = std::move(id);
  op.action = std::move(action);
  op.tag = c.tag;
  op.description = std::move(description);
  op.gvk = c.gvk;
  op.codes = {200};
  return op;
}

void AddSubresource(const Ctx& c, const SubresourceInfo& sub, const std::string& item_path,
                    const std::vector<Param>& item_params, const SchemaRegistry& registry,
                    std::vector<PathItem>& out) {
  const ResourceInfo& r = c.r;
  // Operations on a subresource name the subresource's kind: autoscaling/v1
  // Scale for scale, the parent's kind for status.
  Ctx sc = c;
  sc.gvk = Gvk{sub.group.empty() && sub.version.empty() ? r.group : sub.group,
               sub.version.empty() ? r.version : sub.version, sub.kind};
  const TypeDef* def = registry.FindKind(sc.gvk.group, sc.gvk.version, sc.gvk.kind);
  const std::string type = def ? def->name : "";
  const std::string suffix = c.ns_word + r.kind + Capitalize(sub.name);
  const std::string what = sub.name + " of the " + r.kind;
  // Streams and proxies: the options kinds have no schema, the answer is bytes.
  const bool connect = sub.kind.ends_with("Options");

  PathItem item{item_path + "/" + sub.name, item_params, {}};
  if (connect) {
    // There is no object in the answer to pretty-print.
    std::erase_if(item.params, [](const Param& p) { return p.name == "pretty"; });
  }
  if (sub.name == "proxy")
    item.params.push_back(params::Query("path", "string", "The path to proxy to."));

  static constexpr std::pair<std::string_view, std::string_view> kConnectMethods[] = {
      {"get", "get"},
      {"create", "post"},
      {"update", "put"},
      {"patch", "patch"},
      {"delete", "delete"}};
  for (const auto& verb : sub.verbs) {
    Operation op;
    if (connect) {
      for (const auto& [v, method] : kConnectMethods) {
        if (verb != v) continue;
        std::string m(method);
        op = Op(sc, m, "connect" + c.gv_camel + Capitalize(m) + suffix, "connect",
                "Connect " + Capitalize(m) + " requests to " + what + ".");
        op.params = params::Connect(sub.name);
      }
      if (op.method.empty()) continue;
    } else if (sub.name == "log") {
      op =
          Op(sc, "get", "read" + c.gv_camel + suffix, "get", "Read the log of the " + r.kind + ".");
      op.params = params::Connect("log");
    } else if (verb == "get") {
      op = Op(sc, "get", "read" + c.gv_camel + suffix, "get", "Read " + what + ".");
      op.response_type = type;
    } else if (verb == "update") {
      op = Op(sc, "put", "replace" + c.gv_camel + suffix, "put", "Replace " + what + ".");
      op.body_type = type;
      op.response_type = type;
      op.params = params::Write(false);
      op.codes = {200, 201};
    } else if (verb == "patch") {
      op =
          Op(sc, "patch", "patch" + c.gv_camel + suffix, "patch", "Partially update " + what + ".");
      op.body_type = kPatch;
      op.patch_body = true;
      op.response_type = type;
      op.params = params::Write(true);
      op.codes = {200, 201};
    } else if (verb == "create") {
      op = Op(sc, "post", "create" + c.gv_camel + suffix, "post", "Create " + what + ".");
      op.body_type = type;
      op.response_type = type;
      op.params = params::Write(false);
      op.codes = {200, 201, 202};
    } else {
      continue;
    }
    item.ops.push_back(std::move(op));
  }
  if (!item.ops.empty()) out.push_back(std::move(item));
  if (sub.name == "proxy") {
    PathItem with_path = out.back();
    with_path.path += "/{path}";
    with_path.params.insert(with_path.params.begin(),
                            params::Path("path", "The path to proxy to."));
    with_path.params.erase(
        std::remove_if(with_path.params.begin(), with_path.params.end(),
                       [](const Param& p) { return p.in == "query" && p.name == "path"; }),
        with_path.params.end());
    for (auto& op : with_path.ops) op.operation_id += "WithPath";
    out.push_back(std::move(with_path));
  }
}

}  // namespace

std::string GroupTag(const std::string& group) {
  if (group.empty()) return "core";
  std::string g = group;
  if (g.ends_with(".k8s.io")) g.resize(g.size() - 7);
  std::string out;
  bool upper = false;
  for (char ch : g) {
    if (ch == '.' || ch == '-') {
      upper = true;
      continue;
    }
    out += upper && ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch;
    upper = false;
  }
  return out;
}

std::string GroupVersionTag(const std::string& group, const std::string& version) {
  return GroupTag(group) + "_" + version;
}

std::string GroupCamel(const std::string& group) { return Capitalize(GroupTag(group)); }

std::string GroupVersionCamel(const std::string& group, const std::string& version) {
  return GroupCamel(group) + Capitalize(version);
}

std::vector<PathItem> ResourcePaths(const ResourceInfo& r, const SchemaRegistry& registry) {
  Ctx c{r,
        GroupVersionCamel(r.group, r.version),
        GroupVersionTag(r.group, r.version),
        r.namespaced ? "Namespaced" : "",
        Gvk{r.group, r.version, r.kind},
        "",
        ""};
  if (const TypeDef* t = registry.FindKind(r.group, r.version, r.kind)) c.type = t->name;
  if (const TypeDef* t = registry.FindKind(r.group, r.version, r.kind + "List"))
    c.list_type = t->name;
  auto has = [&](std::string_view verb) {
    return std::find(r.verbs.begin(), r.verbs.end(), verb) != r.verbs.end();
  };

  const std::string prefix =
      r.group.empty() ? "/api/" + r.version : "/apis/" + r.group + "/" + r.version;
  const std::string scope = r.namespaced ? "/namespaces/{namespace}" : "";
  const std::string collection = prefix + scope + "/" + r.resource;
  const std::string item_path = collection + "/{name}";
  std::vector<Param> collection_params;
  if (r.namespaced)
    collection_params.push_back(params::Path("namespace", "The namespace of the objects."));
  collection_params.push_back(params::Pretty());
  std::vector<Param> item_params = {params::Path("name", "The name of the " + r.kind + ".")};
  item_params.insert(item_params.end(), collection_params.begin(), collection_params.end());
  const std::string id_kind = c.ns_word + r.kind;

  std::vector<PathItem> out;
  PathItem coll{collection, collection_params, {}};
  if (has("list")) {
    Operation op = Op(c, "get", "list" + c.gv_camel + id_kind, "list",
                      "List or watch " + r.kind + " objects.");
    op.params = params::List();
    op.response_type = c.list_type;
    op.streams = true;
    coll.ops.push_back(std::move(op));
  }
  if (has("create")) {
    Operation op =
        Op(c, "post", "create" + c.gv_camel + id_kind, "post", "Create a " + r.kind + ".");
    op.body_type = c.type;
    op.response_type = c.type;
    op.params = params::Write(false);
    op.codes = {200, 201, 202};
    coll.ops.push_back(std::move(op));
  }
  if (has("deletecollection")) {
    Operation op = Op(c, "delete", "delete" + c.gv_camel + "Collection" + id_kind,
                      "deletecollection", "Delete a collection of " + r.kind + " objects.");
    op.body_type = kDeleteOptions;
    op.response_type = kStatus;
    op.params = params::Delete(true);
    coll.ops.push_back(std::move(op));
  }
  if (!coll.ops.empty()) out.push_back(std::move(coll));

  PathItem item{item_path, item_params, {}};
  if (has("get")) {
    Operation op =
        Op(c, "get", "read" + c.gv_camel + id_kind, "get", "Read the given " + r.kind + ".");
    op.response_type = c.type;
    item.ops.push_back(std::move(op));
  }
  if (has("update")) {
    Operation op =
        Op(c, "put", "replace" + c.gv_camel + id_kind, "put", "Replace the given " + r.kind + ".");
    op.body_type = c.type;
    op.response_type = c.type;
    op.params = params::Write(false);
    op.codes = {200, 201};
    item.ops.push_back(std::move(op));
  }
  if (has("delete")) {
    Operation op = Op(c, "delete", "delete" + c.gv_camel + id_kind, "delete",
                      "Delete the given " + r.kind + ".");
    op.body_type = kDeleteOptions;
    op.response_type = kStatus;
    op.params = params::Delete(false);
    op.codes = {200, 202};
    item.ops.push_back(std::move(op));
  }
  if (has("patch")) {
    Operation op = Op(c, "patch", "patch" + c.gv_camel + id_kind, "patch",
                      "Partially update the given " + r.kind + ".");
    op.body_type = kPatch;
    op.patch_body = true;
    op.response_type = c.type;
    op.params = params::Write(true);
    op.codes = {200, 201};
    item.ops.push_back(std::move(op));
  }
  if (!item.ops.empty()) out.push_back(std::move(item));

  for (const auto& sub : r.subresource_infos)
    AddSubresource(c, sub, item_path, item_params, registry, out);

  if (has("watch")) {
    const std::string watch_coll = prefix + "/watch" + scope + "/" + r.resource;
    PathItem wl{watch_coll, collection_params, {}};
    Operation op =
        Op(c, "get", "watch" + c.gv_camel + id_kind + "List", "watchlist",
           "Watch changes to a list of " + r.kind + ". Deprecated: use list with watch=true.");
    op.params = params::List();
    op.response_type = kWatchEvent;
    op.streams = true;
    wl.ops.push_back(std::move(op));
    out.push_back(std::move(wl));
    PathItem w{watch_coll + "/{name}", item_params, {}};
    Operation op1 = Op(c, "get", "watch" + c.gv_camel + id_kind, "watch",
                       "Watch changes to one " + r.kind +
                           ". Deprecated: use list with watch=true and a "
                           "fieldSelector on metadata.name.");
    op1.params = params::List();
    op1.response_type = kWatchEvent;
    op1.streams = true;
    w.ops.push_back(std::move(op1));
    out.push_back(std::move(w));
  }
  if (r.namespaced && has("list")) {
    PathItem all{prefix + "/" + r.resource, {params::Pretty()}, {}};
    Operation op = Op(c, "get", "list" + c.gv_camel + r.kind + "ForAllNamespaces", "list",
                      "List or watch " + r.kind + " objects of every namespace.");
    op.params = params::List();
    op.response_type = c.list_type;
    op.streams = true;
    all.ops.push_back(std::move(op));
    out.push_back(std::move(all));
    if (has("watch")) {
      PathItem wall{prefix + "/watch/" + r.resource, {params::Pretty()}, {}};
      Operation op1 =
          Op(c, "get", "watch" + c.gv_camel + r.kind + "ListForAllNamespaces", "watchlist",
             "Watch changes to " + r.kind +
                 " objects of every namespace. Deprecated: use list "
                 "with watch=true.");
      op1.params = params::List();
      op1.response_type = kWatchEvent;
      op1.streams = true;
      wall.ops.push_back(std::move(op1));
      out.push_back(std::move(wall));
    }
  }
  return out;
}

}  // namespace kubepp::api::openapi
