#include "kubelet/stats/cgroup_convert.h"

namespace kubepp::kubelet::stats {

CpuStats CpuFromCgroup(const CgroupSample& s, Time now, std::optional<uint64_t> usage_nano_cores) {
  CpuStats c;
  c.time = now;
  c.usage_core_nano_seconds = s.cpu_usage_nanos;
  c.usage_nano_cores = usage_nano_cores;
  return c;
}

MemoryStats MemoryFromCgroup(const CgroupSample& s, Time now, std::optional<uint64_t> limit) {
  MemoryStats m;
  m.time = now;
  m.usage_bytes = s.memory_usage_bytes;
  m.working_set_bytes = s.working_set_bytes.value_or(0);
  m.rss_bytes = s.rss_bytes;
  m.page_faults = s.page_faults;
  m.major_page_faults = s.major_page_faults;
  if (!limit) limit = s.memory_limit_bytes;
  if (limit) {
    const uint64_t ws = *m.working_set_bytes;
    m.available_bytes = *limit > ws ? *limit - ws : 0;
  }
  return m;
}

std::optional<SwapStats> SwapFromCgroup(const CgroupSample& s, Time now) {
  if (!s.swap_usage_bytes) return std::nullopt;
  SwapStats w;
  w.time = now;
  w.swap_usage_bytes = s.swap_usage_bytes;
  if (s.swap_limit_bytes) {
    w.swap_available_bytes =
        *s.swap_limit_bytes > *s.swap_usage_bytes ? *s.swap_limit_bytes - *s.swap_usage_bytes : 0;
  }
  return w;
}

}  // namespace kubepp::kubelet::stats
