// PodRuntimeStatus: what the prober needs to know about a pod's containers
// right now — the kubelet's status manager's view, not the API's, so probes
// react to a container restart before the status is written:
//   phase (a Succeeded/Failed pod stops its workers), the pod IP (the host
//   of httpGet/tcpSocket/grpc probes), and per container its id (a new id is
//   a restart: results start over), whether it is waiting, running or
//   terminated, and when it started running (initialDelaySeconds counts from
//   there).
// PodRuntimeStatusFromJson reads the same out of a v1 PodStatus.
//
// Thread safety: plain values and a pure function.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "base/clock.h"

namespace kubepp::kubelet::prober {

struct ContainerRuntimeStatus {
  enum class State { kWaiting, kRunning, kTerminated };

  std::string name;
  std::string container_id;  // "containerd://<id>"; "" while not created
  State state = State::kWaiting;
  Clock::TimePoint started_at{};  // when running
};

struct PodRuntimeStatus {
  std::string phase;  // "Pending", "Running", "Succeeded", "Failed"
  std::string pod_ip;
  std::vector<ContainerRuntimeStatus> containers;
  std::vector<ContainerRuntimeStatus> init_containers;
};

// The kubelet's current status of the pod with this uid; nullopt when it has
// none (not created yet, or gone).
using PodStatusProvider = std::function<std::optional<PodRuntimeStatus>(std::string_view pod_uid)>;

// From a v1 PodStatus (phase, podIP, containerStatuses, initContainerStatuses).
PodRuntimeStatus PodRuntimeStatusFromJson(const boost::json::object& pod_status);

}  // namespace kubepp::kubelet::prober
