// FakeRuntime: an in-memory CRI runtime (both RuntimeService and ImageService) for unit tests
// of kubelet logic. It behaves like containerd where the kubelet can tell:
//  - sandboxes get a 64-hex ID, an IP (10.88.0.N; none with network NODE), state READY; Stop
//    makes them NOTREADY and kills their containers (exit 137); Remove drops them and their
//    containers; Stop and Remove are idempotent.
//  - containers go CREATED -> RUNNING -> EXITED with created/started/finished times from the
//    clock; (sandbox, name, attempt) is unique; creating needs a ready sandbox and a present
//    image; status reports image (first repo tag), image_ref (repo digest), log_path
//    (log_directory/log_path), mounts, labels and annotations as given.
//  - images are known by normalized reference ("busybox" is docker.io/library/busybox:latest)
//    or ID; ImageStatus of a missing image is OK with no image; PullImage succeeds only for
//    images registered with AddPullableImage (and, if registered with credentials, only when the
//    request's AuthConfig carries them), otherwise it fails as containerd does (NotFound or
//    "401 Unauthorized") — which the kubelet reports as ErrImagePull.
//  - errors read like containerd's over gRPC: "rpc error: code = NotFound desc = ...".
//
// Tests drive what a real runtime decides on its own: containers exiting (ExitContainer, with
// an exit code or OOMKilled), ExecSync results (SetExecHandler), stats, runtime conditions, and
// failures or delays of any call (SetReactor / FailNext). Calls() records every call in order.
//
// Thread safety: every method may be called from any thread. The reactor and the exec handler
// run without the fake's lock held, so they may call back into the fake or block.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "kubelet/cri/image_service.h"
#include "kubelet/cri/runtime_service.h"

namespace kubepp::fakes {

namespace v1 = ::runtime::v1;

class FakeRuntime : public kubelet::cri::RuntimeService, public kubelet::cri::ImageService {
 public:
  using ExecHandler = std::function<StatusOr<v1::ExecSyncResponse>(const std::string& container_id,
                                                                   const std::vector<std::string>& cmd)>;
  // Called with the method name ("RunPodSandbox", ...) before every call; a failed Status fails
  // the call with it.
  using Reactor = std::function<kubepp::Status(const std::string& method)>;

  explicit FakeRuntime(Clock& clock = Clock::Real());

  // --- Test controls: images ---
  // The image is present on the node. Returns its ID ("sha256:..."). With `id`, the image has
  // that ID, and a second name for an existing ID becomes another tag of that image.
  std::string AddImage(const std::string& ref, const std::string& id = "");
  // PullImage of `ref` succeeds; with a username, only when the request's auth carries that
  // username and password (fields, or base64 "user:password" in auth).
  void AddPullableImage(const std::string& ref, const std::string& username = "",
                        const std::string& password = "");
  bool HasImage(const std::string& ref) const;
  // The size ListImages and ImageStatus report for an image (default: about 1 MB). REQUIRES: present.
  void SetImageSize(const std::string& ref, uint64_t bytes);
  // The mountpoint ImageFsInfo names (default containerd's overlayfs snapshotter directory).
  void SetImageFsMountpoint(const std::string& path);
  // Whether the runtime reports the image as pinned (exempt from garbage collection). REQUIRES: present.
  void SetImagePinned(const std::string& ref, bool pinned);
  std::vector<v1::PullImageRequest> Pulls() const;
  // Every StopContainer request, in order (their timeouts are the grace periods the kubelet gave).
  std::vector<v1::StopContainerRequest> Stops() const;

  // --- Test controls: containers and sandboxes ---
  // Ends a running container: EXITED with `exit_code`, finished now, and `reason` (empty means
  // containerd's choice: "Completed" for 0, "Error" otherwise; pass "OOMKilled" for the OOM killer).
  // NotFound if the container does not exist; a no-op if it is not running.
  kubepp::Status ExitContainer(const std::string& container_id, int exit_code, const std::string& reason = "");
  // The exit code StopContainer and StopPodSandbox give running containers (default 137: a
  // process that ignored SIGTERM and was killed).
  void SetStopExitCode(int exit_code);
  // Decides ExecSync results; by default every command exits 0 with no output.
  void SetExecHandler(ExecHandler handler);
  // CPU (cumulative core-nanoseconds) and memory working set that stats report for a container.
  void SetContainerUsage(const std::string& container_id, uint64_t usage_core_nano_seconds,
                         uint64_t working_set_bytes);
  // Sets a runtime condition reported by Status ("RuntimeReady", "NetworkReady"; both true at
  // first).
  void SetCondition(const std::string& type, bool status, const std::string& reason = "",
                    const std::string& message = "");
  // The IP a sandbox reports (instead of its 10.88.0.N), e.g. 127.0.0.1 for a test's own server.
  void SetSandboxIp(const std::string& sandbox_id, const std::string& ip);
  // Base of the URLs Exec/Attach/PortForward answer ("http://127.0.0.1:10010" by default).
  void SetStreamBaseUrl(const std::string& url);

  // --- Test controls: failures and inspection ---
  void SetReactor(Reactor reactor);
  // The next call of `method` fails with `status` (queued per method, used once each).
  void FailNext(const std::string& method, kubepp::Status status);
  std::vector<std::string> Calls() const;
  void ClearCalls();
  // The newest sandbox of a pod (by created time), if any.
  std::optional<std::string> SandboxIdOf(const std::string& pod_uid) const;
  // The newest container named `name` in any sandbox of the pod, if any.
  std::optional<std::string> ContainerIdOf(const std::string& pod_uid, const std::string& name) const;
  // The request a container or sandbox was created with. REQUIRES: the ID exists.
  v1::ContainerConfig ContainerConfigOf(const std::string& container_id) const;
  v1::PodSandboxConfig SandboxConfigOf(const std::string& sandbox_id) const;
  std::string PodCidr() const;

  // --- kubelet::cri::RuntimeService ---
  StatusOr<v1::VersionResponse> Version(const v1::VersionRequest& request) override;
  StatusOr<v1::RunPodSandboxResponse> RunPodSandbox(const v1::RunPodSandboxRequest& request) override;
  StatusOr<v1::StopPodSandboxResponse> StopPodSandbox(const v1::StopPodSandboxRequest& request) override;
  StatusOr<v1::RemovePodSandboxResponse> RemovePodSandbox(const v1::RemovePodSandboxRequest& request) override;
  StatusOr<v1::PodSandboxStatusResponse> PodSandboxStatus(const v1::PodSandboxStatusRequest& request) override;
  StatusOr<v1::ListPodSandboxResponse> ListPodSandbox(const v1::ListPodSandboxRequest& request) override;
  StatusOr<v1::CreateContainerResponse> CreateContainer(const v1::CreateContainerRequest& request) override;
  StatusOr<v1::StartContainerResponse> StartContainer(const v1::StartContainerRequest& request) override;
  StatusOr<v1::StopContainerResponse> StopContainer(const v1::StopContainerRequest& request) override;
  StatusOr<v1::RemoveContainerResponse> RemoveContainer(const v1::RemoveContainerRequest& request) override;
  StatusOr<v1::ListContainersResponse> ListContainers(const v1::ListContainersRequest& request) override;
  StatusOr<v1::ContainerStatusResponse> ContainerStatus(const v1::ContainerStatusRequest& request) override;
  StatusOr<v1::UpdateContainerResourcesResponse> UpdateContainerResources(
      const v1::UpdateContainerResourcesRequest& request) override;
  StatusOr<v1::ReopenContainerLogResponse> ReopenContainerLog(const v1::ReopenContainerLogRequest& request) override;
  StatusOr<v1::ExecSyncResponse> ExecSync(const v1::ExecSyncRequest& request) override;
  StatusOr<v1::ExecResponse> Exec(const v1::ExecRequest& request) override;
  StatusOr<v1::AttachResponse> Attach(const v1::AttachRequest& request) override;
  StatusOr<v1::PortForwardResponse> PortForward(const v1::PortForwardRequest& request) override;
  StatusOr<v1::ContainerStatsResponse> ContainerStats(const v1::ContainerStatsRequest& request) override;
  StatusOr<v1::ListContainerStatsResponse> ListContainerStats(const v1::ListContainerStatsRequest& request) override;
  StatusOr<v1::PodSandboxStatsResponse> PodSandboxStats(const v1::PodSandboxStatsRequest& request) override;
  StatusOr<v1::ListPodSandboxStatsResponse> ListPodSandboxStats(
      const v1::ListPodSandboxStatsRequest& request) override;
  StatusOr<v1::UpdateRuntimeConfigResponse> UpdateRuntimeConfig(
      const v1::UpdateRuntimeConfigRequest& request) override;
  StatusOr<v1::StatusResponse> Status(const v1::StatusRequest& request) override;

  // --- kubelet::cri::ImageService ---
  StatusOr<v1::ListImagesResponse> ListImages(const v1::ListImagesRequest& request) override;
  StatusOr<v1::ImageStatusResponse> ImageStatus(const v1::ImageStatusRequest& request) override;
  StatusOr<v1::PullImageResponse> PullImage(const v1::PullImageRequest& request) override;
  StatusOr<v1::RemoveImageResponse> RemoveImage(const v1::RemoveImageRequest& request) override;
  StatusOr<v1::ImageFsInfoResponse> ImageFsInfo(const v1::ImageFsInfoRequest& request) override;

  // "busybox" -> "docker.io/library/busybox:latest", as containerd's CRI normalizes names.
  static std::string NormalizeReference(const std::string& ref);

 private:
  struct Sandbox {
    std::string id;
    v1::PodSandboxConfig config;
    v1::PodSandboxState state = v1::SANDBOX_READY;
    int64_t created_at = 0;
    std::string ip;
    std::string runtime_handler;
  };
  struct Container {
    std::string id;
    std::string sandbox_id;
    v1::ContainerConfig config;
    std::string image_id;
    v1::ContainerState state = v1::CONTAINER_CREATED;
    int64_t created_at = 0, started_at = 0, finished_at = 0;
    int32_t exit_code = 0;
    std::string reason, message;
    std::string log_path;  // absolute
    v1::LinuxContainerResources resources;
    uint64_t cpu_core_nanos = 0, working_set_bytes = 0;
  };
  struct FakeImage {
    std::string id;
    std::vector<std::string> tags;  // normalized references
    uint64_t size = 0;
    bool pinned = false;
  };
  struct PullableImage {
    std::string username, password;
  };

  // Records the call, then consults FailNext and the reactor (without the lock held).
  kubepp::Status Enter(const std::string& method);
  int64_t NowNanos() const;
  std::string NewIdLocked();
  const FakeImage* FindImageLocked(const std::string& ref) const;
  std::string AddImageLocked(const std::string& ref, const std::string& id = "");
  void FinishLocked(Container& c, int exit_code, const std::string& reason);
  v1::ContainerStatus StatusOfLocked(const Container& c) const;
  v1::ContainerStats StatsOfLocked(const Container& c) const;

  // Constant after construction.
  Clock& clock_;

  mutable std::mutex mu_;
  // Guarded by mu_.
  std::map<std::string, Sandbox> sandboxes_;
  std::map<std::string, Container> containers_;
  std::map<std::string, FakeImage> images_;  // by ID
  std::map<std::string, PullableImage> pullable_;  // by normalized reference
  std::vector<v1::PullImageRequest> pulls_;
  std::vector<v1::StopContainerRequest> stops_;
  std::map<std::string, v1::RuntimeCondition> conditions_;
  std::map<std::string, std::vector<kubepp::Status>> fail_next_;
  std::vector<std::string> calls_;
  ExecHandler exec_handler_;
  Reactor reactor_;
  std::string stream_base_url_ = "http://127.0.0.1:10010";
  std::string pod_cidr_;
  std::string image_fs_mountpoint_ = "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs";
  int stop_exit_code_ = 137;
  uint64_t next_id_ = 1;
  int next_ip_ = 2;
};

}  // namespace kubepp::fakes
