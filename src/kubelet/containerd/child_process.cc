#include "kubelet/containerd/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace kubepp::kubelet::containerd {
namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

// posix_spawn's attribute and file-action objects, released on every path.
struct SpawnSetup {
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t actions;
  SpawnSetup() {
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_init(&actions);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
};

}  // namespace

StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::Spawn(const SpawnOptions& options) {
  if (options.argv.empty()) return Status::BadRequest("spawn: empty command line");
  SpawnSetup setup;

  // A clean signal state: nothing blocked, everything kubepp changed back to the default.
  // (exec keeps ignored signals ignored; handled ones reset by themselves.)
  sigset_t empty, defaults;
  sigemptyset(&empty);
  sigfillset(&defaults);
  sigdelset(&defaults, SIGKILL);
  sigdelset(&defaults, SIGSTOP);
  posix_spawnattr_setsigmask(&setup.attr, &empty);
  posix_spawnattr_setsigdefault(&setup.attr, &defaults);
  posix_spawnattr_setpgroup(&setup.attr, 0);
  posix_spawnattr_setflags(&setup.attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  const std::string& out = options.output_file.empty() ? std::string("/dev/null") : options.output_file;
  posix_spawn_file_actions_addopen(&setup.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&setup.actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&setup.actions, 1, 2);
  // None of kubepp's sockets or files may outlive it in a long-running child.
  posix_spawn_file_actions_addclosefrom_np(&setup.actions, 3);

  std::vector<char*> argv;
  for (const std::string& arg : options.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  pid_t pid = 0;
  int err = posix_spawnp(&pid, argv[0], &setup.actions, &setup.attr, argv.data(), environ);
  if (err != 0) {
    std::string message = "cannot start " + options.argv[0] + ": " + ErrnoText(err);
    return err == ENOENT ? Status::NotFound(message) : Status::Internal(message);
  }
  return std::unique_ptr<ChildProcess>(new ChildProcess(pid));
}

ChildProcess::ChildProcess(pid_t pid) : pid_(pid) {
  reaper_ = std::thread([this] { Reap(); });
}

ChildProcess::~ChildProcess() {
  Signal(SIGKILL);
  reaper_.join();
}

void ChildProcess::Reap() {
  // Wait without reaping first: until wait_status_ is set the PID stays ours, so Signal() under
  // the lock can never hit a recycled PID.
  siginfo_t info;
  std::memset(&info, 0, sizeof info);
  while (waitid(P_PID, pid_, &info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {
  }
  int status = 0;
  std::lock_guard lock(mu_);
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  wait_status_ = status;
  exited_cv_.notify_all();
}

Status ChildProcess::Signal(int signal) {
  std::lock_guard lock(mu_);
  if (wait_status_) return Status::Ok();
  if (kill(pid_, signal) != 0 && errno != ESRCH) {
    return Status::Internal("kill " + std::to_string(pid_) + ": " + ErrnoText(errno));
  }
  return Status::Ok();
}

std::optional<int> ChildProcess::WaitFor(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  exited_cv_.wait_for(lock, timeout, [this] { return wait_status_.has_value(); });
  return wait_status_;
}

int ChildProcess::Wait() {
  std::unique_lock lock(mu_);
  exited_cv_.wait(lock, [this] { return wait_status_.has_value(); });
  return *wait_status_;
}

bool ChildProcess::Exited() const {
  std::lock_guard lock(mu_);
  return wait_status_.has_value();
}

std::string ChildProcess::DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return "exited with " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "ended with wait status " + std::to_string(status);
}

}  // namespace kubepp::kubelet::containerd
