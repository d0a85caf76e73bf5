// Validation: upstream's rules for every kind the catalog serves
// (pkg/apis/<group>/validation/validation.go), with upstream's field paths and
// messages, so the apiserver answers 422 Invalid with the same causes.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "api/resources/catalog.h"
#include "base/status.h"

namespace kubepp::api {

// One problem with one field, as upstream's field.Error.
struct FieldError {
  std::string type;    // metav1.CauseType: "FieldValueRequired", "FieldValueInvalid",
                       // "FieldValueNotSupported", "FieldValueDuplicate", "FieldValueForbidden",
                       // "FieldValueTooLong", "FieldValueTooMany", "InternalError"
  std::string field;   // "spec.template.metadata.labels"
  std::string detail;  // upstream's message body
  std::string bad_value_text;  // how upstream prints the bad value in messages (e.g. "\"Foo\""),
                               // may be empty
};

// Validation of a new object (create). `obj` is defaulted.
std::vector<FieldError> ValidateCreate(const ResourceInfo& resource,
                                       const boost::json::object& obj);
// Validation of an update: immutable fields, plus everything ValidateCreate checks.
std::vector<FieldError> ValidateUpdate(const ResourceInfo& resource, const boost::json::object& obj,
                                       const boost::json::object& old);

// Builds the Invalid status upstream sends:
//   message: `Deployment.apps "x" is invalid: [spec.replicas: Invalid value: -1: must be greater
//   than or equal to 0, ...]` (brackets only when there are several), one cause per error.
Status InvalidStatus(const ResourceInfo& resource, const std::string& name,
                     const std::vector<FieldError>& errors);

}  // namespace kubepp::api
