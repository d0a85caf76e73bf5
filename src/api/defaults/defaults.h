// Defaulting: fills the fields upstream's SetDefaults_* functions fill, for
// every kind the catalog serves (pkg/apis/<group>/<version>/defaults.go).
//
// Applied by the apiserver on create and update (and to the result of a patch),
// after decoding and before validation. Idempotent: defaulting a defaulted
// object changes nothing. A field of the wrong JSON type is left alone for
// validation to report; defaulting itself never fails.
//
// Besides upstream's defaulters this also fills what upstream's registry,
// conversion or serializer put on every object and nothing else in kubepp
// would: Service ipFamilyPolicy/ipFamilies (a single-stack IPv4 cluster
// unless the ClusterIP is IPv6) and status.loadBalancer {}, Namespace
// spec.finalizers ["kubernetes"], Job manualSelector false, pod spec
// serviceAccount mirroring serviceAccountName, and containers' resources {}.
// Not here (the apiserver's job): clusterIP/nodePort allocation, Job selector
// generation, Pod status.phase/qosClass, uid, timestamps, generation.
#pragma once

#include <boost/json/object.hpp>

#include "api/resources/catalog.h"

namespace kubepp::api {

// `obj` is the whole object (apiVersion, kind, metadata, spec, ...).
void ApplyDefaults(const ResourceInfo& resource, boost::json::object& obj);

}  // namespace kubepp::api
