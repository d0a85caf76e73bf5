// "podgc": removes pods nobody else will, every 20 s, as
// upstream's PodGC does (force deletion, grace period 0):
//   - finished pods (Succeeded/Failed) beyond terminated_pod_gc_threshold,
//     oldest first (0 turns this off);
//   - pods bound to a node that no longer exists, once the node has been
//     missing for a 40 s quarantine and a live lookup confirms it; they are
//     first marked Failed with a DisruptionTarget condition;
//   - terminating pods that were never scheduled.
#pragma once

#include "controllers/controller.h"

namespace kubepp::controllers {

ControllerRegistration MakePodGcRegistration();

inline constexpr std::chrono::seconds kPodGcPeriod{20};
inline constexpr std::chrono::seconds kOrphanQuarantine{40};

}  // namespace kubepp::controllers
