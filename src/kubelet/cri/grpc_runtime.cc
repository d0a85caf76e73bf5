#include "kubelet/cri/grpc_runtime.h"

#include <string>
#include <utility>

#include "base/version.h"
#include "cri/v1/api.pb.h"
#include "kubelet/cri/grpc_status.h"
#include "net/grpc/unary_channel.h"

namespace kubepp::kubelet::cri {
namespace {

using Millis = std::chrono::milliseconds;
using Channel = net::grpc::UnaryChannel;

// Upstream's kubelet accepts CRI messages up to 16 MiB (ExecSync output is capped at that).
constexpr size_t kMaxMessageBytes = 16 * 1024 * 1024;

constexpr std::string_view kRuntimeService = "/runtime.v1.RuntimeService/";
constexpr std::string_view kImageService = "/runtime.v1.ImageService/";

// Calls one unary RPC, `service` + `method`, with a deadline `timeout` from now (none when zero
// or negative).
template <typename Response, typename Request>
StatusOr<Response> Unary(Channel& channel, std::string_view service, std::string_view method,
                         const Request& request, Millis timeout, bool wait_for_ready = false) {
  std::string path(service);
  path.append(method);
  std::string bytes;
  if (!request.SerializeToString(&bytes)) {
    return FromGrpcStatus(static_cast<int>(net::grpc::StatusCode::kInternal),
                          "grpc: error while marshaling the request for " + path);
  }
  net::grpc::CallResult result = channel.Call(path, bytes, timeout, wait_for_ready);
  if (!result.ok()) return FromGrpcStatus(static_cast<int>(result.code), result.message);
  Response response;
  if (!response.ParseFromString(result.response)) {
    return FromGrpcStatus(static_cast<int>(net::grpc::StatusCode::kInternal),
                          "grpc: failed to unmarshal the received message of " + path);
  }
  return response;
}

// The request timeout plus `seconds` of the caller's own; zero seconds means "no limit" for
// ExecSync, which then gets no deadline at all.
Millis PlusSeconds(Millis base, int64_t seconds) { return base + std::chrono::seconds(seconds); }

class GrpcRuntimeService : public RuntimeService {
 public:
  GrpcRuntimeService(std::shared_ptr<Channel> channel, const ConnectOptions& options)
      : channel_(std::move(channel)), options_(options) {}

  // Waits up to connect_timeout for the runtime to answer Version.
  kubepp::Status Validate() {
    v1::VersionRequest request;
    request.set_version("v1");
    auto version = Call<v1::VersionResponse>("Version", request, options_.connect_timeout,
                                             /*wait_for_ready=*/true);
    return version.status();
  }

  // --- RuntimeService ---
  StatusOr<v1::VersionResponse> Version(const v1::VersionRequest& r) override {
    return Call<v1::VersionResponse>("Version", r, timeout());
  }
  StatusOr<v1::RunPodSandboxResponse> RunPodSandbox(const v1::RunPodSandboxRequest& r) override {
    return Call<v1::RunPodSandboxResponse>("RunPodSandbox", r, timeout());
  }
  StatusOr<v1::StopPodSandboxResponse> StopPodSandbox(const v1::StopPodSandboxRequest& r) override {
    return Call<v1::StopPodSandboxResponse>("StopPodSandbox", r, timeout());
  }
  StatusOr<v1::RemovePodSandboxResponse> RemovePodSandbox(
      const v1::RemovePodSandboxRequest& r) override {
    return Call<v1::RemovePodSandboxResponse>("RemovePodSandbox", r, timeout());
  }
  StatusOr<v1::PodSandboxStatusResponse> PodSandboxStatus(
      const v1::PodSandboxStatusRequest& r) override {
    return Call<v1::PodSandboxStatusResponse>("PodSandboxStatus", r, timeout());
  }
  StatusOr<v1::ListPodSandboxResponse> ListPodSandbox(const v1::ListPodSandboxRequest& r) override {
    return Call<v1::ListPodSandboxResponse>("ListPodSandbox", r, timeout());
  }
  StatusOr<v1::CreateContainerResponse> CreateContainer(
      const v1::CreateContainerRequest& r) override {
    return Call<v1::CreateContainerResponse>("CreateContainer", r, timeout());
  }
  StatusOr<v1::StartContainerResponse> StartContainer(const v1::StartContainerRequest& r) override {
    return Call<v1::StartContainerResponse>("StartContainer", r, timeout());
  }
  StatusOr<v1::StopContainerResponse> StopContainer(const v1::StopContainerRequest& r) override {
    return Call<v1::StopContainerResponse>("StopContainer", r, PlusSeconds(timeout(), r.timeout()));
  }
  StatusOr<v1::RemoveContainerResponse> RemoveContainer(
      const v1::RemoveContainerRequest& r) override {
    return Call<v1::RemoveContainerResponse>("RemoveContainer", r, timeout());
  }
  StatusOr<v1::ListContainersResponse> ListContainers(const v1::ListContainersRequest& r) override {
    return Call<v1::ListContainersResponse>("ListContainers", r, timeout());
  }
  StatusOr<v1::ContainerStatusResponse> ContainerStatus(
      const v1::ContainerStatusRequest& r) override {
    return Call<v1::ContainerStatusResponse>("ContainerStatus", r, timeout());
  }
  StatusOr<v1::UpdateContainerResourcesResponse> UpdateContainerResources(
      const v1::UpdateContainerResourcesRequest& r) override {
    return Call<v1::UpdateContainerResourcesResponse>("UpdateContainerResources", r, timeout());
  }
  StatusOr<v1::ReopenContainerLogResponse> ReopenContainerLog(
      const v1::ReopenContainerLogRequest& r) override {
    return Call<v1::ReopenContainerLogResponse>("ReopenContainerLog", r, timeout());
  }
  StatusOr<v1::ExecSyncResponse> ExecSync(const v1::ExecSyncRequest& r) override {
    Millis deadline = r.timeout() > 0 ? PlusSeconds(timeout(), r.timeout()) : Millis(0);
    return Call<v1::ExecSyncResponse>("ExecSync", r, deadline);
  }
  StatusOr<v1::ExecResponse> Exec(const v1::ExecRequest& r) override {
    return Call<v1::ExecResponse>("Exec", r, timeout());
  }
  StatusOr<v1::AttachResponse> Attach(const v1::AttachRequest& r) override {
    return Call<v1::AttachResponse>("Attach", r, timeout());
  }
  StatusOr<v1::PortForwardResponse> PortForward(const v1::PortForwardRequest& r) override {
    return Call<v1::PortForwardResponse>("PortForward", r, timeout());
  }
  StatusOr<v1::ContainerStatsResponse> ContainerStats(const v1::ContainerStatsRequest& r) override {
    return Call<v1::ContainerStatsResponse>("ContainerStats", r, timeout());
  }
  StatusOr<v1::ListContainerStatsResponse> ListContainerStats(
      const v1::ListContainerStatsRequest& r) override {
    return Call<v1::ListContainerStatsResponse>("ListContainerStats", r, timeout());
  }
  StatusOr<v1::PodSandboxStatsResponse> PodSandboxStats(
      const v1::PodSandboxStatsRequest& r) override {
    return Call<v1::PodSandboxStatsResponse>("PodSandboxStats", r, timeout());
  }
  StatusOr<v1::ListPodSandboxStatsResponse> ListPodSandboxStats(
      const v1::ListPodSandboxStatsRequest& r) override {
    return Call<v1::ListPodSandboxStatsResponse>("ListPodSandboxStats", r, timeout());
  }
  StatusOr<v1::UpdateRuntimeConfigResponse> UpdateRuntimeConfig(
      const v1::UpdateRuntimeConfigRequest& r) override {
    return Call<v1::UpdateRuntimeConfigResponse>("UpdateRuntimeConfig", r, timeout());
  }
  StatusOr<v1::StatusResponse> Status(const v1::StatusRequest& r) override {
    return Call<v1::StatusResponse>("Status", r, timeout());
  }

 private:
  Millis timeout() const { return options_.request_timeout; }
  template <typename Response, typename Request>
  StatusOr<Response> Call(std::string_view method, const Request& request, Millis timeout,
                          bool wait_for_ready = false) {
    return Unary<Response>(*channel_, kRuntimeService, method, request, timeout, wait_for_ready);
  }

  // Constant after construction.
  std::shared_ptr<Channel> channel_;
  ConnectOptions options_;
};

class GrpcImageService : public ImageService {
 public:
  GrpcImageService(std::shared_ptr<Channel> channel, const ConnectOptions& options)
      : channel_(std::move(channel)), options_(options) {}

  // --- ImageService ---
  StatusOr<v1::ListImagesResponse> ListImages(const v1::ListImagesRequest& r) override {
    return Call<v1::ListImagesResponse>("ListImages", r, options_.request_timeout);
  }
  StatusOr<v1::ImageStatusResponse> ImageStatus(const v1::ImageStatusRequest& r) override {
    return Call<v1::ImageStatusResponse>("ImageStatus", r, options_.request_timeout);
  }
  StatusOr<v1::PullImageResponse> PullImage(const v1::PullImageRequest& r) override {
    return Call<v1::PullImageResponse>("PullImage", r, options_.pull_timeout);
  }
  StatusOr<v1::RemoveImageResponse> RemoveImage(const v1::RemoveImageRequest& r) override {
    return Call<v1::RemoveImageResponse>("RemoveImage", r, options_.request_timeout);
  }
  StatusOr<v1::ImageFsInfoResponse> ImageFsInfo(const v1::ImageFsInfoRequest& r) override {
    return Call<v1::ImageFsInfoResponse>("ImageFsInfo", r, options_.request_timeout);
  }

 private:
  template <typename Response, typename Request>
  StatusOr<Response> Call(std::string_view method, const Request& request, Millis timeout) {
    return Unary<Response>(*channel_, kImageService, method, request, timeout);
  }

  // Constant after construction.
  std::shared_ptr<Channel> channel_;
  ConnectOptions options_;
};

StatusOr<std::shared_ptr<Channel>> OpenChannel(std::string_view endpoint) {
  auto target = GrpcTargetForEndpoint(endpoint);
  if (!target.ok()) return target.status();
  auto parsed = net::grpc::ParseTarget(*target);
  if (!parsed.ok()) return parsed.status();
  net::grpc::ChannelOptions options;
  options.max_receive_message = kMaxMessageBytes;
  options.max_send_message = kMaxMessageBytes;
  options.user_agent = version::ComponentUserAgent("kubelet");
  return std::make_shared<Channel>(std::move(*parsed), std::move(options));
}

// The channel must reach a runtime serving CRI v1 before anyone uses it.
StatusOr<std::unique_ptr<GrpcRuntimeService>> ValidatedRuntime(std::shared_ptr<Channel> channel,
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

StatusOr<std::unique_ptr<RuntimeService>> ConnectRuntime(std::string_view endpoint,
                                                         const ConnectOptions& options) {
  auto channel = OpenChannel(endpoint);
  if (!channel.ok()) return channel.status();
  auto runtime = ValidatedRuntime(*channel, endpoint, options);
  if (!runtime.ok()) return runtime.status();
  return std::unique_ptr<RuntimeService>(std::move(*runtime));
}

StatusOr<std::unique_ptr<ImageService>> ConnectImages(std::string_view endpoint,
                                                      const ConnectOptions& options) {
  auto channel = OpenChannel(endpoint);
  if (!channel.ok()) return channel.status();
  // Images have no Version of their own; the runtime's answer proves the socket serves CRI v1.
  auto runtime = ValidatedRuntime(*channel, endpoint, options);
  if (!runtime.ok()) return runtime.status();
  return std::unique_ptr<ImageService>(std::make_unique<GrpcImageService>(*channel, options));
}

}  // namespace kubepp::kubelet::cri
