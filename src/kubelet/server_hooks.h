// What the kubelet's HTTPS API (kubelet/server) serves, answered from the
// kubelet's own state as upstream's kubelet answers it:
//
//  * /pods and pod lookups: the pods the pod workers hold;
//  * /containerLogs: the instance chosen from the status the kubelet last
//    computed for the pod (kubelet/logs/log_container.h), its log path from
//    the runtime's ContainerStatus ("unable to retrieve container logs for
//    containerd://..." when the runtime does not know it), followed while
//    the runtime reports it running;
//  * exec and attach: the running container of that name (`container not
//    found ("c")` otherwise) and the runtime's Exec/Attach URL; port-forward:
//    the pod's newest sandbox (`pod not found ("name_namespace")`) and the
//    runtime's PortForward URL. gRPC NotFound from the runtime stays
//    NotFound (404).
//
// Thread safety: the hooks may run on any thread; the functions in
// KubeletState must be thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"
#include "client/object.h"
#include "kubelet/container/runtime_status.h"
#include "kubelet/cri/runtime_service.h"
#include "kubelet/server/kubelet_server.h"

namespace kubepp::kubelet {

struct KubeletState {
  // The pods this kubelet runs.
  std::function<std::vector<client::ObjectPtr>()> pods;
  // The status the kubelet last computed for a pod (by uid), if any.
  std::function<std::optional<boost::json::object>(const std::string& uid)> last_status;
  // What the runtime holds for a pod (by uid).
  std::function<StatusOr<PodRuntimeStatus>(const std::string& uid)> runtime_status;
};

// REQUIRES: `runtime` outlives the hooks.
server::KubeletServerHooks MakeServerHooks(KubeletState state, cri::RuntimeService& runtime);

}  // namespace kubepp::kubelet
