#include "kubelet/stats/cpu_usage_updater.h"

#include "base/log.h"

namespace kubepp::kubelet::stats {

CpuUsageUpdater::CpuUsageUpdater(StatsProvider& provider, Clock& clock, Clock::Duration period)
    : provider_(provider), clock_(clock), period_(period) {}

CpuUsageUpdater::~CpuUsageUpdater() { Stop(); }

void CpuUsageUpdater::Start() {
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void CpuUsageUpdater::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int CpuUsageUpdater::updates() const {
  std::lock_guard lock(mu_);
  return updates_;
}

void CpuUsageUpdater::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    auto summary = provider_.GetSummary(/*update_cpu_usage=*/true);
    if (!summary.ok()) {
      VLOG(2) << "stats: updating CPU usage: " << summary.status().message();
    }
    lock.lock();
    ++updates_;
    clock_.WaitUntil(lock, cv_, clock_.Now() + period_, [this] { return stopping_; });
  }
}

}  // namespace kubepp::kubelet::stats
