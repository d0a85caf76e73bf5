// Which container instance `kubectl logs` reads, chosen from the pod's status
// as upstream's kubelet does (validateContainerLogStatus): the previous
// (last terminated) instance when asked for, else the running one, else the
// terminated one, else the last terminated one — or an error a user can act
// on ("container \"c\" in pod \"p\" is waiting to start: ContainerCreating").
// The kubelet then asks the runtime for that container's log path.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "base/status.h"

namespace kubepp::kubelet::logs {

// The containerID ("containerd://0a1b...") whose log to read, searching the
// regular, init and ephemeral container statuses of `pod_status` (a v1
// PodStatus). Errors are BadRequest with upstream's messages.
StatusOr<std::string> ContainerIdForLogs(const boost::json::object& pod_status, std::string_view pod_name,
                                         std::string_view container_name, bool previous);

}  // namespace kubepp::kubelet::logs
