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
// The /openapi/v3 index: {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."}, ...}}
const std::string& OpenApiV3Index();
// One group-version document for a path of the index ("api/v1", "apis/apps/v1");
// nullptr when there is no such path.
const std::string* OpenApiV3Document(std::string_view path);

}  // namespace kubepp::api
