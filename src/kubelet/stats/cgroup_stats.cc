#include "kubelet/stats/cgroup_stats.h"

#include <sys/stat.h>

#include <charconv>
#include <filesystem>

#include "kubelet/stats/procfs.h"
#include "kubelet/stats/read_file.h"

namespace kubepp::kubelet::stats {
namespace {

bool IsDir(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string Join(const std::string& dir, std::string_view path) {
  std::string out = dir;
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty()) out += "/" + std::string(path);
  return out;
}

std::optional<uint64_t> ReadU64(const std::string& file) {
  auto text = ReadSmallFile(file);
  if (!text) return std::nullopt;
  auto v = ParseIntText(*text);
  if (!v || *v < 0) return std::nullopt;
  return static_cast<uint64_t>(*v);
}

std::optional<uint64_t> Lookup(const std::map<std::string, uint64_t, std::less<>>& m,
                               std::string_view key) {
  auto it = m.find(key);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::map<std::string, uint64_t, std::less<>> ParseFlatKeyed(std::string_view text) {
  std::map<std::string, uint64_t, std::less<>> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    size_t space = line.find(' ');
    if (space == std::string_view::npos || space == 0) continue;
    std::string_view value = line.substr(space + 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.remove_suffix(1);
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || end != value.data() + value.size()) continue;
    out.emplace(std::string(line.substr(0, space)), v);
  }
  return out;
}

uint64_t WorkingSet(uint64_t usage, uint64_t inactive_file) {
  return usage > inactive_file ? usage - inactive_file : 0;
}

bool IsMemoryUnlimited(uint64_t limit) { return limit > (uint64_t{1} << 62); }

CgroupReader::CgroupReader(std::string root) : root_(std::move(root)) {
  struct stat st {};
  unified_ = ::stat((root_ + "/cgroup.controllers").c_str(), &st) == 0;
  if (!unified_) {
    cpuacct_ = "cpuacct";
    for (const char* name : {"cpuacct", "cpu,cpuacct", "cpuacct,cpu"}) {
      if (IsDir(root_ + "/" + name)) {
        cpuacct_ = name;
        break;
      }
    }
  }
}

std::string CgroupReader::CpuDir(std::string_view path) const {
  return unified_ ? Join(root_, path) : Join(root_ + "/" + cpuacct_, path);
}

std::string CgroupReader::MemoryDir(std::string_view path) const {
  return unified_ ? Join(root_, path) : Join(root_ + "/memory", path);
}

bool CgroupReader::Exists(std::string_view path) const {
  return IsDir(MemoryDir(path)) || IsDir(CpuDir(path));
}

StatusOr<CgroupSample> CgroupReader::Read(std::string_view path) const {
  if (!Exists(path)) return Status::NotFound("cgroup " + std::string(path) + " does not exist");
  CgroupSample s;
  const std::string cpu = CpuDir(path);
  const std::string mem = MemoryDir(path);
  if (unified_) {
    if (auto text = ReadSmallFile(cpu + "/cpu.stat")) {
      if (auto usec = Lookup(ParseFlatKeyed(*text), "usage_usec")) s.cpu_usage_nanos = *usec * 1000;
    }
    s.memory_usage_bytes = ReadU64(mem + "/memory.current");
    auto stat = ParseFlatKeyed(ReadSmallFile(mem + "/memory.stat").value_or(""));
    if (s.memory_usage_bytes) {
      s.working_set_bytes =
          WorkingSet(*s.memory_usage_bytes, Lookup(stat, "inactive_file").value_or(0));
    }
    s.rss_bytes = Lookup(stat, "anon");
    s.page_faults = Lookup(stat, "pgfault");
    s.major_page_faults = Lookup(stat, "pgmajfault");
    if (auto limit = ReadU64(mem + "/memory.max"); limit && !IsMemoryUnlimited(*limit))
      s.memory_limit_bytes = limit;
    s.swap_usage_bytes = ReadU64(mem + "/memory.swap.current");
    if (auto limit = ReadU64(mem + "/memory.swap.max"); limit && !IsMemoryUnlimited(*limit))
      s.swap_limit_bytes = limit;
    return s;
  }
  s.cpu_usage_nanos = ReadU64(cpu + "/cpuacct.usage");
  s.memory_usage_bytes = ReadU64(mem + "/memory.usage_in_bytes");
  auto stat = ParseFlatKeyed(ReadSmallFile(mem + "/memory.stat").value_or(""));
  if (s.memory_usage_bytes) {
    s.working_set_bytes =
        WorkingSet(*s.memory_usage_bytes, Lookup(stat, "total_inactive_file").value_or(0));
  }
  s.rss_bytes = Lookup(stat, "total_rss");
  s.page_faults = Lookup(stat, "pgfault");
  s.major_page_faults = Lookup(stat, "pgmajfault");
  if (auto limit = ReadU64(mem + "/memory.limit_in_bytes"); limit && !IsMemoryUnlimited(*limit)) {
    s.memory_limit_bytes = limit;
  }
  if (auto memsw = ReadU64(mem + "/memory.memsw.usage_in_bytes"); memsw && s.memory_usage_bytes) {
    s.swap_usage_bytes = *memsw > *s.memory_usage_bytes ? *memsw - *s.memory_usage_bytes : 0;
    if (auto limit = ReadU64(mem + "/memory.memsw.limit_in_bytes");
        limit && !IsMemoryUnlimited(*limit)) {
      s.swap_limit_bytes = limit;
    }
  }
  return s;
}

std::vector<int> CgroupReader::Procs(std::string_view path) const {
  std::vector<int> out;
  auto text = ReadSmallFile(MemoryDir(path) + "/cgroup.procs");
  if (!text) text = ReadSmallFile(CpuDir(path) + "/cgroup.procs");
  if (!text) return out;
  size_t pos = 0;
  while (pos < text->size()) {
    size_t nl = text->find('\n', pos);
    if (nl == std::string::npos) nl = text->size();
    if (auto pid = ParseIntText(std::string_view(*text).substr(pos, nl - pos)); pid && *pid > 0) {
      out.push_back(static_cast<int>(*pid));
    }
    pos = nl + 1;
  }
  return out;
}

std::vector<std::string> CgroupReader::Children(std::string_view path) const {
  std::vector<std::string> out;
  std::error_code ec;
  std::string dir = IsDir(MemoryDir(path)) ? MemoryDir(path) : CpuDir(path);
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_directory(ec)) out.push_back(entry.path().filename().string());
  }
  return out;
}

Clock::TimePoint CgroupReader::CreationTime(std::string_view path) const {
  Clock::TimePoint oldest{};
  for (const std::string& dir : {CpuDir(path), MemoryDir(path)}) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) continue;
    Clock::TimePoint t{
        std::chrono::seconds(st.st_mtim.tv_sec) +
        std::chrono::duration_cast<Clock::Duration>(std::chrono::nanoseconds(st.st_mtim.tv_nsec))};
    if (oldest == Clock::TimePoint{} || t < oldest) oldest = t;
  }
  return oldest;
}

}  // namespace kubepp::kubelet::stats
