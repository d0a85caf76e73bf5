#include "apiserver/apply_patch.h"

#include "api/codec/codec.h"
#include "api/codec/duplicate_keys.h"
#include "apiserver/object_meta.h"

namespace kubepp::apiserver {

StatusOr<ApplyBody> DecodeApplyBody(std::string_view body) {
  size_t first = body.find_first_not_of(" \t\r\n");
  const bool json = first != std::string_view::npos && body[first] == '{';
  // An empty body is an empty configuration, which then names no kind.
  auto parsed = first == std::string_view::npos ? StatusOr<boost::json::value>(boost::json::object())
                : json                          ? api::ParseJson(body)
                                                : api::ParseYaml(body);
  if (!parsed.ok()) return Status::BadRequest("error decoding YAML: " + parsed.status().message());
  if (parsed->is_null()) *parsed = boost::json::object();
  if (!parsed->is_object()) {
    std::string type = parsed->is_array() ? "array" : parsed->is_string() ? "string" : parsed->is_bool() ? "bool" : "number";
    return Status::BadRequest("error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal " +
                              type + " into Go value of type map[string]interface {}");
  }
  ApplyBody out;
  out.config = std::move(parsed->as_object());
  for (const auto& d : api::FindDuplicateKeys(body)) out.duplicate_keys.push_back(d.Message());
  return out;
}

Status StrictDuplicateKeysError(const std::vector<std::string>& duplicate_keys) {
  std::string msg = "error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:";
  for (const auto& d : duplicate_keys) msg += "\n  " + d;
  return Status::BadRequest(std::move(msg));
}

Status CheckAppliedName(const boost::json::object& obj, const std::string& url_name, const std::string& url_namespace) {
  std::string name = MetaString(obj, "name");
  if (name != url_name) {
    return Status::BadRequest("the name of the object (" + name + ") does not match the name on the URL (" + url_name +
                              ")");
  }
  std::string ns = MetaString(obj, "namespace");
  if (!url_namespace.empty() && !ns.empty() && ns != url_namespace) {
    return Status::BadRequest("the namespace of the object (" + ns + ") does not match the namespace on the request (" +
                              url_namespace + ")");
  }
  return Status::Ok();
}

}  // namespace kubepp::apiserver
