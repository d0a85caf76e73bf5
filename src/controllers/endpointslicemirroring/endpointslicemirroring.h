// "endpointslicemirroring": EndpointSlices for the Endpoints of Services without a selector,
// whose Endpoints someone other than the endpoints controller writes (an external database,
// addresses kept by hand). Consumers that read only EndpointSlices see those Services too.
//
// As upstream's controller: the slices are labelled kubernetes.io/service-name and
// endpointslice.kubernetes.io/managed-by=endpointslicemirroring-controller.k8s.io, carry the
// Endpoints' other labels and annotations, and are owned by the Endpoints. Subsets with the same
// ports and address family share one slice of at most 1,000 endpoints; addresses are ready,
// notReadyAddresses not. Nothing is mirrored for an Endpoints labelled
// endpointslice.kubernetes.io/skip-mirror=true, for a leader-election lock, or when the
// Service is gone or has a selector: the mirrored slices are deleted then.
#pragma once

#include <string_view>

#include "controllers/controller.h"

namespace kubepp::controllers {

ControllerRegistration MakeEndpointSliceMirroringRegistration();

inline constexpr std::string_view kMirroringManagedByValue =
    "endpointslicemirroring-controller.k8s.io";
inline constexpr int kMaxMirroredEndpointsPerSubset = 1000;

}  // namespace kubepp::controllers
