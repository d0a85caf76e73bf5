// The Linux resources of one container as the kubelet hands them to the
// runtime, as upstream's kuberuntime generateLinuxContainerResources and
// cm helpers (v1.32):
//
//   cpu_shares  1024 per cpu of the request (a limit stands in for a missing
//               request), at least 2 and at most 262144; 2 without either
//   cpu_period  100000 (100ms) whenever CFS quota is enforced
//   cpu_quota   limit x period / 1000m, at least 1000 (1ms); 0 = no limit
//   memory      the memory limit in bytes; 0 = no limit
//   oom_score_adj  see qos/oom_score.h
//   hugepages   one entry per page size of the node, limit 0 unless the
//               container has a hugepages-<size> limit
//   unified     memory.oom.group=1 on cgroup v2 unless the node asks for
//               single-process OOM kills
//
// Plain values, converted to CRI messages by the caller.
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kubepp::kubelet::cm {

inline constexpr int64_t kMinShares = 2;
inline constexpr int64_t kMaxShares = 262144;
inline constexpr int64_t kSharesPerCpu = 1024;
inline constexpr int64_t kMilliCpuToCpu = 1000;
inline constexpr int64_t kQuotaPeriod = 100000;   // microseconds
inline constexpr int64_t kMinQuotaPeriod = 1000;  // microseconds

struct HugepageLimit {
  std::string page_size;  // "2MB", "1GB"
  uint64_t limit = 0;     // bytes
  bool operator==(const HugepageLimit&) const = default;
};

struct LinuxContainerResources {
  int64_t cpu_period = 0;
  int64_t cpu_quota = 0;
  int64_t cpu_shares = 0;
  int64_t memory_limit_in_bytes = 0;
  int64_t oom_score_adj = 0;
  std::vector<HugepageLimit> hugepage_limits;
  std::map<std::string, std::string> unified;
};

// What the node contributes.
struct NodeResourceOptions {
  int64_t memory_capacity = 0;  // bytes; REQUIRES > 0
  bool cpu_cfs_quota = true;    // --cpu-cfs-quota
  bool cgroup_v2 = false;
  bool single_process_oom_kill = false;
  // The node's huge page sizes ("2MB", ...), as HugePageSizes() reads them.
  std::vector<std::string> huge_page_sizes;
};

// CFS shares for a cpu amount in millicores (0 = none requested).
int64_t MilliCpuToShares(int64_t milli_cpu);
// CFS quota in microseconds per `period`; 0 when milli_cpu is 0.
int64_t MilliCpuToQuota(int64_t milli_cpu, int64_t period);

LinuxContainerResources ContainerResources(const boost::json::object& pod,
                                           const boost::json::object& container,
                                           const NodeResourceOptions& node);

// A page size in bytes as the runtime names it: 2097152 -> "2MB",
// 1073741824 -> "1GB"; nullopt for sizes not a whole number of the largest
// unit that divides them.
std::optional<std::string> HugePageUnitSize(int64_t bytes);
// The page sizes under `sysfs_dir` (/sys/kernel/mm/hugepages: entries
// "hugepages-2048kB"), as HugePageUnitSize names them, sorted.
std::vector<std::string> NodeHugePageSizes(
    const std::string& sysfs_dir = "/sys/kernel/mm/hugepages");

}  // namespace kubepp::kubelet::cm
