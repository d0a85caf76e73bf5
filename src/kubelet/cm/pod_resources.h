// Pod-level resource totals, as upstream's resource.PodLimits and
// cm.ResourceConfigForPod compute them for the pod cgroup (v1.32): regular
// containers and restartable init containers ("sidecars") run together and
// add up; a regular init container runs alone next to the sidecars started
// before it; the pod needs the larger of the two, plus spec.overhead.
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

#include "api/quantity/quantity.h"

namespace kubepp::kubelet::cm {

// The pod's limit of `resource` (upstream's PodLimits for one name): nullopt
// when no container or init container sets one. Overhead is added to a limit
// that exists only.
std::optional<api::Quantity> PodLimit(const boost::json::object& pod, std::string_view resource);

// The pod cgroup's memory limit in bytes: set for Guaranteed pods, and for
// Burstable pods whose every container and init container has a memory
// limit; nullopt otherwise (the pod may use what the node has).
std::optional<int64_t> PodMemoryLimit(const boost::json::object& pod);

}  // namespace kubepp::kubelet::cm
