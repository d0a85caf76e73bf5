// What the container runtime holds for one pod, in the kubelet's own terms:
// its sandboxes and containers with their states, read back from CRI and
// tagged by the labels and annotations the kubelet put on them at creation
// (kuberuntime/labels.h). Everything the kubelet decides — what to start,
// kill or restart, and the status it reports — is computed from this plus
// the Pod object, so a restarted kubelet needs no state of its own.
//
// Plain values; safe to copy between threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.h"

namespace kubepp::kubelet {

enum class ContainerState { kCreated, kRunning, kExited, kUnknown };

struct ContainerRuntimeStatus {
  std::string id;  // the runtime's container id (without "containerd://")
  std::string name;
  std::string sandbox_id;
  ContainerState state = ContainerState::kUnknown;
  Clock::TimePoint created_at{};
  Clock::TimePoint started_at{};   // epoch when it never started
  Clock::TimePoint finished_at{};  // epoch unless exited
  int32_t exit_code = 0;
  std::string reason;   // from the runtime: "OOMKilled", "Error", "Completed", ...
  std::string message;
  std::string image;      // as the pod spec named it
  std::string image_ref;  // what it resolved to (imageID)
  uint64_t hash = 0;      // of the container spec it was created from
  int restart_count = 0;
  std::string log_path;
  std::string termination_message_path;  // on the host
  int64_t termination_grace_period = 30;
};

struct SandboxRuntimeStatus {
  std::string id;
  bool ready = false;
  uint32_t attempt = 0;
  Clock::TimePoint created_at{};
  std::string ip;
  std::vector<std::string> additional_ips;
  bool host_network = false;
};

struct PodRuntimeStatus {
  std::string uid, name, ns;
  std::vector<SandboxRuntimeStatus> sandboxes;    // newest first
  std::vector<ContainerRuntimeStatus> containers;  // newest first

  // The newest instance of container `name`, or nullptr.
  const ContainerRuntimeStatus* Newest(const std::string& name) const;
  // The instance before the newest one, or nullptr ("lastState").
  const ContainerRuntimeStatus* Previous(const std::string& name) const;
  bool Empty() const { return sandboxes.empty() && containers.empty(); }
  // A container runs or a sandbox is ready: the pod is not stopped.
  bool AnythingRunning() const;
};

}  // namespace kubepp::kubelet
