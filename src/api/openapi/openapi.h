// OpenAPI documents for the served resources, built from kubepp's own schema
// of each kind: /openapi/v2 (swagger 2.0, what `kubectl explain` falls back to
// and what client-side validation reads) and /openapi/v3 (the index and one
// document per group version, what kubectl 1.27+ explain and apply read).
#pragma once

#include <string>
#include <string_view>

namespace kubepp::api {

// The whole swagger 2.0 document, JSON text.
const std::string& OpenApiV2();
// The same document as gnostic's openapi.v2.Document protobuf. Serve it for
// /openapi/v2 when Accept names either protobuf media type below: kubectl
// 1.27 and 1.28 (and client-go's OpenAPISchema()) accept nothing else, and
// without it every kubectl create, apply and explain of theirs fails.
const std::string& OpenApiV2Protobuf();
// What clients send in Accept (the "@" form is the one client-go uses).
inline constexpr std::string_view kOpenApiV2ProtobufAccept =
    "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
inline constexpr std::string_view kOpenApiV2ProtobufAcceptAlt =
    "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
// The Content-Type of the protobuf answer. Never the "@" form: Go's mime
// parser rejects it and kubectl then fails with "unexpected content after
// media subtype".
inline constexpr std::string_view kOpenApiV2ProtobufContentType =
    "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
// What /openapi/v2 answers for a request's Accept header: the protobuf form
// when Accept names it before any JSON type, the JSON form otherwise.
struct OpenApiV2Answer {
  const std::string* body;
  std::string_view content_type;
};
OpenApiV2Answer OpenApiV2For(std::string_view accept);

// The /openapi/v3 index: {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."},
// ...}}
const std::string& OpenApiV3Index();
// One group-version document for a path of the index ("api/v1", "apis/apps/v1");
// nullptr when there is no such path. The `?hash=` of the request can be
// ignored; serve it as application/json.
const std::string* OpenApiV3Document(std::string_view path);
// The hash the index gives `path` in its serverRelativeURL (use it as the
// ETag); empty when there is no such path.
std::string_view OpenApiV3Hash(std::string_view path);

}  // namespace kubepp::api
