// Renders the schema model (schema_model.h) as JSON Schema objects in the two
// dialects Kubernetes serves: swagger 2.0 definitions (refs to
// "#/definitions/NAME") and OpenAPI 3.0 components (refs to
// "#/components/schemas/NAME", a described ref wrapped in allOf as upstream
// does so the description is not dropped next to $ref).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "api/openapi/schema_model.h"

namespace kubepp::api::openapi {

enum class Dialect { kSwagger2, kOpenApi3 };

// "#/definitions/" or "#/components/schemas/" followed by `name`.
std::string RefTo(Dialect d, std::string_view name);
// The schema of one named type.
boost::json::object TypeSchema(const TypeDef& type, Dialect d);
// The schema of a type expression ("[]io.k8s.api.core.v1.Container").
boost::json::object TypeExprSchema(std::string_view type_expr, Dialect d);
// A {"$ref": ...} object.
boost::json::object Ref(Dialect d, std::string_view name);

}  // namespace kubepp::api::openapi
