// The swagger 2.0 document in protocol-buffer form, as kubectl 1.27 and 1.28
// (and client-go's discovery OpenAPISchema()) request it from /openapi/v2
// with Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf.
// Those clients parse only this form, so a JSON-only /openapi/v2 breaks
// `kubectl create`, `apply` and `explain` there.
//
// The message layout is gnostic's openapi.v2.Document (wire numbers are
// facts of that schema). Vendor extensions (x-kubernetes-*) travel as YAML
// text; JSON is valid YAML, so their JSON serialization is used.
#pragma once

#include <boost/json/object.hpp>
#include <string>

namespace kubepp::api::openapi {

// Encodes a swagger 2.0 document of the shape documents.cc builds (inline
// parameters, $ref schemas, apiKey security). Keys it does not know are
// skipped, as a proto decoder skips unknown fields.
std::string SwaggerToProto(const boost::json::object& doc);

}  // namespace kubepp::api::openapi
