// The oom_score_adj a container's processes run with, as upstream's
// pkg/kubelet/qos/policy.go (v1.32). The kernel kills the process with the
// highest score first; the score adds oom_score_adj to ~1000 x the share of
// memory a process uses.
//
//   node-critical pods (static or mirror pods, or priority >= 2000000000,
//   with priorityClassName system-node-critical)          -997
//   Guaranteed                                            -997
//   BestEffort                                            1000
//   Burstable    1000 - 1000 * memory request / node memory capacity,
//                clamped to [3, 999] (3 = 1000 + guaranteed's -997, so a
//                Burstable container is never protected like a Guaranteed
//                one; 999 keeps it above BestEffort). A sidecar (restartable
//                init container) scores no higher than the regular
//                container with the smallest memory request.
//
// The kubelet itself and kube-proxy run at -999.
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>

namespace kubepp::kubelet::qos {

inline constexpr int kKubeletOomScoreAdj = -999;
inline constexpr int kKubeProxyOomScoreAdj = -999;
inline constexpr int kGuaranteedOomScoreAdj = -997;
inline constexpr int kBestEffortOomScoreAdj = 1000;

// REQUIRES: memory_capacity > 0 (the node's memory in bytes).
int ContainerOomScoreAdjust(const boost::json::object& pod, const boost::json::object& container,
                            int64_t memory_capacity);

// Static pods (annotation kubernetes.io/config.source other than "api"),
// mirror pods (kubernetes.io/config.mirror) and pods with a system-critical
// priority (>= 2000000000).
bool IsCriticalPod(const boost::json::object& pod);
// A critical pod whose priorityClassName is system-node-critical.
bool IsNodeCriticalPod(const boost::json::object& pod);

}  // namespace kubepp::kubelet::qos
