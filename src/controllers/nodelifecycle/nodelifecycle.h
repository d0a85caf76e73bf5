// "nodelifecycle": watches that every Node's kubelet is alive and acts
// when one is not, as upstream's node lifecycle controller (with
// taint-based eviction) does. Every node_monitor_period it
//   - notes each node's heartbeats: its Lease in kube-node-lease being
//     renewed, or its Ready condition's lastHeartbeatTime moving;
//   - after node_monitor_grace_period without one (60 s for a node that
//     never reported), sets Ready, MemoryPressure, DiskPressure and
//     PIDPressure to Unknown ("NodeStatusUnknown", "Kubelet stopped posting
//     node status.") and marks the node's pods Ready=False;
//   - keeps the condition taints: not-ready / unreachable as NoSchedule and
//     NoExecute, memory/disk/pid-pressure and network-unavailable as
//     NoSchedule, and node.kubernetes.io/unschedulable:NoSchedule for
//     spec.unschedulable;
//   - evicts (deletes) pods on nodes with NoExecute taints they do not
//     tolerate, at once, or once the shortest matching tolerationSeconds
//     has passed since the taint's timeAdded (for a taint without one,
//     since this controller first saw it), after marking them with a
//     DisruptionTarget condition. Upstream runs this part as the separate
//     taint-eviction-controller.
#pragma once

#include "controllers/controller.h"

namespace kubepp::controllers {

ControllerRegistration MakeNodeLifecycleRegistration();

}  // namespace kubepp::controllers
