// Finds the fields of an object that its kind's schema does not declare,
// for the apiserver's fieldValidation=Strict|Warn (kubectl's default
// --validate=strict sends Strict). Paths are spelled as upstream's strict
// decoder spells them, so messages read the same:
//   unknown field "spec.template.spec.containers[0].imagePullPolicyy"
// Upstream wraps them as `strict decoding error: unknown field "..."` (400
// BadRequest) for Strict and as one warning per field for Warn.
//
// Free-form parts of the schema (maps, RawExtension, FieldsV1, scalars such
// as Quantity) accept anything. Thread safety: safe from any thread.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace kubepp::api {

// Empty when every field is declared, or when the kind has no schema here
// (nothing can be said about it).
std::vector<std::string> UnknownFields(std::string_view group, std::string_view version,
                                       std::string_view kind, const boost::json::object& obj);
std::vector<std::string> UnknownFields(std::string_view group, std::string_view version,
                                       std::string_view kind, const boost::json::value& obj);

}  // namespace kubepp::api
