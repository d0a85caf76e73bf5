// The three patch formats of PATCH requests:
//  - application/json-patch+json           RFC 6902 JSON patch
//  - application/merge-patch+json          RFC 7386 JSON merge patch
//  - application/strategic-merge-patch+json Kubernetes strategic merge patch,
//    with the patchStrategy/patchMergeKey upstream declares on its types
//    (containers merged by name, ports by containerPort, ...) and the directives
//    $patch, $retainKeys, $setElementOrder/<field>, $deleteFromPrimitiveList/<field>.
// Errors are upstream's: BadRequest for a malformed patch, Invalid/Unprocessable
// for one that cannot apply (see each function).
#pragma once

#include <string_view>

#include <boost/json/value.hpp>

#include "base/status.h"

namespace kubepp::api {

StatusOr<boost::json::value> ApplyJsonPatch(const boost::json::value& doc, const boost::json::value& patch);
StatusOr<boost::json::value> ApplyMergePatch(const boost::json::value& doc, const boost::json::value& patch);
// `api_version` and `kind` select the type whose patch strategies apply
// ("apps/v1", "Deployment"); kinds without strategies merge like a merge patch
// but lists are replaced.
StatusOr<boost::json::value> ApplyStrategicMergePatch(const boost::json::value& doc,
                                                      const boost::json::value& patch,
                                                      std::string_view api_version,
                                                      std::string_view kind);

}  // namespace kubepp::api
