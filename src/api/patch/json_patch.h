// RFC 6902 JSON patch with the behaviour of the library upstream's apiserver
// uses (evanphx/json-patch v4), including its error texts.
//
// ApplyJsonPatch (patch.h) is what the apiserver calls; it answers like
// upstream's PATCH handler:
//   - a patch that is not a list of operation objects -> BadRequest with the
//     decoder's message ("json: cannot unmarshal object into Go value of type
//     jsonpatch.Patch");
//   - more than kMaxJsonPatchOperations operations -> RequestEntityTooLarge;
//   - an operation that does not apply (failed test, missing path, bad index,
//     unknown or missing "op") -> Invalid (422) with upstream's fixed text
//     "the server rejected our request due to an error in our request": the
//     apiserver drops the library's detail, so kubepp does too.
// ApplyJsonPatchDetailed returns the same results but keeps the library's
// detailed message on a failed operation ("testing value /a failed: test
// failed"), for logs and tests.
//
// Upstream quirks kept on purpose (clients depend on what upstream accepts):
// "replace" of a missing object member adds it; negative array indexes count
// from the end; what precedes the first "/" of a path is ignored; the path ""
// can be replaced (by an object or array; anything else is ignored) and
// tested, but not added to or removed; "copy" from a missing member copies
// null.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>

#include "base/status.h"

namespace kubepp::api {

// maxJSONPatchOperations in upstream's patch handler.
inline constexpr size_t kMaxJsonPatchOperations = 10000;

// The message upstream sends with 422 for an operation that does not apply.
inline constexpr const char* kJsonPatchRejectedMessage =
    "the server rejected our request due to an error in our request";

StatusOr<boost::json::value> ApplyJsonPatchDetailed(const boost::json::value& doc,
                                                    const boost::json::value& patch);

}  // namespace kubepp::api
