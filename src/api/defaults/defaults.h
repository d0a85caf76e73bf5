// Defaulting: fills the fields upstream's SetDefaults_* functions fill, for
// every kind the catalog serves (pkg/apis/<group>/<version>/defaults.go).
//
// Applied by the apiserver on create and update (and to the result of a patch),
// after decoding and before validation. Idempotent: defaulting a defaulted
// object changes nothing.
#pragma once

#include <boost/json/object.hpp>

#include "api/resources/catalog.h"

namespace kubepp::api {

// `obj` is the whole object (apiVersion, kind, metadata, spec, ...).
void ApplyDefaults(const ResourceInfo& resource, boost::json::object& obj);

}  // namespace kubepp::api
