// usageNanoCores from cumulative CPU time: the rate between the newest sample
// of a cgroup or container and the one before it, as upstream's CRI stats
// provider computes it when the runtime reports no rate of its own:
//
//   nano cores = (usage_now - usage_before) / (time_now - time_before) * 1e9
//
// Only Update() moves the window, so the rate describes the period between
// two updates; the kubelet updates every 10 s (upstream's eviction manager
// does it at that period) and every reader in between gets the rate of the
// last window (Latest). A first sample, or one whose usage went backwards (a
// restarted container reusing the key), only primes the cache. Samples older
// than 10 minutes are dropped by DropOutdated.
//
// Keys are caller-chosen ("node", "pod/<uid>", a container ID).
//
// Thread safety: every method takes the cache's lock; safe from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "base/clock.h"

namespace kubepp::kubelet::stats {

inline constexpr std::chrono::minutes kCpuUsageCachePeriod{10};

class CpuUsageCache {
 public:
  explicit CpuUsageCache(Clock& clock) : clock_(clock) {}

  // Records the sample and returns the rate since the previous one, nullopt
  // when there is none to compare with (or the time did not advance).
  std::optional<uint64_t> Update(const std::string& key, Clock::TimePoint time,
                                 uint64_t usage_core_nanos);
  // The rate the last Update computed for `key`.
  std::optional<uint64_t> Latest(const std::string& key) const;
  // Forgets samples taken more than kCpuUsageCachePeriod ago.
  void DropOutdated();
  size_t size() const;

 private:
  struct Record {
    Clock::TimePoint time;
    uint64_t usage = 0;
    std::optional<uint64_t> nano_cores;
  };

  Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, Record> records_;  // guarded by mu_
};

}  // namespace kubepp::kubelet::stats
