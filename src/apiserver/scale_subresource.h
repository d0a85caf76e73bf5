// The /scale subresource of Deployments, ReplicaSets, StatefulSets and
// ReplicationControllers: their autoscaling/v1 Scale view, and server-side
// apply through it (upstream's scale handler):
//
//  - the parent's managedFields are seen from the Scale: an entry that owns
//    the parent's spec.replicas owns the Scale's spec.replicas, nothing else
//    is visible;
//  - the configuration is applied to the Scale as to any object (conflicts
//    with the other owners of spec.replicas, force);
//  - the outcome goes back to the parent: its spec.replicas, an entry of the
//    applier for subresource "scale" owning it, and the replicas taken from
//    entries that lost them (an entry left with nothing goes).
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "api/managedfields/field_manager.h"
#include "base/status.h"

namespace kubepp::apiserver {

// The autoscaling/v1 Scale view of a scalable object.
boost::json::object ScaleOf(const boost::json::object& parent);

// Invalid for a negative spec.replicas of the Scale named `name`.
Status CheckScaleReplicas(int64_t replicas, const std::string& name);

// The parent to store after applying `config` (an autoscaling/v1 Scale) by
// `manager` through /scale. `scale_manager` is the FieldManager of the Scale
// kind for subresource "scale"; `parent_api_version` the parent's ("apps/v1").
StatusOr<boost::json::object> ApplyThroughScale(
    const api::managedfields::FieldManager& scale_manager, const boost::json::object& parent,
    std::string_view parent_api_version, const boost::json::object& config,
    std::string_view manager, bool force);

}  // namespace kubepp::apiserver
