// "endpointslice": the discovery.k8s.io/v1 EndpointSlices of every Service
// with a selector (addressType IPv4), labelled kubernetes.io/service-name
// and endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io,
// owned by the Service (so the garbage collector removes them with it).
// Pods — terminating ones too — are endpoints with conditions ready, serving
// and terminating, their node and its zone; endpoints are grouped by the ports they resolved to and
// at most max_endpoints_per_slice (100) share a slice. A Service selecting
// nothing keeps one empty slice, as upstream. Existing slices are reused in
// place; surplus ones are deleted.
#pragma once

#include "controllers/controller.h"

namespace kubepp::controllers {

ControllerRegistration MakeEndpointSliceRegistration();

inline constexpr int kMaxEndpointsPerSlice = 100;
inline constexpr std::string_view kServiceNameLabel = "kubernetes.io/service-name";
inline constexpr std::string_view kManagedByLabel = "endpointslice.kubernetes.io/managed-by";
inline constexpr std::string_view kManagedByValue = "endpointslice-controller.k8s.io";

}  // namespace kubepp::controllers
