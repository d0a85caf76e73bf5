#include "kubelet/containerd/containerd.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/atomic_file.h"
#include "base/log.h"
#include "kubelet/containerd/mounts.h"
#include "kubelet/cri/grpc_runtime.h"

namespace kubepp::kubelet::containerd {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// sun_path holds 108 bytes including the terminating NUL.
constexpr size_t kMaxSocketPath = 107;
// containerd.log is rotated when a containerd starts after it grew past this.
constexpr uintmax_t kMaxLogBytes = 50 << 20;

Status MakeDir(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return Status::Internal("cannot create " + path + ": " + ec.message());
  return Status::Ok();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Whether `pid` is a live (not zombie) process whose command line mentions `needle`.
bool ProcessRunsWith(pid_t pid, const std::string& needle) {
  std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  size_t paren = stat.rfind(')');
  if (stat.empty() || paren == std::string::npos || paren + 2 >= stat.size() || stat[paren + 2] == 'Z') {
    return false;
  }
  std::string cmdline = ReadFile("/proc/" + std::to_string(pid) + "/cmdline");
  std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
  return cmdline.find(needle) != std::string::npos;
}

// Whether this process may lower an OOM score adjustment (needs CAP_SYS_RESOURCE), tried on
// itself and undone at once.
bool CanLowerOomScoreAdj() {
  std::string text = ReadFile("/proc/self/oom_score_adj");
  if (text.empty()) return false;
  int current = std::atoi(text.c_str());
  if (current <= -1000) return true;
  auto write = [](int value) {
    std::ofstream out("/proc/self/oom_score_adj");
    out << value << "\n";
    return static_cast<bool>(out.flush());
  };
  if (!write(current - 1)) return false;
  write(current);  // raising it back needs no privilege
  return true;
}

ContainerdOptions WithHostLimits(ContainerdOptions options) {
  if (!options.restrict_oom_score_adj && !CanLowerOomScoreAdj()) {
    KLOG(INFO) << "containerd: kubepp cannot lower OOM scores here; pods' oom_score_adj is clamped";
    options.restrict_oom_score_adj = true;
  }
  return options;
}

}  // namespace

Containerd::Containerd(ContainerdOptions options)
    : options_(WithHostLimits(std::move(options))), paths_(ContainerdPaths::For(options_)) {}

Containerd::~Containerd() {
  Status st = Stop(StopMode::kKeepContainers);
  if (!st.ok()) KLOG(WARNING) << "containerd: " << st.ToString();
}

pid_t Containerd::pid() const {
  std::lock_guard lock(mu_);
  return child_ && !child_->Exited() ? child_->pid() : 0;
}

Status Containerd::PrepareFiles() {
  if (options_.data_dir.empty()) return Status::Invalid("containerd: a data dir is required");
  if (paths_.socket.size() + std::strlen(".ttrpc") > kMaxSocketPath) {
    return Status::Invalid("containerd: socket path " + paths_.socket + " is too long for a unix socket (data dir " +
                           options_.data_dir + ")");
  }
  for (const std::string& dir : {paths_.dir, paths_.root, paths_.state, paths_.registry_config_dir,
                                 paths_.opt_dir, paths_.cni_conf_dir}) {
    KUBEPP_RETURN_IF_ERROR(MakeDir(dir));
  }
  // containerd's state holds container I/O and secrets mounted into pods: root only.
  chmod(paths_.dir.c_str(), 0711);
  KUBEPP_RETURN_IF_ERROR(WriteFileAtomic(paths_.config, RenderContainerdConfig(options_), 0600));
  for (const std::string& host : options_.insecure_registries) {
    std::string dir = paths_.registry_config_dir + "/" + host;
    KUBEPP_RETURN_IF_ERROR(MakeDir(dir));
    KUBEPP_RETURN_IF_ERROR(WriteFileAtomic(dir + "/hosts.toml", RenderInsecureRegistryHosts(host), 0644));
  }
  return Status::Ok();
}

Status Containerd::StopStaleContainerd() {
  std::string text = ReadFile(paths_.pid_file);
  pid_t stale = static_cast<pid_t>(std::atol(text.c_str()));
  if (stale <= 0 || !ProcessRunsWith(stale, paths_.config)) return Status::Ok();
  KLOG(WARNING) << "containerd: stopping containerd " << stale << " left running on " << paths_.dir;
  kill(stale, SIGTERM);
  // Not our child: poll until it is gone.
  auto deadline = std::chrono::steady_clock::now() + options_.stop_timeout;
  auto interval = 10ms;
  while (ProcessRunsWith(stale, paths_.config)) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(stale, SIGKILL);
      deadline = std::chrono::steady_clock::now() + 10s;
      if (!ProcessRunsWith(stale, paths_.config)) break;
    }
    std::this_thread::sleep_for(interval);
    interval = std::min(interval * 2, std::chrono::milliseconds(200));
  }
  return Status::Ok();
}

StatusOr<std::unique_ptr<ChildProcess>> Containerd::Launch() {
  // containerd's log is only appended to; one older generation is kept.
  std::error_code ec;
  if (fs::file_size(paths_.log, ec) > kMaxLogBytes) fs::rename(paths_.log, paths_.log + ".1", ec);
  auto child = ChildProcess::Spawn({{options_.containerd_binary, "--config", paths_.config}, paths_.log});
  if (!child.ok()) return child.status();
  Status st = WriteFileAtomic(paths_.pid_file, std::to_string((*child)->pid()) + "\n", 0644);
  if (!st.ok()) KLOG(WARNING) << "containerd: " << st.ToString();
  KLOG(INFO) << "containerd: started pid " << (*child)->pid() << " with " << paths_.config;
  return child;
}

std::string Containerd::LogTail() const {
  // The last lines are in the last few KiB; the log itself may be large.
  std::ifstream in(paths_.log, std::ios::binary | std::ios::ate);
  std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : 0;
  in.seekg(std::max<std::streamoff>(0, size - 8192));
  std::deque<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
    if (lines.size() > 15) lines.pop_front();
  }
  std::string out;
  for (const std::string& l : lines) out += "\n  " + l;
  return out;
}

Status Containerd::WaitUntilServing(ChildProcess& child) {
  auto deadline = std::chrono::steady_clock::now() + options_.start_timeout;
  Status last = Status::Unavailable("its socket " + paths_.socket + " did not appear");
  auto socket_poll = 5ms;
  while (true) {
    if (auto exit = child.WaitFor(0ms)) {
      return Status::Unavailable("containerd " + ChildProcess::DescribeWaitStatus(*exit) + " while starting; " +
                                 paths_.log + " ends with:" + LogTail());
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) break;
    // Until containerd creates its socket a connection attempt would only start gRPC's
    // reconnect back-off (a second and more); look for the file instead.
    struct stat st;
    if (stat(paths_.socket.c_str(), &st) != 0) {
      std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(socket_poll, left));
      socket_poll = std::min(socket_poll * 2, std::chrono::milliseconds(100));
      continue;
    }
    // Short connection attempts, so that a containerd dying meanwhile is noticed soon.
    cri::ConnectOptions connect;
    connect.connect_timeout = std::min<std::chrono::milliseconds>(left, 1s);
    auto runtime = cri::ConnectRuntime(endpoint(), connect);
    if (runtime.ok()) return Status::Ok();
    last = runtime.status();
  }
  return Status::Timeout("containerd did not serve CRI on " + endpoint() + " within " +
                         std::to_string(options_.start_timeout.count()) + " ms: " + last.message() + "; " +
                         paths_.log + " ends with:" + LogTail());
}

Status Containerd::Start() {
  {
    std::lock_guard lock(mu_);
    if (child_) return Status::Conflict("containerd: already started");
  }
  KUBEPP_RETURN_IF_ERROR(PrepareFiles());
  KUBEPP_RETURN_IF_ERROR(StopStaleContainerd());
  // A socket left by a containerd that was killed would be taken for the new one's.
  std::error_code ec;
  fs::remove(paths_.socket, ec);
  fs::remove(paths_.socket + ".ttrpc", ec);
  auto child = Launch();
  if (!child.ok()) return child.status();
  Status serving = WaitUntilServing(**child);
  if (!serving.ok()) {
    (*child)->Signal(SIGKILL);
    (*child)->Wait();
    fs::remove(paths_.pid_file, ec);
    return serving;
  }
  {
    std::lock_guard lock(mu_);
    child_ = std::move(*child);
    stopping_ = false;
  }
  supervisor_ = std::thread([this] { Supervise(); });
  KLOG(INFO) << "containerd: serving CRI on " << endpoint();
  return Status::Ok();
}

void Containerd::Supervise() {
  auto backoff = std::chrono::milliseconds(1s);
  while (true) {
    ChildProcess* child;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      child = child_.get();
    }
    auto started = std::chrono::steady_clock::now();
    int status = child->Wait();
    std::unique_lock lock(mu_);
    if (stopping_) return;
    // A containerd that ran for a while before dying starts over with the shortest back-off.
    if (std::chrono::steady_clock::now() - started > 2 * options_.max_restart_backoff) backoff = 1s;
    KLOG(ERROR) << "containerd: pid " << child->pid() << " " << ChildProcess::DescribeWaitStatus(status)
                << "; restarting in " << backoff.count() << " ms;" << LogTail();
    stop_cv_.wait_for(lock, backoff, [this] { return stopping_; });
    if (stopping_) return;
    backoff = std::min(backoff * 2, options_.max_restart_backoff);
    auto next = Launch();
    if (!next.ok()) {
      // Keep the dead child as the one to wait for: Wait() returns at once, so the loop backs off.
      KLOG(ERROR) << "containerd: restart failed: " << next.status().ToString();
      continue;
    }
    child_ = std::move(*next);
    restarts_.fetch_add(1);
  }
}

Status Containerd::RemoveAllPods() {
  cri::ConnectOptions connect;
  connect.connect_timeout = 10s;
  connect.request_timeout = 2min;
  auto runtime = cri::ConnectRuntime(endpoint(), connect);
  if (!runtime.ok()) return runtime.status();
  Status first_error;
  auto note = [&](const Status& st) {
    if (!st.ok() && !st.IsNotFound() && first_error.ok()) first_error = st;
  };
  auto sandboxes = (*runtime)->ListPodSandbox(cri::v1::ListPodSandboxRequest());
  if (!sandboxes.ok()) return sandboxes.status();
  for (const cri::v1::PodSandbox& sandbox : sandboxes->items()) {
    cri::v1::StopPodSandboxRequest stop;
    stop.set_pod_sandbox_id(sandbox.id());
    note((*runtime)->StopPodSandbox(stop).status());
    cri::v1::RemovePodSandboxRequest remove;
    remove.set_pod_sandbox_id(sandbox.id());
    note((*runtime)->RemovePodSandbox(remove).status());
  }
  // Containers whose sandbox vanished would otherwise keep running.
  auto containers = (*runtime)->ListContainers(cri::v1::ListContainersRequest());
  if (!containers.ok()) return containers.status();
  for (const cri::v1::Container& container : containers->containers()) {
    cri::v1::RemoveContainerRequest remove;
    remove.set_container_id(container.id());
    note((*runtime)->RemoveContainer(remove).status());
  }
  KLOG(INFO) << "containerd: removed " << sandboxes->items_size() << " pod sandboxes";
  return first_error;
}

Status Containerd::Stop(StopMode mode) {
  {
    std::lock_guard lock(mu_);
    if (!child_) return Status::Ok();
  }
  Status result;
  if (mode == StopMode::kRemoveContainers) {
    result = RemoveAllPods();
    if (!result.ok()) KLOG(ERROR) << "containerd: removing pods: " << result.ToString();
  }
  ChildProcess* child;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    child = child_.get();
  }
  stop_cv_.notify_all();
  child->Signal(SIGTERM);
  if (!child->WaitFor(options_.stop_timeout)) {
    KLOG(WARNING) << "containerd: pid " << child->pid() << " ignored SIGTERM for "
                  << options_.stop_timeout.count() << " ms; killing it";
    child->Signal(SIGKILL);
    child->Wait();
  }
  if (supervisor_.joinable()) supervisor_.join();
  {
    std::lock_guard lock(mu_);
    child_.reset();
  }
  std::error_code ec;
  fs::remove(paths_.pid_file, ec);
  if (mode == StopMode::kRemoveContainers) {
    for (const std::string& dir : {paths_.state, paths_.root}) {
      auto unmounted = UnmountUnder(dir);
      if (!unmounted.ok() && result.ok()) result = unmounted.status();
      if (unmounted.ok() && *unmounted > 0) KLOG(INFO) << "containerd: unmounted " << *unmounted << " under " << dir;
    }
  }
  KLOG(INFO) << "containerd: stopped";
  return result;
}

StatusOr<ImportResult> Containerd::ImportImages(const std::string& dir) {
  auto images = cri::ConnectImages(endpoint());
  if (!images.ok()) return images.status();
  ImageImportOptions options;
  options.ctr_binary = options_.ctr_binary;
  options.socket = paths_.socket;
  options.log_file = paths_.dir + "/import.log";
  return containerd::ImportImages(dir, **images, options);
}

}  // namespace kubepp::kubelet::containerd
