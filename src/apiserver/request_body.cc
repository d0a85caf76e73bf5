#include "apiserver/request_body.h"

#include <algorithm>

#include "api/codec/codec.h"
#include "api/codec/go_json_syntax.h"
#include "api/protobuf/protobuf.h"

namespace kubepp::apiserver {

std::string MediaType(const std::string* content_type) {
  if (!content_type) return "";
  std::string mt = content_type->substr(0, content_type->find(';'));
  while (!mt.empty() && mt.back() == ' ') mt.pop_back();
  std::transform(mt.begin(), mt.end(), mt.begin(), [](unsigned char c) { return std::tolower(c); });
  return mt;
}

// Parses a request body in any of the media types the apiserver accepts.
StatusOr<boost::json::value> ParseRequestBody(const net::HttpRequest& req) {
  std::string mt = MediaType(req.Header("content-type"));
  StatusOr<boost::json::value> parsed = Status::BadRequest("");
  if (mt.empty() || mt == "application/json") {
    parsed = api::ParseJson(req.body, api::RequestArena());
  } else if (mt == "application/yaml") {
    parsed = api::ParseYaml(req.body);
  } else if (mt == api::protobuf::kContentType) {
    // Typed clients (kubectl create ..., client-go) send protobuf.
    std::string api_version, kind;
    parsed = api::protobuf::DecodeKubernetesProtobuf(req.body, &api_version, &kind);
    if (!parsed.ok()) return parsed.status();
    // Protobuf strings are unchecked bytes; stored JSON must be UTF-8.
    Status utf8 = api::CheckUtf8(*parsed);
    if (!utf8.ok()) return utf8;
  } else {
    return Status::UnsupportedMediaType(
        "the body of the request was in an unknown format - accepted media types include: "
        "application/json, application/yaml, application/vnd.kubernetes.protobuf");
  }
  return parsed;
}

namespace {

// The anonymous struct upstream reads apiVersion and kind into, as Go's reflect names its type.
constexpr std::string_view kVersionKindType =
    "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
    "\"json:\\\"kind,omitempty\\\"\" }";

// How encoding/json names a JSON value it cannot store.
std::string_view GoValueKind(const boost::json::value& v) {
  if (v.is_array()) return "array";
  if (v.is_object()) return "object";
  if (v.is_string()) return "string";
  if (v.is_bool()) return "bool";
  return "number";
}

// The start of a body as upstream quotes it in the error: an object's first 30 bytes as they
// are, anything else in hex.
std::string Summary(std::string_view body) {
  constexpr size_t kMax = 30;
  if (body.empty()) return "<empty>";
  std::string_view head = body.substr(0, kMax);
  std::string out;
  if (body.front() == '{') {
    out = std::string(head);
  } else {
    static const char kHex[] = "0123456789abcdef";
    for (unsigned char c : head) {
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return body.size() > kMax ? out + " ..." : out;
}

Status Unrecognized(std::string_view kind, const std::string& error, std::string_view body) {
  return Status::BadRequest(
      "the object provided is unrecognized (must be of type " + std::string(kind) +
      "): couldn't get version/kind; json parse error: " + error + " (" + Summary(body) + ")");
}

}  // namespace

StatusOr<boost::json::object> ReadObjectBody(const net::HttpRequest& req, std::string_view kind) {
  const std::string mt = MediaType(req.Header("content-type"));
  const bool json = mt.empty() || mt == "application/json";
  auto parsed = ParseRequestBody(req);
  if (!parsed.ok()) {
    if (parsed.status().reason() == Reason::kUnsupportedMediaType) return parsed.status();
    if (json) {
      if (auto go = api::GoJsonSyntaxError(req.body)) return Unrecognized(kind, *go, req.body);
    }
    return Status::BadRequest("the object provided is unrecognized or malformed: " +
                              parsed.status().message());
  }
  if (mt == api::protobuf::kContentType) {
    if (!parsed->is_object())
      return Status::BadRequest("the object provided is unrecognized or malformed");
    return std::move(parsed->as_object());
  }
  if (parsed->is_null()) return boost::json::object();
  if (!parsed->is_object()) {
    return Unrecognized(kind,
                        "json: cannot unmarshal " + std::string(GoValueKind(*parsed)) +
                            " into Go value of type " + std::string(kVersionKindType),
                        req.body);
  }
  for (const auto& field : parsed->as_object()) {
    if (field.key() != "apiVersion" && field.key() != "kind") continue;
    if (field.value().is_string() || field.value().is_null()) continue;
    return Unrecognized(kind,
                        "json: cannot unmarshal " + std::string(GoValueKind(field.value())) +
                            " into Go struct field ." + std::string(field.key()) +
                            " of type string",
                        req.body);
  }
  return std::move(parsed->as_object());
}

StatusOr<boost::json::object> DecodeObjectBody(const net::HttpRequest& req, std::string_view api_version,
                                               std::string_view kind) {
  auto read = ReadObjectBody(req, kind);
  if (!read.ok()) return read.status();
  boost::json::object obj = std::move(*read);
  auto text = [&obj](std::string_view key) {
    const auto* v = obj.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  std::string body_version = text("apiVersion");
  std::string body_kind = text("kind");
  if (!body_version.empty() && body_version != api_version) {
    return Status::BadRequest("the API version in the data (" + body_version +
                              ") does not match the expected API version (" + std::string(api_version) + ")");
  }
  if (!body_kind.empty() && body_kind != kind) {
    return Status::BadRequest("the kind in the data (" + body_kind + ") does not match the expected kind (" +
                              std::string(kind) + ")");
  }
  if (const auto* meta = obj.if_contains("metadata"); meta && !meta->is_object() && !meta->is_null()) {
    return Status::BadRequest("the object provided is unrecognized or malformed: metadata must be an object");
  }
  return obj;
}

}  // namespace kubepp::apiserver
