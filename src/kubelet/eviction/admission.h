// Which pods a node under pressure still admits (upstream's eviction admit
// handler):
//   - every pod while no pressure condition holds;
//   - critical pods (static, mirror, or system-critical priority) always;
//   - under memory pressure alone: pods that are not BestEffort, and
//     BestEffort pods tolerating node.kubernetes.io/memory-pressure:NoSchedule;
//   - nothing else (disk or PID pressure refuse every other pod).
// A refusal has reason "Evicted" and message "The node had condition: [...]. ".
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "kubelet/lifecycle/pod_admission.h"

namespace kubepp::kubelet::eviction {

inline constexpr std::string_view kEvictedReason = "Evicted";

// `node_conditions` are the pressure conditions the eviction manager holds.
PodAdmitResult AdmitUnderPressure(const std::vector<std::string>& node_conditions,
                                  const boost::json::object& pod);

}  // namespace kubepp::kubelet::eviction
