// fieldValidation=Strict|Warn|Ignore: what the apiserver does with fields a
// kind's schema does not declare. Strict refuses the request (400,
// "strict decoding error: unknown field ..."); Warn (the default) and Ignore
// drop them, Warn also returning one `Warning` header per field.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "api/resources/catalog.h"
#include "base/status.h"

namespace kubepp::apiserver {

enum class FieldValidation { kIgnore, kWarn, kStrict };

StatusOr<FieldValidation> ParseFieldValidation(const std::string& value);

// Removes undeclared fields from `obj`. Returns the warnings to send (Warn),
// or BadRequest (Strict) naming every unknown field.
StatusOr<std::vector<std::string>> PruneUnknownFields(const api::ResourceInfo& r, FieldValidation mode,
                                                      boost::json::object& obj);

// Removes the member a path such as `spec.containers[0].foo` names; false when absent.
bool RemoveFieldPath(boost::json::object& obj, const std::string& path);

// The value of one Warning header for a message (`299 - "message"`).
std::string WarningHeader(const std::string& message);

}  // namespace kubepp::apiserver
