// Rendering of the neutral operation model (operations.h) into swagger 2.0
// and OpenAPI 3.0 path items. The two differ in how parameters carry their
// type (inline vs. a schema), how a body is passed (a "body" parameter vs.
// requestBody) and where media types go (consumes/produces vs. content).
#include <boost/json/array.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api/openapi/operations.h"

namespace kubepp::api::openapi {
namespace {

boost::json::array ParamsJson(const std::vector<Param>& params, Dialect d) {
  boost::json::array a;
  for (const auto& p : params) {
    boost::json::object o;
    o["name"] = p.name;
    o["in"] = p.in;
    if (!p.description.empty()) o["description"] = p.description;
    if (p.required) o["required"] = true;
    if (d == Dialect::kSwagger2) {
      o["type"] = p.type;
      if (p.unique_items) o["uniqueItems"] = true;
    } else {
      boost::json::object schema{{"type", p.type}};
      if (p.unique_items) schema["uniqueItems"] = true;
      o["schema"] = std::move(schema);
    }
    a.push_back(std::move(o));
  }
  return a;
}

const char* CodeText(int code) {
  switch (code) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    default:
      return "Unauthorized";
  }
}

std::vector<std::string> Produces(const Operation& op) {
  if (op.response_type.empty()) return {"*/*"};
  std::vector<std::string> p = {"application/json", "application/yaml",
                                "application/vnd.kubernetes.protobuf"};
  if (op.streams) {
    p.push_back("application/json;stream=watch");
    p.push_back("application/vnd.kubernetes.protobuf;stream=watch");
  }
  return p;
}

std::vector<std::string> Consumes(const Operation& op) {
  if (op.patch_body) {
    return {"application/json-patch+json", "application/merge-patch+json",
            "application/strategic-merge-patch+json", "application/apply-patch+yaml"};
  }
  return {"*/*"};
}

boost::json::array StringArray(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

boost::json::object OperationJson(const Operation& op, Dialect d) {
  boost::json::object o;
  o["description"] = op.description;
  if (d == Dialect::kSwagger2) {
    o["consumes"] = StringArray(Consumes(op));
    o["produces"] = StringArray(Produces(op));
    o["schemes"] = boost::json::array{"https"};
  }
  o["tags"] = boost::json::array{boost::json::value(op.tag)};
  o["operationId"] = op.operation_id;
  // A DELETE may come without a body (DeleteOptions are optional).
  const bool body_required = op.method != "delete";
  boost::json::array params = ParamsJson(op.params, d);
  if (!op.body_type.empty()) {
    if (d == Dialect::kSwagger2) {
      boost::json::object body{{"name", "body"}, {"in", "body"}, {"schema", Ref(d, op.body_type)}};
      if (body_required) body["required"] = true;
      params.insert(params.begin(), std::move(body));
    } else {
      boost::json::object content;
      for (const auto& type : Consumes(op))
        content[type] = boost::json::object{{"schema", Ref(d, op.body_type)}};
      boost::json::object body{{"content", std::move(content)}};
      if (body_required) body["required"] = true;
      o["requestBody"] = std::move(body);
    }
  }
  if (!params.empty()) o["parameters"] = std::move(params);
  boost::json::object responses;
  for (int code : op.codes) {
    boost::json::object r{{"description", CodeText(code)}};
    boost::json::object schema = op.response_type.empty() ? boost::json::object{{"type", "string"}}
                                                          : Ref(d, op.response_type);
    if (d == Dialect::kSwagger2) {
      r["schema"] = std::move(schema);
    } else {
      boost::json::object content;
      for (const auto& type : Produces(op)) content[type] = boost::json::object{{"schema", schema}};
      r["content"] = std::move(content);
    }
    responses[std::to_string(code)] = std::move(r);
  }
  responses["401"] = boost::json::object{{"description", "Unauthorized"}};
  o["responses"] = std::move(responses);
  if (!op.action.empty()) o["x-kubernetes-action"] = op.action;
  if (op.gvk) {
    o["x-kubernetes-group-version-kind"] = boost::json::object{
        {"group", op.gvk->group}, {"kind", op.gvk->kind}, {"version", op.gvk->version}};
  }
  return o;
}

}  // namespace

boost::json::object RenderPathItem(const PathItem& item, Dialect d) {
  boost::json::object o;
  for (const auto& op : item.ops) o[op.method] = OperationJson(op, d);
  if (!item.params.empty()) o["parameters"] = ParamsJson(item.params, d);
  return o;
}

}  // namespace kubepp::api::openapi
