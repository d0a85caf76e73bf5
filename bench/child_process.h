// Processes and files of a bench: child processes that die with the bench
// and are stopped by PID, the kubepp binary, a temp dir that goes away, and
// the RSS and CPU time of a process. Light (no JSON, no HTTP), so any bench can use it.
//
// Header-only so each bench stays one translation unit. Not thread-safe.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"

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

// user+system CPU seconds a process used so far.
inline double CpuSeconds(pid_t pid) {
  std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::stringstream rest(stat.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::atof(field.c_str());
  }
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// CPU seconds the whole machine spent busy so far (all cores, from /proc/stat).
inline double MachineBusySeconds() {
  std::stringstream cpu(ReadFile("/proc/stat"));
  std::string label;
  cpu >> label;  // "cpu"
  double ticks = 0;
  for (int i = 0; i < 8; ++i) {
    double v = 0;
    cpu >> v;
    if (i != 3 && i != 4) ticks += v;  // not idle, not iowait
  }
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}
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

}  // namespace kubepp::bench
