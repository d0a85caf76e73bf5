// CPU, memory, swap and process counts of one cgroup, read the way cadvisor
// reads them for the kubelet, from cgroup v1 (one hierarchy per controller:
// <root>/cpuacct/<path>, <root>/memory/<path>) or the unified v2 hierarchy
// (<root>/<path>), whichever the machine mounts at `root`.
//
//   cpu usage      v1 cpuacct.usage (ns); v2 cpu.stat usage_usec
//   memory usage   v1 memory.usage_in_bytes; v2 memory.current
//   working set    usage - inactive file pages (v1 memory.stat
//                  total_inactive_file, v2 inactive_file), never below 0
//   rss            v1 total_rss; v2 anon
//   page faults    pgfault and pgmajfault of memory.stat
//   limit          v1 memory.limit_in_bytes; v2 memory.max ("max" = none);
//                  values above 2^62 count as no limit, as upstream's
//                  isMemoryUnlimited does
//   swap           v1 memory.memsw.usage_in_bytes - usage (when the kernel
//                  accounts swap); v2 memory.swap.current
//
// `root` is /sys/fs/cgroup on a real node; tests point it at a directory of
// fixture files.
//
// Thread safety: a CgroupReader is immutable after construction; Read may be
// called from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace kubepp::kubelet::stats {

struct CgroupSample {
  std::optional<uint64_t> cpu_usage_nanos;
  std::optional<uint64_t> memory_usage_bytes;
  std::optional<uint64_t> working_set_bytes;
  std::optional<uint64_t> rss_bytes;
  std::optional<uint64_t> page_faults;
  std::optional<uint64_t> major_page_faults;
  std::optional<uint64_t> memory_limit_bytes;  // absent when unlimited
  std::optional<uint64_t> swap_usage_bytes;
  std::optional<uint64_t> swap_limit_bytes;  // absent when unlimited
};

// "key value" lines (memory.stat, cpu.stat).
std::map<std::string, uint64_t, std::less<>> ParseFlatKeyed(std::string_view text);
// Working set as cadvisor computes it: usage minus inactive file pages, 0 if
// inactive exceeds usage.
uint64_t WorkingSet(uint64_t usage, uint64_t inactive_file);
// Whether a memory limit means "no limit" (above 2^62, as upstream decides).
bool IsMemoryUnlimited(uint64_t limit);

class CgroupReader {
 public:
  // Detects v2 by <root>/cgroup.controllers.
  explicit CgroupReader(std::string root = "/sys/fs/cgroup");

  bool unified() const { return unified_; }
  // Whether the cgroup exists (as a memory or cpu cgroup).
  bool Exists(std::string_view path) const;
  // NotFound when the cgroup does not exist; missing files leave fields unset.
  StatusOr<CgroupSample> Read(std::string_view path) const;
  // The processes directly in the cgroup (cgroup.procs).
  std::vector<int> Procs(std::string_view path) const;
  // Child cgroup names of `path`.
  std::vector<std::string> Children(std::string_view path) const;
  // When the cgroup was created, as cadvisor tells it: the oldest
  // modification time of its cpu and memory directories. Time{} if missing.
  Clock::TimePoint CreationTime(std::string_view path) const;

 private:
  std::string CpuDir(std::string_view path) const;
  std::string MemoryDir(std::string_view path) const;

  std::string root_;
  bool unified_ = false;
  std::string cpuacct_;  // v1: the hierarchy holding cpuacct ("cpuacct" or "cpu,cpuacct")
};

}  // namespace kubepp::kubelet::stats
