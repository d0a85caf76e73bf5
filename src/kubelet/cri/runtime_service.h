// RuntimeService: the kubelet's view of a CRI v1 container runtime (pod sandboxes and their
// containers). One method per RPC of runtime.v1.RuntimeService, taking and returning the wire
// messages, so that kubelet logic and its tests speak exactly what containerd speaks.
//
// Errors: every failure is a kubepp::Status. A runtime's NotFound stays IsNotFound() (the
// kubelet treats a vanished sandbox or container as already gone); a call that ran past its
// deadline is Reason::kTimeout; an unreachable runtime is Reason::kUnavailable. The message
// keeps the runtime's own text ("rpc error: code = NotFound desc = ..."), which the kubelet
// copies into container statuses and events as upstream does.
//
// Deadlines are the implementation's business (see cri/grpc_runtime.h): most calls get the
// runtime request timeout, StopContainer and ExecSync get that plus their own timeout.
//
// Thread safety: implementations are safe to call from any thread, concurrently.
#pragma once

#include "base/status.h"
#include "cri/v1/api.pb.h"

namespace kubepp::kubelet::cri {

namespace v1 = ::runtime::v1;

class RuntimeService {
 public:
  virtual ~RuntimeService() = default;

  // The runtime's name and version; also proves it serves CRI v1.
  virtual StatusOr<v1::VersionResponse> Version(const v1::VersionRequest& request) = 0;

  // --- Pod sandboxes ---
  // Creates the sandbox (pause container, network namespace, CNI) and leaves it ready.
  virtual StatusOr<v1::RunPodSandboxResponse> RunPodSandbox(const v1::RunPodSandboxRequest& request) = 0;
  // Kills the sandbox's containers and releases its network. Idempotent.
  virtual StatusOr<v1::StopPodSandboxResponse> StopPodSandbox(const v1::StopPodSandboxRequest& request) = 0;
  // Removes a stopped sandbox and its containers. Idempotent.
  virtual StatusOr<v1::RemovePodSandboxResponse> RemovePodSandbox(
      const v1::RemovePodSandboxRequest& request) = 0;
  // NotFound when the sandbox does not exist.
  virtual StatusOr<v1::PodSandboxStatusResponse> PodSandboxStatus(
      const v1::PodSandboxStatusRequest& request) = 0;
  virtual StatusOr<v1::ListPodSandboxResponse> ListPodSandbox(const v1::ListPodSandboxRequest& request) = 0;

  // --- Containers ---
  // NotFound when the sandbox or the image is missing.
  virtual StatusOr<v1::CreateContainerResponse> CreateContainer(const v1::CreateContainerRequest& request) = 0;
  virtual StatusOr<v1::StartContainerResponse> StartContainer(const v1::StartContainerRequest& request) = 0;
  // SIGTERM, then SIGKILL after request.timeout() seconds. Idempotent.
  virtual StatusOr<v1::StopContainerResponse> StopContainer(const v1::StopContainerRequest& request) = 0;
  // Removes the container, killing it if it still runs. Idempotent.
  virtual StatusOr<v1::RemoveContainerResponse> RemoveContainer(const v1::RemoveContainerRequest& request) = 0;
  virtual StatusOr<v1::ListContainersResponse> ListContainers(const v1::ListContainersRequest& request) = 0;
  // NotFound when the container does not exist.
  virtual StatusOr<v1::ContainerStatusResponse> ContainerStatus(const v1::ContainerStatusRequest& request) = 0;
  virtual StatusOr<v1::UpdateContainerResourcesResponse> UpdateContainerResources(
      const v1::UpdateContainerResourcesRequest& request) = 0;
  virtual StatusOr<v1::ReopenContainerLogResponse> ReopenContainerLog(
      const v1::ReopenContainerLogRequest& request) = 0;

  // --- Commands and streams ---
  // Runs request.cmd() in the container to completion; request.timeout() (seconds, 0 = none)
  // bounds the command. A command that runs but fails is OK with a non-zero exit_code.
  virtual StatusOr<v1::ExecSyncResponse> ExecSync(const v1::ExecSyncRequest& request) = 0;
  // The streaming calls only return the URL of the runtime's stream server.
  virtual StatusOr<v1::ExecResponse> Exec(const v1::ExecRequest& request) = 0;
  virtual StatusOr<v1::AttachResponse> Attach(const v1::AttachRequest& request) = 0;
  virtual StatusOr<v1::PortForwardResponse> PortForward(const v1::PortForwardRequest& request) = 0;

  // --- Stats ---
  virtual StatusOr<v1::ContainerStatsResponse> ContainerStats(const v1::ContainerStatsRequest& request) = 0;
  virtual StatusOr<v1::ListContainerStatsResponse> ListContainerStats(
      const v1::ListContainerStatsRequest& request) = 0;
  // Optional in CRI: a runtime without it answers Reason::kMethodNotAllowed (gRPC Unimplemented).
  virtual StatusOr<v1::PodSandboxStatsResponse> PodSandboxStats(const v1::PodSandboxStatsRequest& request) = 0;
  virtual StatusOr<v1::ListPodSandboxStatsResponse> ListPodSandboxStats(
      const v1::ListPodSandboxStatsRequest& request) = 0;

  // --- The runtime itself ---
  // Hands the runtime the node's pod CIDR.
  virtual StatusOr<v1::UpdateRuntimeConfigResponse> UpdateRuntimeConfig(
      const v1::UpdateRuntimeConfigRequest& request) = 0;
  // RuntimeReady and NetworkReady conditions. (Named after the RPC; inside implementations
  // spell kubepp's status type kubepp::Status.)
  virtual StatusOr<v1::StatusResponse> Status(const v1::StatusRequest& request) = 0;
};

}  // namespace kubepp::kubelet::cri
