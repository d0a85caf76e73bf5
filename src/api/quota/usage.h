// Usage: what one API object charges against a ResourceQuota — upstream's
// quota evaluators. Every object counts one "count/<resource>[.<group>]";
// pods, services, persistentvolumeclaims, configmaps, secrets,
// replicationcontrollers and resourcequotas also count under their legacy
// names, pods add their compute requests and limits (requests.cpu, cpu,
// limits.memory, ...), services their load balancers and node ports, claims
// their storage (also per storage class).
//
// Shared by the apiserver's quota admission (charging a create) and the
// resourcequota controller (recounting a namespace), so both agree.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "api/quota/resource_list.h"

namespace kubepp::api::quota {

// What `obj` (of group/resource) uses. Empty for objects that no longer
// count (pods that finished).
ResourceList UsageOf(std::string_view group, std::string_view resource, const boost::json::object& obj);

// "count/pods", "count/deployments.apps".
std::string CountName(std::string_view group, std::string_view resource);

// The pod's requests / limits as the scheduler sees them: the larger of the
// containers' sum and any single init container, plus overhead.
ResourceList PodRequests(const boost::json::object& pod);
ResourceList PodLimits(const boost::json::object& pod);

// The compute names among `hard_names` that some container of `pod` leaves
// unset (a quota on limits.cpu needs every container to set a cpu limit),
// each with the containers that do, as upstream words them: "limits.cpu for: a,b".
// Sorted by name, containers by name.
std::vector<std::string> MissingPodResources(const boost::json::object& pod,
                                             const std::vector<std::string>& hard_names);

// The quota's spec.scopes (Terminating, NotTerminating, BestEffort,
// NotBestEffort) all hold for `obj`; only pods have scopes, so a scoped
// quota matches nothing else.
bool MatchesScopes(const boost::json::object& quota, std::string_view group, std::string_view resource,
                   const boost::json::object& obj);

}  // namespace kubepp::api::quota
