// The strategic merge engine with an explicit schema: what
// ApplyStrategicMergePatch (patch.h) runs after finding the kind's root type.
// Tests use it with schemas of their own (see patch_schema.h for the types).
#pragma once

#include <boost/json/value.hpp>

#include "api/patch/patch_schema.h"
#include "base/status.h"

namespace kubepp::api::patch_internal {

// `root` may be null: no field has a strategy then.
StatusOr<boost::json::value> StrategicMergeWithType(const boost::json::value& doc,
                                                    const boost::json::value& patch,
                                                    const PatchType* root);

}  // namespace kubepp::api::patch_internal
