// What every container of a pod shares with its sandbox, as upstream's
// kubelet derives it for both (namespacesForPod and the pod-level part of
// the effective security context):
//
//   namespaces         network and IPC: the node's with hostNetwork /
//                      hostIPC, else the pod's; PID: the node's with hostPID,
//                      the pod's with shareProcessNamespace, else each
//                      container's own
//   supplemental groups securityContext.supplementalGroups, then fsGroup
//
// Pure functions; safe from any thread.
#pragma once

#include <boost/json/object.hpp>

#include "cri/v1/api.pb.h"

namespace kubepp::kubelet {

runtime::v1::NamespaceOption PodNamespaceOptions(const boost::json::object& pod);

// Appends the pod's supplemental groups to `groups` (a CRI security context's).
void AddPodSupplementalGroups(const boost::json::object& pod,
                              google::protobuf::RepeatedField<int64_t>* groups);

}  // namespace kubepp::kubelet
