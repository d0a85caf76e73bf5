// Helpers shared by the benches that run whole control planes out of
// separate `kubepp` processes (scheduler_bench, control_plane_bench): child
// processes that die with the bench and are stopped by PID, a temp dir that
// goes away, the admin connection of an apiserver, RSS, and a pod watch that
// counts pods reaching a state.
//
// Header-only so each bench stays one translation unit. Not thread-safe
// unless a function says so.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "net/https_client.h"

namespace kubepp::bench {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;
using namespace std::chrono_literals;

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A "<field>: <n> kB" line of /proc/<pid>/status, in MiB; -1 when absent.
inline double StatusMiB(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  const std::string prefix = field + ":";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return std::strtod(line.c_str() + prefix.size(), nullptr) / 1024.0;
  }
  return -1;
}

inline double RssMiB(pid_t pid) { return StatusMiB(pid, "VmRSS"); }
// The anonymous part of the RSS: the process's own heap and stacks, without
// the file pages of its binary and shared libraries (which other processes
// running the same files share).
inline double AnonRssMiB(pid_t pid) { return StatusMiB(pid, "RssAnon"); }

// The kubepp binary: --kubepp, else build/kubepp under the working
// directory, else beside this bench or one folder up.
inline std::string FindKubepp(const std::string& flag) {
  if (!flag.empty()) return flag;
  std::vector<fs::path> candidates{fs::current_path() / "build" / "kubepp"};
  std::error_code ec;
  fs::path self = fs::canonical("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(self.parent_path() / "kubepp");
    candidates.push_back(self.parent_path().parent_path() / "kubepp");
  }
  for (const auto& c : candidates) {
    if (::access(c.c_str(), X_OK) == 0) return c.string();
  }
  return {};
}

// A child process with its output in a log file. It gets SIGTERM if the
// bench dies; Stop() (also from the destructor) sends SIGTERM, then SIGKILL
// after 20 s, and reaps it.
class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess() { Stop(); }

  Status Start(std::string name, const std::vector<std::string>& args, const std::string& log_path) {
    name_ = std::move(name);
    log_ = log_path;
    pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ < 0) return Status::Internal("fork failed");
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (::getppid() != parent) ::_exit(1);
      int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::close(fd);
      }
      std::vector<std::string> copy = args;
      std::vector<char*> argv;
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      std::perror("execv");
      ::_exit(127);
    }
    return Status::Ok();
  }

  bool Running() {
    if (pid_ <= 0) return false;
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    return true;
  }

  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    auto deadline = SteadyClock::now() + 20s;
    while (SteadyClock::now() < deadline) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(10ms);
    }
    std::fprintf(stderr, "%s did not stop within 20s of SIGTERM; killing it\n", name_.c_str());
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  std::string LogTail() const {
    std::string log = ReadFile(log_);
    return log.size() > 3000 ? log.substr(log.size() - 3000) : log;
  }
  pid_t pid() const { return pid_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  pid_t pid_ = -1;
  std::string log_;
};

// True when `kubepp <command> --help` exits 0: the build has that command.
inline bool HasCommand(const std::string& kubepp, const std::string& command) {
  pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    int fd = ::open("/dev/null", O_WRONLY);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::execl(kubepp.c_str(), kubepp.c_str(), command.c_str(), "--help", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// A fresh temp dir, removed (with everything in it) on destruction unless kept.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix, bool keep) : keep_(keep) {
    std::string tmpl = (fs::temp_directory_path() / (prefix + ".XXXXXX")).string();
    if (::mkdtemp(tmpl.data())) path_ = tmpl;
  }
  ~TempDir() {
    if (path_.empty()) return;
    if (keep_) {
      std::fprintf(stderr, "kept %s\n", path_.c_str());
      return;
    }
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  bool keep_;
  std::string path_;
};

// Starts `kubepp apiserver` (or `server`) on a free loopback port and waits
// until /readyz answers; returns the admin connection options.
inline StatusOr<net::HttpsClientOptions> StartApiServer(ChildProcess& proc, const std::string& kubepp,
                                                        const std::string& command, const std::string& dir) {
  std::vector<std::string> args = {kubepp, command, "--data-dir", dir, "--secure-port", "0", "--bind-address",
                                   "127.0.0.1"};
  // The control-plane benchmarks bring hollow nodes; no real kubelet.
  if (command == "server") args.push_back("--disable-agent");
  KUBEPP_RETURN_IF_ERROR(proc.Start(command, args, dir + "/" + command + ".log"));
  std::string kubeconfig = dir + "/admin.kubeconfig";
  auto deadline = SteadyClock::now() + 60s;
  uint16_t port = 0;
  while (SteadyClock::now() < deadline && port == 0) {
    std::string text = ReadFile(kubeconfig);
    auto at = text.find("server:");
    auto url = at == std::string::npos ? at : text.find("https://", at);
    if (url != std::string::npos) {
      auto colon = text.find(':', url + 8);
      auto eol = text.find('\n', url);
      if (colon != std::string::npos && colon < eol) {
        int p = std::atoi(text.c_str() + colon + 1);
        if (p > 0 && p < 65536) port = static_cast<uint16_t>(p);
      }
    }
    if (!proc.Running()) return Status::Unavailable(command + " exited:\n" + proc.LogTail());
    if (port == 0) std::this_thread::sleep_for(20ms);
  }
  if (port == 0) return Status::Timeout("no server URL in " + kubeconfig);
  net::HttpsClientOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  o.ca_file = dir + "/pki/ca.crt";
  o.cert_file = dir + "/pki/admin.crt";
  o.key_file = dir + "/pki/admin.key";
  o.timeout = 60s;
  auto client = net::HttpsClient::Create(o);
  if (!client.ok()) return client.status();
  while (SteadyClock::now() < deadline) {
    auto r = (*client)->Request("GET", "/readyz", {}, {}, "text/plain");
    if (r.ok() && r->code == 200) return o;
    if (!proc.Running()) return Status::Unavailable(command + " exited:\n" + proc.LogTail());
    std::this_thread::sleep_for(20ms);
  }
  return Status::Timeout("/readyz never answered ok");
}

// POST `body` to `path`; OK for 201/200 (and 409 when `exists_ok`).
inline Status Post(net::HttpsClient& client, const std::string& path, const std::string& body,
                   bool exists_ok = false) {
  auto r = client.Request("POST", path, "application/json", body);
  if (!r.ok()) return r.status();
  if (r->code == 200 || r->code == 201 || (exists_ok && r->code == 409)) return Status::Ok();
  return Status::Internal("POST " + path + ": " + std::to_string(r->code) + " " + r->body.substr(0, 500));
}

// Items in a LIST of `path`, and the list's resourceVersion.
inline StatusOr<std::pair<size_t, std::string>> CountList(net::HttpsClient& client, const std::string& path) {
  auto r = client.Request("GET", path);
  if (!r.ok()) return r.status();
  if (r->code != 200) return Status::Internal("GET " + path + ": " + std::to_string(r->code));
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r->body, ec);
  if (ec || !v.is_object()) return Status::Internal("GET " + path + ": not JSON");
  const auto* items = v.as_object().if_contains("items");
  const auto* meta = v.as_object().if_contains("metadata");
  std::string rv;
  if (meta && meta->is_object()) {
    if (const auto* s = meta->as_object().if_contains("resourceVersion"); s && s->is_string()) rv = s->as_string();
  }
  return std::make_pair(items && items->is_array() ? items->as_array().size() : size_t{0}, rv);
}

// Waits until `path` lists at least `want` items (polling every 500 ms).
inline Status WaitForCount(net::HttpsClient& client, const std::string& path, size_t want,
                           SteadyClock::duration timeout, const std::function<Status()>& alive) {
  auto deadline = SteadyClock::now() + timeout;
  size_t last = 0;
  while (SteadyClock::now() < deadline) {
    auto n = CountList(client, path);
    if (n.ok()) {
      last = n->first;
      if (last >= want) return Status::Ok();
    }
    KUBEPP_RETURN_IF_ERROR(alive());
    std::this_thread::sleep_for(500ms);
  }
  return Status::Timeout(path + ": " + std::to_string(last) + " of " + std::to_string(want) + " items");
}

// Watches pods from `resource_version` and records when `want` distinct pods
// whose name starts with `prefix` first satisfied `reached`; the watch runs
// on its own thread and connection until then or Stop().
class PodCounter {
 public:
  using Predicate = std::function<bool(const boost::json::object& pod)>;

  PodCounter(const net::HttpsClientOptions& options, std::string path_with_rv, std::string prefix, size_t want,
             Predicate reached)
      : prefix_(std::move(prefix)), want_(want), reached_(std::move(reached)) {
    auto c = net::HttpsClient::Create(options);
    if (!c.ok()) {
      error_ = c.status();
      done_ = true;
      return;
    }
    client_ = std::move(*c);
    thread_ = std::thread([this, path = std::move(path_with_rv)] {
      auto code = client_->Watch(path, [this](std::string_view line) { return OnLine(line); });
      std::lock_guard lock(mu_);
      if (!code.ok() && count_ < want_) error_ = code.status();
      done_ = true;
    });
  }
  ~PodCounter() { Stop(); }

  void Stop() {
    if (client_) client_->Cancel();
    if (thread_.joinable()) thread_.join();
  }
  size_t count() const {
    std::lock_guard lock(mu_);
    return count_;
  }
  bool done() const {
    std::lock_guard lock(mu_);
    return done_ || count_ >= want_;
  }
  // When the last wanted pod arrived (valid once count() >= want).
  SteadyClock::time_point finished() const {
    std::lock_guard lock(mu_);
    return finished_;
  }
  Status error() const {
    std::lock_guard lock(mu_);
    return error_;
  }

 private:
  bool OnLine(std::string_view line) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    if (ec || !v.is_object()) return true;
    const auto* object = v.as_object().if_contains("object");
    if (!object || !object->is_object()) return true;
    const auto& pod = object->as_object();
    const auto* md = pod.if_contains("metadata");
    const auto* name = md && md->is_object() ? md->as_object().if_contains("name") : nullptr;
    if (!name || !name->is_string() || !name->as_string().starts_with(prefix_)) return true;
    if (!reached_(pod)) return true;
    std::lock_guard lock(mu_);
    if (seen_.insert(std::string(name->as_string())).second) {
      ++count_;
      if (count_ == want_) finished_ = SteadyClock::now();
    }
    return count_ < want_;
  }

  const std::string prefix_;
  const size_t want_;
  const Predicate reached_;
  std::unique_ptr<net::HttpsClient> client_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::unordered_set<std::string> seen_;  // guarded by mu_
  size_t count_ = 0;                      // guarded by mu_
  bool done_ = false;                     // guarded by mu_
  SteadyClock::time_point finished_;      // guarded by mu_
  Status error_;                          // guarded by mu_
};

inline std::string StringAt(const boost::json::object& o, std::initializer_list<std::string_view> path) {
  const boost::json::object* cur = &o;
  const boost::json::value* v = nullptr;
  for (auto key : path) {
    if (!cur) return {};
    v = cur->if_contains(key);
    if (!v) return {};
    cur = v->if_object();
  }
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Creates pods[i] for every i with `clients` threads, one connection each,
// POSTing to /api/v1/namespaces/<ns>/pods. Returns the first failure.
inline Status CreateAll(const net::HttpsClientOptions& options, const std::string& ns,
                        const std::vector<std::string>& bodies, int clients) {
  std::atomic<size_t> next{0};
  std::mutex mu;
  Status first_error;
  std::vector<std::thread> threads;
  std::string path = "/api/v1/namespaces/" + ns + "/pods";
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&] {
      auto c = net::HttpsClient::Create(options);
      if (!c.ok()) {
        std::lock_guard lock(mu);
        if (first_error.ok()) first_error = c.status();
        return;
      }
      for (size_t i; (i = next.fetch_add(1)) < bodies.size();) {
        Status st = Post(**c, path, bodies[i]);
        if (!st.ok()) {
          std::lock_guard lock(mu);
          if (first_error.ok()) first_error = st;
          next = bodies.size();
          return;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  return first_error;
}

}  // namespace kubepp::bench
