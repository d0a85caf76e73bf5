#include "kubelet/cri/grpc_runtime.h"

#include <grpcpp/grpcpp.h>

#include <utility>

#include "cri/v1/api.grpc.pb.h"
#include "kubelet/cri/grpc_status.h"

namespace kubepp::kubelet::cri {
namespace {

using Millis = std::chrono::milliseconds;

// Upstream's kubelet accepts CRI messages up to 16 MiB (ExecSync output is capped at that).
constexpr int kMaxMessageBytes = 16 * 1024 * 1024;

// Calls one unary RPC with a deadline `timeout` from now (none when zero or negative).
template <typename Response, typename Stub, typename Request>
StatusOr<Response> Unary(Stub& stub,
                         grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                         const Request& request, Millis timeout, bool wait_for_ready = false) {
  grpc::ClientContext context;
  if (timeout.count() > 0) context.set_deadline(std::chrono::system_clock::now() + timeout);
  if (wait_for_ready) context.set_wait_for_ready(true);
  Response response;
  grpc::Status status = (stub.*method)(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(static_cast<int>(status.error_code()), status.error_message());
  return response;
}

// The request timeout plus `seconds` of the caller's own; zero seconds means "no limit" for
// ExecSync, which then gets no deadline at all.
Millis PlusSeconds(Millis base, int64_t seconds) { return base + std::chrono::seconds(seconds); }

class GrpcRuntimeService : public RuntimeService {
 public:
  GrpcRuntimeService(std::shared_ptr<grpc::Channel> channel, const ConnectOptions& options)
      : channel_(std::move(channel)), stub_(v1::RuntimeService::NewStub(channel_)), options_(options) {}

  // Waits up to connect_timeout for the runtime to answer Version.
  kubepp::Status Validate() {
    v1::VersionRequest request;
    request.set_version("v1");
    auto version = Unary(*stub_, &Stub::Version, request, options_.connect_timeout, /*wait_for_ready=*/true);
    return version.status();
  }

  // --- RuntimeService ---
  StatusOr<v1::VersionResponse> Version(const v1::VersionRequest& r) override {
    return Unary(*stub_, &Stub::Version, r, timeout());
  }
  StatusOr<v1::RunPodSandboxResponse> RunPodSandbox(const v1::RunPodSandboxRequest& r) override {
    return Unary(*stub_, &Stub::RunPodSandbox, r, timeout());
  }
  StatusOr<v1::StopPodSandboxResponse> StopPodSandbox(const v1::StopPodSandboxRequest& r) override {
    return Unary(*stub_, &Stub::StopPodSandbox, r, timeout());
  }
  StatusOr<v1::RemovePodSandboxResponse> RemovePodSandbox(const v1::RemovePodSandboxRequest& r) override {
    return Unary(*stub_, &Stub::RemovePodSandbox, r, timeout());
  }
  StatusOr<v1::PodSandboxStatusResponse> PodSandboxStatus(const v1::PodSandboxStatusRequest& r) override {
    return Unary(*stub_, &Stub::PodSandboxStatus, r, timeout());
  }
  StatusOr<v1::ListPodSandboxResponse> ListPodSandbox(const v1::ListPodSandboxRequest& r) override {
    return Unary(*stub_, &Stub::ListPodSandbox, r, timeout());
  }
  StatusOr<v1::CreateContainerResponse> CreateContainer(const v1::CreateContainerRequest& r) override {
    return Unary(*stub_, &Stub::CreateContainer, r, timeout());
  }
  StatusOr<v1::StartContainerResponse> StartContainer(const v1::StartContainerRequest& r) override {
    return Unary(*stub_, &Stub::StartContainer, r, timeout());
  }
  StatusOr<v1::StopContainerResponse> StopContainer(const v1::StopContainerRequest& r) override {
    return Unary(*stub_, &Stub::StopContainer, r, PlusSeconds(timeout(), r.timeout()));
  }
  StatusOr<v1::RemoveContainerResponse> RemoveContainer(const v1::RemoveContainerRequest& r) override {
    return Unary(*stub_, &Stub::RemoveContainer, r, timeout());
  }
  StatusOr<v1::ListContainersResponse> ListContainers(const v1::ListContainersRequest& r) override {
    return Unary(*stub_, &Stub::ListContainers, r, timeout());
  }
  StatusOr<v1::ContainerStatusResponse> ContainerStatus(const v1::ContainerStatusRequest& r) override {
    return Unary(*stub_, &Stub::ContainerStatus, r, timeout());
  }
  StatusOr<v1::UpdateContainerResourcesResponse> UpdateContainerResources(
      const v1::UpdateContainerResourcesRequest& r) override {
    return Unary(*stub_, &Stub::UpdateContainerResources, r, timeout());
  }
  StatusOr<v1::ReopenContainerLogResponse> ReopenContainerLog(const v1::ReopenContainerLogRequest& r) override {
    return Unary(*stub_, &Stub::ReopenContainerLog, r, timeout());
  }
  StatusOr<v1::ExecSyncResponse> ExecSync(const v1::ExecSyncRequest& r) override {
    Millis deadline = r.timeout() > 0 ? PlusSeconds(timeout(), r.timeout()) : Millis(0);
    return Unary(*stub_, &Stub::ExecSync, r, deadline);
  }
  StatusOr<v1::ExecResponse> Exec(const v1::ExecRequest& r) override {
    return Unary(*stub_, &Stub::Exec, r, timeout());
  }
  StatusOr<v1::AttachResponse> Attach(const v1::AttachRequest& r) override {
    return Unary(*stub_, &Stub::Attach, r, timeout());
  }
  StatusOr<v1::PortForwardResponse> PortForward(const v1::PortForwardRequest& r) override {
    return Unary(*stub_, &Stub::PortForward, r, timeout());
  }
  StatusOr<v1::ContainerStatsResponse> ContainerStats(const v1::ContainerStatsRequest& r) override {
    return Unary(*stub_, &Stub::ContainerStats, r, timeout());
  }
  StatusOr<v1::ListContainerStatsResponse> ListContainerStats(const v1::ListContainerStatsRequest& r) override {
    return Unary(*stub_, &Stub::ListContainerStats, r, timeout());
  }
  StatusOr<v1::PodSandboxStatsResponse> PodSandboxStats(const v1::PodSandboxStatsRequest& r) override {
    return Unary(*stub_, &Stub::PodSandboxStats, r, timeout());
  }
  StatusOr<v1::ListPodSandboxStatsResponse> ListPodSandboxStats(const v1::ListPodSandboxStatsRequest& r) override {
    return Unary(*stub_, &Stub::ListPodSandboxStats, r, timeout());
  }
  StatusOr<v1::UpdateRuntimeConfigResponse> UpdateRuntimeConfig(const v1::UpdateRuntimeConfigRequest& r) override {
    return Unary(*stub_, &Stub::UpdateRuntimeConfig, r, timeout());
  }
  StatusOr<v1::StatusResponse> Status(const v1::StatusRequest& r) override {
    return Unary(*stub_, &Stub::Status, r, timeout());
  }

 private:
  using Stub = v1::RuntimeService::Stub;
  Millis timeout() const { return options_.request_timeout; }

  // Constant after construction.
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<Stub> stub_;
  ConnectOptions options_;
};

class GrpcImageService : public ImageService {
 public:
  GrpcImageService(std::shared_ptr<grpc::Channel> channel, const ConnectOptions& options)
      : channel_(std::move(channel)), stub_(v1::ImageService::NewStub(channel_)), options_(options) {}

  // --- ImageService ---
  StatusOr<v1::ListImagesResponse> ListImages(const v1::ListImagesRequest& r) override {
    return Unary(*stub_, &Stub::ListImages, r, options_.request_timeout);
  }
  StatusOr<v1::ImageStatusResponse> ImageStatus(const v1::ImageStatusRequest& r) override {
    return Unary(*stub_, &Stub::ImageStatus, r, options_.request_timeout);
  }
  StatusOr<v1::PullImageResponse> PullImage(const v1::PullImageRequest& r) override {
    return Unary(*stub_, &Stub::PullImage, r, options_.pull_timeout);
  }
  StatusOr<v1::RemoveImageResponse> RemoveImage(const v1::RemoveImageRequest& r) override {
    return Unary(*stub_, &Stub::RemoveImage, r, options_.request_timeout);
  }
  StatusOr<v1::ImageFsInfoResponse> ImageFsInfo(const v1::ImageFsInfoRequest& r) override {
    return Unary(*stub_, &Stub::ImageFsInfo, r, options_.request_timeout);
  }

 private:
  using Stub = v1::ImageService::Stub;

  // Constant after construction.
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<Stub> stub_;
  ConnectOptions options_;
};

StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(std::string_view endpoint) {
  auto target = GrpcTargetForEndpoint(endpoint);
  if (!target.ok()) return target.status();
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxMessageBytes);
  args.SetMaxSendMessageSize(kMaxMessageBytes);
  return grpc::CreateCustomChannel(*target, grpc::InsecureChannelCredentials(), args);
}

// The channel must reach a runtime serving CRI v1 before anyone uses it.
StatusOr<std::unique_ptr<GrpcRuntimeService>> ValidatedRuntime(std::shared_ptr<grpc::Channel> channel,
                                                               std::string_view endpoint,
                                                               const ConnectOptions& options) {
  auto runtime = std::make_unique<GrpcRuntimeService>(std::move(channel), options);
  kubepp::Status status = runtime->Validate();
  if (!status.ok()) {
    return kubepp::Status(status.reason(), "CRI v1 runtime at " + std::string(endpoint) +
                                               " did not answer Version: " + status.message());
  }
  return runtime;
}

}  // namespace

StatusOr<std::string> GrpcTargetForEndpoint(std::string_view endpoint) {
  constexpr std::string_view kUnixScheme = "unix://";
  std::string_view path = endpoint;
  if (endpoint.substr(0, kUnixScheme.size()) == kUnixScheme) {
    path = endpoint.substr(kUnixScheme.size());
  } else if (endpoint.find("://") != std::string_view::npos) {
    return kubepp::Status::BadRequest("container runtime endpoint \"" + std::string(endpoint) +
                                      "\": only unix:// sockets are supported");
  }
  if (path.empty() || path.front() != '/') {
    return kubepp::Status::BadRequest("container runtime endpoint \"" + std::string(endpoint) +
                                      "\": the socket path must be absolute");
  }
  return "unix://" + std::string(path);
}

StatusOr<CriClients> ConnectCri(std::string_view endpoint, const ConnectOptions& options) {
  auto channel = OpenChannel(endpoint);
  if (!channel.ok()) return channel.status();
  auto runtime = ValidatedRuntime(*channel, endpoint, options);
  if (!runtime.ok()) return runtime.status();
  CriClients clients;
  clients.runtime = std::move(*runtime);
  clients.images = std::make_unique<GrpcImageService>(*channel, options);
  return clients;
}

StatusOr<std::unique_ptr<RuntimeService>> ConnectRuntime(std::string_view endpoint, const ConnectOptions& options) {
  auto channel = OpenChannel(endpoint);
  if (!channel.ok()) return channel.status();
  auto runtime = ValidatedRuntime(*channel, endpoint, options);
  if (!runtime.ok()) return runtime.status();
  return std::unique_ptr<RuntimeService>(std::move(*runtime));
}

StatusOr<std::unique_ptr<ImageService>> ConnectImages(std::string_view endpoint, const ConnectOptions& options) {
  auto channel = OpenChannel(endpoint);
  if (!channel.ok()) return channel.status();
  // Images have no Version of their own; the runtime's answer proves the socket serves CRI v1.
  auto runtime = ValidatedRuntime(*channel, endpoint, options);
  if (!runtime.ok()) return runtime.status();
  return std::unique_ptr<ImageService>(std::make_unique<GrpcImageService>(*channel, options));
}

}  // namespace kubepp::kubelet::cri
