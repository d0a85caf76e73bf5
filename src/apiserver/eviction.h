// Eviction: the pods/eviction subresource — a POST of a policy/v1 Eviction
// deletes the pod unless that would break its PodDisruptionBudget, as
// upstream's EvictionREST:
//
//  * finished, pending or already terminating pods are deleted without a
//    budget check; so are pods no budget selects;
//  * a pod selected by more than one budget is refused (500);
//  * otherwise the budget must be observed by the disruption controller
//    (status.observedGeneration current) and allow a disruption: its
//    status.disruptionsAllowed is decremented and the pod recorded in
//    status.disruptedPods by a compare-and-swap update, then the pod is
//    deleted with the Eviction's deleteOptions. A budget with no disruption
//    left answers 429 "Cannot evict pod as it would violate the pod's
//    disruption budget." A pod that is not ready is deleted without taking
//    from the budget when the budget is healthy (IfHealthyBudget) or its
//    unhealthyPodEvictionPolicy is AlwaysAllow.
//
// Thread safety: stateless; the registry serializes writes per object.
#pragma once

#include <memory>

#include "apiserver/registry.h"
#include "apiserver/request_info.h"
#include "net/http.h"

namespace kubepp::apiserver {

// REQUIRES: info addresses pods/<name>/eviction.
void HandleEviction(Registry& registry, const RequestInfo& info, const net::HttpRequest& req,
                    std::shared_ptr<net::Responder> out);

}  // namespace kubepp::apiserver
