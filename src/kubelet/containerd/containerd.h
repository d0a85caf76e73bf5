// Containerd: the containerd that `kubepp server` (or `kubepp containerd`) runs for its kubelet
// when no --container-runtime-endpoint is given.
//
// Lifecycle:
//   Containerd runtime(options);
//   runtime.Start();                        // config written, containerd running, CRI answering
//   runtime.ImportImages(DefaultImageDir());
//   ... the kubelet talks CRI to runtime.endpoint() ...
//   runtime.Stop(Containerd::StopMode::kKeepContainers);
//
// While running, a supervisor thread restarts containerd if it dies (back-off from 1 s,
// doubling to max_restart_backoff). A containerd left running by a previous kubepp on the same
// data dir (kubepp was killed) is stopped before the new one starts.
//
// Containers survive a containerd restart and kStopMode::kKeepContainers: their shims outlive
// containerd by design, and the next containerd reconnects to them, so restarting the kubelet
// keeps pods running. kRemoveContainers stops and removes every CRI pod sandbox (and so every
// container) first, then unmounts whatever is left under containerd's directories, so the data
// dir can be deleted.
//
// Thread safety: Start, Stop and ImportImages are called from one thread (the owner);
// endpoint(), paths(), pid() and restarts() from any.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "base/status.h"
#include "kubelet/containerd/child_process.h"
#include "kubelet/containerd/containerd_config.h"
#include "kubelet/containerd/image_import.h"

namespace kubepp::kubelet::containerd {

class Containerd {
 public:
  enum class StopMode {
    kKeepContainers,    // a kubelet restart: pods keep running
    kRemoveContainers,  // tearing the node down: nothing may be left running
  };

  explicit Containerd(ContainerdOptions options);
  // Stops containerd (keeping containers) if it still runs.
  ~Containerd();
  Containerd(const Containerd&) = delete;
  Containerd& operator=(const Containerd&) = delete;

  // Writes the configuration, starts containerd and waits until its CRI socket answers Version
  // (at most options.start_timeout). REQUIRES: not running.
  Status Start();
  // Stops containerd: SIGTERM, then SIGKILL after options.stop_timeout. Idempotent.
  Status Stop(StopMode mode);

  // Imports the docker-archive images under `dir` that containerd does not have yet.
  // REQUIRES: running.
  StatusOr<ImportResult> ImportImages(const std::string& dir);

  const ContainerdPaths& paths() const { return paths_; }
  std::string endpoint() const { return paths_.Endpoint(); }
  // The running containerd's PID; 0 when none runs.
  pid_t pid() const;
  // How many times the supervisor restarted a containerd that died.
  int restarts() const { return restarts_.load(); }

 private:
  Status PrepareFiles();
  Status StopStaleContainerd();
  StatusOr<std::unique_ptr<ChildProcess>> Launch();
  Status WaitUntilServing(ChildProcess& child);
  void Supervise();
  Status RemoveAllPods();
  std::string LogTail() const;

  // Constant after construction.
  const ContainerdOptions options_;
  const ContainerdPaths paths_;

  mutable std::mutex mu_;
  std::condition_variable stop_cv_;
  // Guarded by mu_. child_ is replaced only by the supervisor, and only while !stopping_.
  std::unique_ptr<ChildProcess> child_;
  bool stopping_ = false;

  std::thread supervisor_;
  std::atomic<int> restarts_{0};
};

}  // namespace kubepp::kubelet::containerd
