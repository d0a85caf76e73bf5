// Checks that a value fits a type before server-side apply merges it, with
// upstream's errors (what users see when an applied configuration is wrong):
//
//   .spec.replicas: expected numeric (int or float), got string
//   .spec.bogus: field not declared in schema
//   .spec.template.spec.containers[name="web"].env: duplicate entries for key [name="A"]
//
// Like upstream, the first unknown field of an object stops checking that
// object, and a list item that cannot be named stops checking that list.
// `allow_duplicates` accepts repeated list-map keys (live objects may hold
// them; applied configurations may not).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "api/managedfields/type_schema.h"

namespace kubepp::api::managedfields {

struct TypeError {
  std::string path;  // ".spec.replicas"; empty at the root
  std::string message;
};

std::vector<TypeError> ValidateTyped(const boost::json::value& v, const Atom* atom, bool allow_duplicates);

// "path: message" for one error; "errors:\n  path: message\n  ..." for several.
std::string TypeErrorsString(const std::vector<TypeError>& errors);

}  // namespace kubepp::api::managedfields
