// CpuUsageUpdater: moves the usageNanoCores windows of a StatsProvider every
// 10 s (one GetSummary(update_cpu_usage=true)), the period at which
// upstream's eviction manager refreshes them, so that every /stats/summary in
// between reports the CPU rate over the last 10 s.
//
// Thread safety: Start and Stop from one thread; the loop runs on its own.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "base/clock.h"
#include "kubelet/stats/stats_provider.h"

namespace kubepp::kubelet::stats {

inline constexpr std::chrono::seconds kCpuUsageUpdatePeriod{10};

class CpuUsageUpdater {
 public:
  CpuUsageUpdater(StatsProvider& provider, Clock& clock,
                  Clock::Duration period = kCpuUsageUpdatePeriod);
  ~CpuUsageUpdater();

  void Start();
  void Stop();
  // How many updates have run (tests wait for it).
  int updates() const;

 private:
  void Loop();

  StatsProvider& provider_;
  Clock& clock_;
  const Clock::Duration period_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  int updates_ = 0;        // guarded by mu_
};

}  // namespace kubepp::kubelet::stats
