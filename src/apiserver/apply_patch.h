// The parts of server-side apply (PATCH with application/apply-patch+yaml)
// that belong to the HTTP request rather than to the merge itself:
//
//  - the body, YAML or JSON, decoded into the applied configuration, with
//    the keys it repeats (fieldValidation=Strict refuses them after the
//    merge, as upstream does; Warn, the default, warns about each);
//  - the identity checks upstream makes on the result: its name must be the
//    URL's ("the name of the object () does not match the name on the URL
//    (x)" also refuses a configuration that relies on generateName), its
//    namespace the URL's, and an apply that creates may not name a uid.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"

namespace kubepp::apiserver {

struct ApplyBody {
  boost::json::object config;
  // `line N: key "k" already set in map`, in document order.
  std::vector<std::string> duplicate_keys;
};

// BadRequest "error decoding YAML: ..." when the body is not one object.
StatusOr<ApplyBody> DecodeApplyBody(std::string_view body);

// What fieldValidation=Strict answers for repeated keys.
Status StrictDuplicateKeysError(const std::vector<std::string>& duplicate_keys);

// The name (and namespace, when the object has one) of an applied object
// must be the URL's.
Status CheckAppliedName(const boost::json::object& obj, const std::string& url_name, const std::string& url_namespace);

}  // namespace kubepp::apiserver
