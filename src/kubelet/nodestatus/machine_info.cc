#include "kubelet/nodestatus/machine_info.h"

#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/strings.h"

namespace kubepp::kubelet {
namespace {

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return !in.bad();
}

std::string ReadTrimmed(const std::string& path) {
  std::string text;
  return ReadFile(path, &text) ? std::string(Trim(text)) : std::string();
}

uint64_t MemTotalBytes(const std::string& meminfo) {
  std::istringstream in(meminfo);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("MemTotal:")) continue;
    std::istringstream fields(line.substr(9));
    uint64_t kib = 0;
    std::string unit;
    fields >> kib >> unit;
    return kib * 1024;
  }
  return 0;
}

// PRETTY_NAME="Debian GNU/Linux 12 (bookworm)" -> Debian GNU/Linux 12 (bookworm)
std::string PrettyName(const std::string& os_release) {
  std::istringstream in(os_release);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("PRETTY_NAME=")) continue;
    std::string value(Trim(std::string_view(line).substr(12)));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    return value;
  }
  return {};
}

std::vector<HugePages> ReadHugePages(const std::string& dir) {
  std::vector<HugePages> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    // hugepages-2048kB
    std::string name = entry.path().filename().string();
    if (!name.starts_with("hugepages-") || !name.ends_with("kB")) continue;
    uint64_t kib = std::strtoull(name.c_str() + 10, nullptr, 10);
    if (kib == 0) continue;
    std::string count = ReadTrimmed(entry.path().string() + "/nr_hugepages");
    out.push_back(HugePages{kib * 1024, std::strtoull(count.c_str(), nullptr, 10)});
  }
  std::sort(out.begin(), out.end(),
            [](const HugePages& a, const HugePages& b) { return a.page_size_bytes < b.page_size_bytes; });
  return out;
}

uint64_t FilesystemBytes(const std::string& root_dir) {
  std::filesystem::path dir = root_dir.empty() ? std::filesystem::path("/") : std::filesystem::path(root_dir);
  std::error_code ec;
  while (!std::filesystem::exists(dir, ec) && dir.has_parent_path() && dir != dir.parent_path()) {
    dir = dir.parent_path();
  }
  struct statfs fs{};
  if (statfs(dir.c_str(), &fs) != 0) return 0;
  return static_cast<uint64_t>(fs.f_frsize) * static_cast<uint64_t>(fs.f_blocks);
}

}  // namespace

int CountCpuList(std::string_view list) {
  std::string text(Trim(list));
  if (text.empty()) return 0;
  int count = 0;
  std::istringstream in(text);
  std::string range;
  while (std::getline(in, range, ',')) {
    size_t dash = range.find('-');
    char* end = nullptr;
    long first = std::strtol(range.c_str(), &end, 10);
    if (end == range.c_str()) return 0;
    long last = first;
    if (dash != std::string::npos) {
      const char* second = range.c_str() + dash + 1;
      last = std::strtol(second, &end, 10);
      if (end == second) return 0;
    }
    if (last < first) return 0;
    count += static_cast<int>(last - first + 1);
  }
  return count;
}

std::string GoArch(std::string_view m) {
  if (m == "x86_64" || m == "amd64") return "amd64";
  if (m == "aarch64" || m == "arm64" || m == "aarch64_be") return "arm64";
  if (m.starts_with("armv") || m == "arm") return "arm";
  if (m == "i386" || m == "i486" || m == "i586" || m == "i686") return "386";
  return std::string(m);
}

MachineInfo ReadMachineInfo(const HostPaths& paths, const std::string& root_dir) {
  MachineInfo info;
  info.num_cores = CountCpuList(ReadTrimmed(paths.sys + "/devices/system/cpu/online"));
  if (info.num_cores == 0) info.num_cores = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  std::string meminfo;
  if (ReadFile(paths.proc + "/meminfo", &meminfo)) info.memory_capacity_bytes = MemTotalBytes(meminfo);
  info.hugepages = ReadHugePages(paths.sys + "/kernel/mm/hugepages");
  info.root_fs_capacity_bytes = FilesystemBytes(root_dir);
  info.machine_id = ReadTrimmed(paths.etc + "/machine-id");
  info.system_uuid = ReadTrimmed(paths.sys + "/class/dmi/id/product_uuid");
  info.boot_id = ReadTrimmed(paths.proc + "/sys/kernel/random/boot_id");
  std::string os_release;
  if (ReadFile(paths.etc + "/os-release", &os_release)) info.os_image = PrettyName(os_release);
  if (info.os_image.empty()) info.os_image = "Linux";
  struct utsname uts{};
  if (uname(&uts) == 0) {
    info.kernel_version = uts.release;
    info.architecture = GoArch(uts.machine);
  }
  return info;
}

}  // namespace kubepp::kubelet
