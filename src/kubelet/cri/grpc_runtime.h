// Connecting to a CRI v1 runtime (containerd) over gRPC on its unix socket.
//
//   auto cri = cri::ConnectCri("unix:///run/containerd/containerd.sock");
//   if (!cri.ok()) ...;
//   auto version = cri->runtime->Version({});
//
// Connecting checks that the runtime answers runtime.v1.RuntimeService/Version within
// `connect_timeout` (waiting for the socket to appear meanwhile), as upstream's kubelet
// validates its runtime before use. Afterwards every call carries a deadline: `request_timeout`
// for most calls (upstream's --runtime-request-timeout, 2 minutes), `request_timeout` plus the
// request's own timeout for StopContainer and ExecSync (so the runtime has time to clean up
// after the command's deadline), `pull_timeout` for PullImage.
//
// Thread safety: the returned services are safe to call from any thread, concurrently.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "kubelet/cri/image_service.h"
#include "kubelet/cri/runtime_service.h"

namespace kubepp::kubelet::cri {

struct ConnectOptions {
  std::chrono::milliseconds connect_timeout = std::chrono::seconds(10);
  std::chrono::milliseconds request_timeout = std::chrono::minutes(2);
  std::chrono::milliseconds pull_timeout = std::chrono::minutes(15);
};

// Both services over one channel.
struct CriClients {
  std::unique_ptr<RuntimeService> runtime;
  std::unique_ptr<ImageService> images;
};

// `endpoint` is "unix:///path/to.sock" or a plain absolute path.
StatusOr<CriClients> ConnectCri(std::string_view endpoint, const ConnectOptions& options = {});
StatusOr<std::unique_ptr<RuntimeService>> ConnectRuntime(std::string_view endpoint,
                                                         const ConnectOptions& options = {});
StatusOr<std::unique_ptr<ImageService>> ConnectImages(std::string_view endpoint,
                                                      const ConnectOptions& options = {});

// The gRPC target for an endpoint: "unix:///path". BadRequest for anything but a unix socket
// (CRI runtimes on Linux listen on unix sockets only).
StatusOr<std::string> GrpcTargetForEndpoint(std::string_view endpoint);

}  // namespace kubepp::kubelet::cri
