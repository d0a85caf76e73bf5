// The sandboxes and containers whose stats the Summary API reports, as
// upstream's CRI stats provider picks them (getPodAndContainerMaps):
//
//  - sandboxes: every sandbox, except that when several share a pod's
//    name and namespace (a recreated sandbox, or a pod recreated under the
//    same name) only the ready ones stay, or the newest if none is ready;
//  - containers: the running ones.
//
// Thread safety: pure functions (ListRuntimePods calls the runtime).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "kubelet/cri/runtime_service.h"

namespace kubepp::kubelet::stats {

struct RuntimePods {
  std::map<std::string, runtime::v1::PodSandbox> sandboxes;  // by sandbox ID
  std::map<std::string, runtime::v1::Container> containers;  // by container ID
};

std::vector<runtime::v1::PodSandbox> RemoveTerminatedPods(
    std::vector<runtime::v1::PodSandbox> sandboxes);

// Unavailable when the runtime cannot list its sandboxes or containers.
StatusOr<RuntimePods> ListRuntimePods(cri::RuntimeService& runtime);

}  // namespace kubepp::kubelet::stats
