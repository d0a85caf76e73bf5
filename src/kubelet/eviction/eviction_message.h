// The message of an evicted pod's status and its "Evicted" event, worded as
// upstream's evictionMessage:
//
//   The node was low on resource: memory. Threshold quantity: 100Mi, available: 51304Ki.
//   Container web was using 180Mi, request is 64Mi, has larger consumption of memory.
//
// (one string; each sentence ends with ". "). Containers are named when they
// use more than they request of the resource (memory: working set;
// ephemeral-storage: writable layer plus logs).
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kubelet/eviction/observations.h"
#include "kubelet/eviction/summary.h"
#include "kubelet/eviction/thresholds.h"

namespace kubepp::kubelet::eviction {

// `stats` may be null (then only the node's part is written). `thresholds`
// are the met ones; the first that reclaims `resource` and has an
// observation gives the threshold and available amounts.
std::string EvictionMessage(std::string_view resource, const boost::json::object& pod,
                            const PodStats* stats, const std::vector<Threshold>& thresholds,
                            const Observations& observations);

// Why a pod is not admitted under pressure: "The node had condition: [MemoryPressure]. ".
std::string NodeConditionMessage(const std::vector<std::string>& conditions);

}  // namespace kubepp::kubelet::eviction
