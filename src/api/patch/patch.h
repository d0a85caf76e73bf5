// The three patch formats of PATCH requests:
//  - application/json-patch+json           RFC 6902 JSON patch
//  - application/merge-patch+json          RFC 7386 JSON merge patch
//  - application/strategic-merge-patch+json Kubernetes strategic merge patch,
//    with the patchStrategy/patchMergeKey upstream declares on its types
//    (containers merged by name, ports by containerPort, ...) and the directives
//    $patch, $retainKeys, $setElementOrder/<field>, $deleteFromPrimitiveList/<field>.
//
// Each function takes the stored object and the decoded patch body and returns
// the patched object, or the Status upstream's PATCH handler answers with:
//  - JSON patch: BadRequest if the body is not a list of operation objects;
//    RequestEntityTooLarge past 10000 operations; Invalid (422, upstream's
//    fixed text) when an operation does not apply (failed test, missing path,
//    unknown or missing op). json_patch.h has the details.
//  - merge patch: BadRequest "Invalid JSON Patch" for a null or scalar body.
//  - strategic merge patch: BadRequest for malformed directives or a body that
//    is not an object, Invalid (422) for lists of lists, and upstream's
//    unclassified 500 (empty reason) for the rest (missing merge key, ...).
//    Custom resources must be refused before calling it: see
//    HasStrategicMergeSchema in patch_schema.h (upstream answers 415).
// Parsing the body (and its syntax errors) is the caller's job.
// The inputs are never modified. Thread safety: pure functions.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "base/status.h"

namespace kubepp::api {

StatusOr<boost::json::value> ApplyJsonPatch(const boost::json::value& doc,
                                            const boost::json::value& patch);
StatusOr<boost::json::value> ApplyMergePatch(const boost::json::value& doc,
                                             const boost::json::value& patch);
// `api_version` and `kind` select the type whose patch strategies apply
// ("apps/v1", "Deployment"); kinds without a schema merge like a merge patch
// (lists replaced) except metadata (finalizers, ownerReferences merge).
StatusOr<boost::json::value> ApplyStrategicMergePatch(const boost::json::value& doc,
                                                      const boost::json::value& patch,
                                                      std::string_view api_version,
                                                      std::string_view kind);

}  // namespace kubepp::api
