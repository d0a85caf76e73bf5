// Helpers for validation tests: JSON literals, resource infos, and error
// lists rendered as upstream's "field: body" strings for exact comparison.
#pragma once

#include <gmock/gmock.h>

#include <boost/json/parse.hpp>
#include <string>
#include <vector>

#include "api/resources/catalog.h"
#include "api/validation/field_errors.h"
#include "api/validation/validation.h"

namespace kubepp::api::testing {

inline boost::json::object J(const std::string& text) {
  return boost::json::parse(text).as_object();
}

inline ResourceInfo Res(std::string group, std::string kind, bool namespaced = true,
                        std::string version = "v1") {
  ResourceInfo r;
  r.group = std::move(group);
  r.version = std::move(version);
  r.kind = std::move(kind);
  r.namespaced = namespaced;
  return r;
}

inline std::vector<std::string> Strings(const std::vector<FieldError>& errs) {
  std::vector<std::string> out;
  for (const auto& e : errs) out.push_back(validation::ErrorString(e));
  return out;
}

inline std::vector<std::string> Create(const ResourceInfo& r, const std::string& json) {
  return Strings(ValidateCreate(r, J(json)));
}
inline std::vector<std::string> Update(const ResourceInfo& r, const std::string& json,
                                       const std::string& old) {
  return Strings(ValidateUpdate(r, J(json), J(old)));
}

// Name-rule messages as api/names spells them.
inline const std::string kSubdomainMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start "
    "and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
inline const std::string kLabelMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end "
    "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

}  // namespace kubepp::api::testing
