#include "kubelet/stats/cpu_usage_cache.h"

namespace kubepp::kubelet::stats {

std::optional<uint64_t> CpuUsageCache::Update(const std::string& key, Clock::TimePoint time,
                                              uint64_t usage_core_nanos) {
  std::lock_guard lock(mu_);
  auto it = records_.find(key);
  if (it == records_.end() || usage_core_nanos < it->second.usage) {
    records_[key] = Record{time, usage_core_nanos, std::nullopt};
    return std::nullopt;
  }
  Record& before = it->second;
  const int64_t nanos =
      std::chrono::duration_cast<std::chrono::nanoseconds>(time - before.time).count();
  if (nanos <= 0) return std::nullopt;  // the same sample again; the window stays
  const double rate =
      static_cast<double>(usage_core_nanos - before.usage) / static_cast<double>(nanos) * 1e9;
  const uint64_t nano_cores = static_cast<uint64_t>(rate);
  before = Record{time, usage_core_nanos, nano_cores};
  return nano_cores;
}

std::optional<uint64_t> CpuUsageCache::Latest(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = records_.find(key);
  if (it == records_.end()) return std::nullopt;
  return it->second.nano_cores;
}

void CpuUsageCache::DropOutdated() {
  const Clock::TimePoint cutoff = clock_.Now() - kCpuUsageCachePeriod;
  std::lock_guard lock(mu_);
  for (auto it = records_.begin(); it != records_.end();) {
    it = it->second.time < cutoff ? records_.erase(it) : std::next(it);
  }
}

size_t CpuUsageCache::size() const {
  std::lock_guard lock(mu_);
  return records_.size();
}

}  // namespace kubepp::kubelet::stats
