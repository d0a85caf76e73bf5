// ChildProcess: a program kubepp starts and owns (containerd, ctr), with its output appended
// to a log file.
//
// The child starts with an empty signal mask and default dispositions (kubepp blocks SIGTERM
// and ignores SIGPIPE in every thread, which a child would otherwise inherit), in its own
// process group (a terminal's Ctrl-C reaches kubepp, which then stops the child in order), with
// stdin from /dev/null and no file descriptors of kubepp's beyond stdout/stderr.
//
// A reaper thread per child waits for its exit, so callers can wait with a deadline, and a
// signal is never sent to a PID that was already reaped (and so might belong to someone else).
//
// Thread safety: all methods may be called from any thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"

namespace kubepp::kubelet::containerd {

struct SpawnOptions {
  // argv[0] is looked up in PATH unless it contains a '/'.
  std::vector<std::string> argv;
  // stdout and stderr are appended to this file (created 0644); empty: /dev/null.
  std::string output_file;
};

class ChildProcess {
 public:
  // Starts the program. Fails (NotFound for a missing program) without leaving anything behind.
  static StatusOr<std::unique_ptr<ChildProcess>> Spawn(const SpawnOptions& options);

  // Kills (SIGKILL) and reaps a child that still runs.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // Sends `signal` unless the child has exited. OK also when it had exited.
  Status Signal(int signal);
  // Waits until the child exits or `timeout` passes; returns its wait status (as waitpid
  // reports it) if it exited.
  std::optional<int> WaitFor(std::chrono::milliseconds timeout);
  // Waits for the exit; returns the wait status.
  int Wait();
  bool Exited() const;

  // "exited with 3", "killed by signal 9": a wait status for logs.
  static std::string DescribeWaitStatus(int status);

 private:
  explicit ChildProcess(pid_t pid);
  void Reap();

  // Constant after construction.
  const pid_t pid_;

  mutable std::mutex mu_;
  std::condition_variable exited_cv_;
  // Guarded by mu_.
  std::optional<int> wait_status_;

  std::thread reaper_;
};

}  // namespace kubepp::kubelet::containerd
