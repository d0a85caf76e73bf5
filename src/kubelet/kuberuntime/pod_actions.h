// What the kubelet must do to bring a pod's containers in line with its
// spec — upstream's computePodActions: given the Pod and what the runtime
// holds for it, decide whether to (re)create the sandbox, which init
// container runs next, which app containers to start and which to kill.
//
// Pure functions of their inputs; safe from any thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "kubelet/container/runtime_status.h"

namespace kubepp::kubelet {

struct ContainerToKill {
  std::string id;
  std::string name;
  std::string message;  // why, for the Killing event
  bool unhealthy = false;  // killed for a failed liveness/startup probe
};

struct PodActions {
  bool kill_pod = false;        // stop every container and the sandbox first
  bool create_sandbox = false;
  std::string sandbox_id;       // the sandbox to use when not creating one
  uint32_t attempt = 0;         // of the sandbox to create
  // Index into spec.initContainers of the init container to start next.
  std::optional<size_t> next_init_container;
  std::vector<size_t> containers_to_start;  // indexes into spec.containers
  std::vector<ContainerToKill> containers_to_kill;
};

// Probe verdicts the decision depends on: true when the container with
// that runtime id failed its liveness (or startup) probe.
struct ProbeVerdicts {
  std::function<bool(const std::string& container_id)> liveness_failed;
  std::function<bool(const std::string& container_id)> startup_failed;
};

// The hash a container is created with; a running container whose spec
// hash differs is restarted.
uint64_t ContainerHash(const boost::json::object& container);

bool ShouldRestartOnFailure(const boost::json::object& pod);
// Upstream's ShouldContainerBeRestarted.
bool ShouldContainerBeRestarted(const boost::json::object& container, const boost::json::object& pod,
                                const PodRuntimeStatus& status);

PodActions ComputePodActions(const boost::json::object& pod, const PodRuntimeStatus& status,
                             const ProbeVerdicts& probes);

}  // namespace kubepp::kubelet
