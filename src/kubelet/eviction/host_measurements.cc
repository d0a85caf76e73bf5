#include "kubelet/eviction/host_measurements.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

namespace kubepp::kubelet::eviction {
namespace {

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<uint64_t> ReadNumber(const std::string& path) {
  auto text = ReadFile(path);
  if (!text) return std::nullopt;
  try {
    size_t used = 0;
    uint64_t v = std::stoull(*text, &used);
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

// The value of `key` in "key value" lines (memory.stat) or "Key: value kB"
// lines (/proc/meminfo, scaled by the unit).
std::optional<uint64_t> KeyedValue(const std::string& text, std::string_view key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string name, unit;
    uint64_t value = 0;
    if (!(fields >> name >> value)) continue;
    if (!name.empty() && name.back() == ':') name.pop_back();
    if (name != key) continue;
    fields >> unit;
    return unit == "kB" ? value * 1024 : value;
  }
  return std::nullopt;
}

bool Unified(const std::string& cgroup_root) {
  return access((cgroup_root + "/cgroup.controllers").c_str(), F_OK) == 0;
}

std::string Join(const std::string& root, std::string_view controller, std::string_view path) {
  std::string out = root;
  if (!controller.empty()) out += "/" + std::string(controller);
  if (!path.empty() && path != "/") {
    if (path.front() != '/') out += "/";
    out += std::string(path);
  }
  return out;
}

uint64_t WorkingSet(uint64_t usage, uint64_t inactive_file) {
  return inactive_file > usage ? 0 : usage - inactive_file;
}

void Walk(int dirfd, dev_t device, FsStats& usage) {
  DIR* dir = fdopendir(dirfd);
  if (!dir) {
    close(dirfd);
    return;
  }
  while (dirent* entry = readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    struct stat st {};
    if (fstatat(dirfd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (st.st_dev != device) continue;  // another filesystem mounted inside
    *usage.used_bytes += static_cast<uint64_t>(st.st_blocks) * 512;
    *usage.inodes_used += 1;
    if (S_ISDIR(st.st_mode)) {
      int child = openat(dirfd, entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (child >= 0) Walk(child, device, usage);
    }
  }
  closedir(dir);
}

}  // namespace

std::optional<uint64_t> CgroupWorkingSet(const std::string& cgroup_root,
                                         const std::string& proc_root, std::string_view path) {
  bool root = path.empty() || path == "/";
  if (Unified(cgroup_root)) {
    if (root) {
      auto meminfo = ReadFile(proc_root + "/meminfo");
      if (!meminfo) return std::nullopt;
      auto total = KeyedValue(*meminfo, "MemTotal");
      auto free = KeyedValue(*meminfo, "MemFree");
      auto inactive = KeyedValue(*meminfo, "Inactive(file)");
      if (!total || !free) return std::nullopt;
      return WorkingSet(*total - std::min(*total, *free), inactive.value_or(0));
    }
    std::string dir = Join(cgroup_root, "", path);
    auto usage = ReadNumber(dir + "/memory.current");
    if (!usage) return std::nullopt;
    auto stat = ReadFile(dir + "/memory.stat");
    return WorkingSet(*usage, stat ? KeyedValue(*stat, "inactive_file").value_or(0) : 0);
  }
  std::string dir = Join(cgroup_root, "memory", path);
  auto usage = ReadNumber(dir + "/memory.usage_in_bytes");
  if (!usage) return std::nullopt;
  auto stat = ReadFile(dir + "/memory.stat");
  return WorkingSet(*usage, stat ? KeyedValue(*stat, "total_inactive_file").value_or(0) : 0);
}

std::optional<uint64_t> CgroupProcessCount(const std::string& cgroup_root, std::string_view path) {
  std::string dir =
      Unified(cgroup_root) ? Join(cgroup_root, "", path) : Join(cgroup_root, "pids", path);
  return ReadNumber(dir + "/pids.current");
}

std::optional<FsStats> FilesystemStats(const std::string& path, Clock::TimePoint now) {
  struct statvfs vfs {};
  if (statvfs(path.c_str(), &vfs) != 0) return std::nullopt;
  FsStats fs;
  fs.time = now;
  uint64_t unit = vfs.f_frsize ? vfs.f_frsize : vfs.f_bsize;
  fs.capacity_bytes = static_cast<uint64_t>(vfs.f_blocks) * unit;
  fs.available_bytes = static_cast<uint64_t>(vfs.f_bavail) * unit;
  fs.used_bytes = static_cast<uint64_t>(vfs.f_blocks - vfs.f_bfree) * unit;
  fs.inodes = vfs.f_files;
  fs.inodes_free = vfs.f_ffree;
  fs.inodes_used = vfs.f_files - vfs.f_ffree;
  return fs;
}

FsStats DirectoryUsage(const std::string& path, Clock::TimePoint now) {
  FsStats usage;
  usage.time = now;
  usage.used_bytes = 0;
  usage.inodes_used = 0;
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return usage;
  *usage.used_bytes += static_cast<uint64_t>(st.st_blocks) * 512;
  *usage.inodes_used += 1;
  int fd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) Walk(fd, st.st_dev, usage);
  return usage;
}

std::optional<RlimitStats> ReadRlimit(const std::string& proc_root, Clock::TimePoint now) {
  RlimitStats r;
  r.time = now;
  for (const char* file : {"/sys/kernel/pid_max", "/sys/kernel/threads-max"}) {
    auto tasks = ReadNumber(proc_root + file);
    if (!tasks) continue;
    auto value = static_cast<int64_t>(*tasks);
    if (!r.max_pid || value < *r.max_pid) r.max_pid = value;
  }
  // "1.36 3.49 4.53 2/3518 3715089": running/total tasks in the fourth field.
  if (auto loadavg = ReadFile(proc_root + "/loadavg")) {
    std::istringstream fields(*loadavg);
    std::string a, b, c, tasks;
    if (fields >> a >> b >> c >> tasks) {
      size_t slash = tasks.find('/');
      if (slash != std::string::npos) {
        try {
          r.running_processes = std::stoll(tasks.substr(slash + 1));
        } catch (...) {
        }
      }
    }
  }
  if (!r.max_pid || !r.running_processes) return std::nullopt;
  return r;
}

std::optional<uint64_t> DeviceOf(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return std::nullopt;
  return static_cast<uint64_t>(st.st_dev);
}

}  // namespace kubepp::kubelet::eviction
