// kubectl's client-side apply annotation (kubectl.kubernetes.io/last-applied-configuration)
// meets server-side apply, as upstream handles it for the manager "kubectl"
// (what `kubectl apply --server-side` uses):
//
//  - Fields that the annotation shows client-side apply set, and that still
//    have those values, may be taken over by the first server-side apply
//    without conflicts (the upgrade path from `kubectl apply`).
//  - While an object keeps the annotation, each server-side apply by
//    "kubectl" rewrites it to the applied configuration, so that a later
//    client-side apply computes its patch from what was really applied.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

#include <boost/json/object.hpp>

#include "api/managedfields/field_set.h"
#include "api/managedfields/type_schema.h"

namespace kubepp::api::managedfields {

inline constexpr std::string_view kLastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

// The fields of `live` that its annotation accounts for with their current
// values; nullopt when there is no usable annotation (missing, not JSON, of
// another API version, or not fitting the schema).
std::optional<FieldSet> LastAppliedFields(const boost::json::object& live, const Atom* root,
                                          std::string_view api_version);

// When `obj` has a non-empty annotation, sets it to `config` (without the
// annotation itself) as JSON text — or drops it when the annotations would
// outgrow their size limit.
void UpdateLastApplied(boost::json::object& obj, const boost::json::object& config);

}  // namespace kubepp::api::managedfields
