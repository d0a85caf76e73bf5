// Builders for FieldError, one per upstream field.Error constructor
// (field.Required, field.Invalid, ...), and the Go formatting upstream uses
// to print the bad value inside messages.
//
// Upstream prints a bad value with Go's fmt: strings as %q ("\"Foo\""),
// integers plainly, and other types as Go syntax (%#v), e.g. a label map as
// map[string]string{"app":"x"}. Callers pick the builder that matches the
// Go type upstream passes, so the text is byte for byte the same.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/validation/field_path.h"
#include "api/validation/validation.h"

namespace kubepp::api::validation {

using ErrorList = std::vector<FieldError>;

inline constexpr std::string_view kFieldImmutable = "field is immutable";
inline constexpr std::string_view kIsNegative = "must be greater than or equal to 0";

// %#v of a map[string]string: map[string]string{"a":"b", "c":"d"} (keys sorted);
// map[string]string(nil) when absent.
std::string GoStringMap(const boost::json::object* m);
// %#v of a []string: []string{"a", "b"}; []string(nil) when absent.
std::string GoStringSlice(const std::vector<std::string>& items, bool nil_if_empty = false);
// A JSON value printed the way upstream would print the Go value it decodes
// to: strings quoted, numbers and booleans plain, anything else as JSON.
std::string GoValue(const boost::json::value& v);

FieldError Required(const FieldPath& path, std::string detail = "");
FieldError Forbidden(const FieldPath& path, std::string detail);
// Bad value is a Go string (printed quoted).
FieldError Invalid(const FieldPath& path, std::string_view value, std::string detail);
// Bad value is a Go integer.
FieldError InvalidInt(const FieldPath& path, int64_t value, std::string detail);
// Bad value already formatted as upstream prints it.
FieldError InvalidRaw(const FieldPath& path, std::string value_text, std::string detail);
FieldError NotSupported(const FieldPath& path, std::string_view value,
                        const std::vector<std::string>& valid);
FieldError NotSupportedRaw(const FieldPath& path, std::string value_text,
                           const std::vector<std::string>& valid);
FieldError Duplicate(const FieldPath& path, std::string_view value);
FieldError DuplicateRaw(const FieldPath& path, std::string value_text);
FieldError NotFound(const FieldPath& path, std::string_view value);
FieldError TooLong(const FieldPath& path, int64_t max_bytes);
FieldError TooLongMaxLength(const FieldPath& path, int64_t max_length);
FieldError TooMany(const FieldPath& path, int64_t actual, int64_t max);
FieldError Internal(const FieldPath& path, std::string detail);

// "Invalid value: -1: must be greater than or equal to 0" (upstream ErrorBody).
std::string ErrorBody(const FieldError& e);
// "spec.replicas: Invalid value: -1: must be greater than or equal to 0".
std::string ErrorString(const FieldError& e);

// Appends `more` to `all`.
inline void Append(ErrorList& all, ErrorList more) {
  for (auto& e : more) all.push_back(std::move(e));
}

}  // namespace kubepp::api::validation
