// RuntimeManager: the kubelet's hands on the container runtime (upstream's
// kubeGenericRuntimeManager). It reads what the runtime holds for each pod
// (PodRuntimeStatus, from CRI lists and statuses plus the kubelet's labels),
// carries out the PodActions a sync decided — sandbox, image pulls with
// back-off, container config, create/start, lifecycle hooks,
// CrashLoopBackOff — and tears pods down with their grace periods.
//
// Thread safety: every method may be called from any thread; the kubelet
// calls the per-pod methods for one pod from one worker at a time.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "base/status.h"
#include "client/event_recorder.h"
#include "kubelet/container/runtime_status.h"
#include "kubelet/kuberuntime/pod_actions.h"
#include "kubelet/kuberuntime/pod_environment.h"
#include "kubelet/status/pod_status.h"

namespace kubepp::kubelet {

namespace cri {
class RuntimeService;
class ImageService;
}  // namespace cri

struct RuntimeManagerOptions {
  std::string log_root;  // sandboxes log under <log_root>/<ns>_<name>_<uid>
  std::vector<std::string> cluster_dns;  // nameserver IPs for dnsPolicy ClusterFirst
  std::string cluster_domain = "cluster.local";
  std::string resolv_conf = "/etc/resolv.conf";  // the node's, for dnsPolicy Default
  std::string seccomp_profile_root;  // Localhost seccomp profiles: <kubelet root>/seccomp
  Clock::Duration crash_backoff_initial = std::chrono::seconds(10);
  Clock::Duration crash_backoff_max = std::chrono::minutes(5);
  Clock::Duration pull_backoff_initial = std::chrono::seconds(10);
  Clock::Duration pull_backoff_max = std::chrono::minutes(5);
};

struct SyncResult {
  // Containers that could not start, with the reason their status shows.
  std::map<std::string, StartFailure> start_failures;
  // When a back-off that kept a container from starting ends.
  std::optional<Clock::TimePoint> retry_at;
  Status status;  // the first error other than a back-off
};

class RuntimeManager {
 public:
  RuntimeManager(cri::RuntimeService& runtime, cri::ImageService& images, PodEnvironment& environment,
                 client::EventRecorder& recorder, Clock& clock, RuntimeManagerOptions options);
  ~RuntimeManager();

  // Every pod the runtime holds something for, by pod uid. Without
  // `details` only what the two list calls return (ids, states, labels):
  // enough to notice changes, at two calls whatever the number of pods.
  StatusOr<std::map<std::string, PodRuntimeStatus>> ListPods(bool details = true);
  StatusOr<PodRuntimeStatus> GetPodStatus(const std::string& uid);

  SyncResult SyncPod(const boost::json::object& pod, const PodRuntimeStatus& status, const PodActions& actions);
  // Stops every running container (pre-stop hooks, then the grace period:
  // `grace_seconds`, else each container's recorded one) and the sandboxes.
  Status KillPod(const boost::json::object* pod, const PodRuntimeStatus& status,
                 std::optional<int64_t> grace_seconds);
  Status KillContainer(const boost::json::object* pod, const ContainerRuntimeStatus& container,
                       std::string_view message, std::optional<int64_t> grace_seconds);
  // Removes the stopped containers and sandboxes of a pod that is gone.
  Status RemovePod(const PodRuntimeStatus& status);
  // Removes exited instances beyond the newest two of each container, and
  // sandboxes that are not the newest.
  void PruneDead(const PodRuntimeStatus& status);

  // Runs `command` in a running container: exit code, output.
  struct ExecResult {
    int exit_code = 0;
    std::string output;
  };
  StatusOr<ExecResult> ExecSync(const std::string& container_id, const std::vector<std::string>& command,
                                Clock::Duration timeout);

  std::string runtime_name() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kubepp::kubelet
