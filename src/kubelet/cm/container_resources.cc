#include "kubelet/cm/container_resources.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "kubelet/pod_fields.h"
#include "kubelet/qos/oom_score.h"

namespace kubepp::kubelet::cm {
namespace {

constexpr std::string_view kHugePagesPrefix = "hugepages-";

}  // namespace

int64_t MilliCpuToShares(int64_t milli_cpu) {
  if (milli_cpu == 0) return kMinShares;  // the kernel's minimum, rather than unset (1024)
  // (milli / 1000) * 1024, factored to round better.
  int64_t shares = (milli_cpu * kSharesPerCpu) / kMilliCpuToCpu;
  if (shares < kMinShares) return kMinShares;
  if (shares > kMaxShares) return kMaxShares;
  return shares;
}

int64_t MilliCpuToQuota(int64_t milli_cpu, int64_t period) {
  if (milli_cpu == 0) return 0;
  int64_t quota = (milli_cpu * period) / kMilliCpuToCpu;
  return quota < kMinQuotaPeriod ? kMinQuotaPeriod : quota;
}

std::optional<std::string> HugePageUnitSize(int64_t bytes) {
  static constexpr std::string_view kUnits[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  constexpr size_t kCount = sizeof(kUnits) / sizeof(kUnits[0]);
  size_t idx = 0;
  while (bytes % 1024 == 0 && idx < kCount - 1) {
    bytes /= 1024;
    ++idx;
  }
  if (bytes > 1024 && idx < kCount - 1) return std::nullopt;
  return std::to_string(bytes) + std::string(kUnits[idx]);
}

std::vector<std::string> NodeHugePageSizes(const std::string& sysfs_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(sysfs_dir, ec)) {
    std::string name = entry.path().filename().string();
    // "hugepages-2048kB"
    if (name.rfind(kHugePagesPrefix, 0) != 0 || name.size() < kHugePagesPrefix.size() + 3) continue;
    std::string number =
        name.substr(kHugePagesPrefix.size(), name.size() - kHugePagesPrefix.size() - 2);
    if (name.substr(name.size() - 2) != "kB" || number.empty() ||
        !std::all_of(number.begin(), number.end(),
                     [](unsigned char c) { return std::isdigit(c); })) {
      continue;
    }
    if (auto unit = HugePageUnitSize(std::stoll(number) * 1024)) out.push_back(*unit);
  }
  std::sort(out.begin(), out.end());
  return out;
}

LinuxContainerResources ContainerResources(const boost::json::object& pod,
                                           const boost::json::object& container,
                                           const NodeResourceOptions& node) {
  LinuxContainerResources r;
  std::optional<api::Quantity> cpu_request = ResourceQuantity(container, "requests", "cpu");
  api::Quantity cpu_limit = ResourceOrZero(container, "limits", "cpu");
  // Without a request the limit stands in for it, as the apiserver defaults
  // for new pods; repeated here for pods that predate that defaulting.
  r.cpu_shares = MilliCpuToShares(cpu_request ? cpu_request->MilliValue() : cpu_limit.MilliValue());
  r.memory_limit_in_bytes = ResourceOrZero(container, "limits", "memory").Value();
  if (node.cpu_cfs_quota) {
    r.cpu_period = kQuotaPeriod;
    r.cpu_quota = MilliCpuToQuota(cpu_limit.MilliValue(), kQuotaPeriod);
  }
  if (node.cgroup_v2 && !node.single_process_oom_kill) r.unified["memory.oom.group"] = "1";
  r.oom_score_adj = qos::ContainerOomScoreAdjust(pod, container, node.memory_capacity);

  // Every page size gets a limit, 0 unless the container asks for pages.
  std::map<std::string, uint64_t> wanted;
  if (const boost::json::object* limits = Obj(Obj(&container, "resources"), "limits")) {
    for (const auto& kv : *limits) {
      std::string_view name = kv.key();
      if (name.rfind(kHugePagesPrefix, 0) != 0) continue;
      StatusOr<api::Quantity> page = api::Quantity::Parse(name.substr(kHugePagesPrefix.size()));
      if (!page.ok()) continue;
      std::optional<std::string> size = HugePageUnitSize(page->Value());
      if (!size) continue;
      wanted[*size] = static_cast<uint64_t>(ResourceOrZero(container, "limits", name).Value());
    }
  }
  for (const std::string& size : node.huge_page_sizes) {
    auto it = wanted.find(size);
    r.hugepage_limits.push_back({size, it == wanted.end() ? 0 : it->second});
  }
  return r;
}

}  // namespace kubepp::kubelet::cm
