// Downward API resource fields (env valueFrom.resourceFieldRef and
// downwardAPI volume items): a container's requests or limits of cpu,
// memory, ephemeral-storage or hugepages-<size>, divided by a divisor and
// rounded up, as upstream's pkg/api/v1/resource helpers of v1.32.
//
//   limits.cpu with divisor 1m of a 250m limit -> "250"
//   requests.memory with divisor 1Mi of 1.5Mi  -> "2"
//
// A container without a cpu, memory or ephemeral-storage limit reports the
// node's allocatable amount instead (MergeContainerResourceLimits), so a
// process can always size itself from limits.*.
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "api/quantity/quantity.h"
#include "base/status.h"

namespace kubepp::kubelet::fieldpath {

// Resource name ("cpu", "memory", ...) -> amount, like upstream's v1.ResourceList.
using ResourceList = std::map<std::string, api::Quantity, std::less<>>;

// `selector` is a ResourceFieldSelector ({resource, containerName, divisor}).
// Errors: "unsupported container resource : X".
StatusOr<std::string> ExtractContainerResourceValue(const boost::json::object& selector,
                                                    const boost::json::object& container);

// The same for the container of `pod` named `container_name` (containers,
// then init containers). Error: "container X not found".
StatusOr<std::string> ExtractResourceValueByContainerName(const boost::json::object& selector,
                                                          const boost::json::object& pod,
                                                          std::string_view container_name);

// A copy of `container` whose missing or zero cpu, memory and
// ephemeral-storage limits are replaced by `allocatable`'s amounts.
boost::json::object MergeContainerResourceLimits(const boost::json::object& container,
                                                 const ResourceList& allocatable);

// A copy of `pod` with MergeContainerResourceLimits applied to every
// container and init container (upstream's defaultPodLimitsForDownwardAPI).
boost::json::object DefaultPodLimitsForDownwardApi(const boost::json::object& pod,
                                                   const ResourceList& allocatable);

}  // namespace kubepp::kubelet::fieldpath
