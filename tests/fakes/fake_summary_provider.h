// FakeSummaryProvider: the eviction manager's figures as a test sets them.
// Get returns the current summary (or the error set); tests change it
// between rounds (or from a FakeDiskReclaimer's callback, to model freed disk).
// Thread safety: every method may be called from any thread.
#pragma once

#include <mutex>

#include "kubelet/eviction/summary.h"

namespace kubepp::fakes {

class FakeSummaryProvider : public kubelet::eviction::SummaryProvider {
 public:
  void Set(kubelet::eviction::Summary summary) {
    std::lock_guard lock(mu_);
    summary_ = std::move(summary);
    error_ = Status::Ok();
  }
  void SetError(Status error) {
    std::lock_guard lock(mu_);
    error_ = std::move(error);
  }
  void SetDedicatedImageFs(bool dedicated) {
    std::lock_guard lock(mu_);
    dedicated_ = dedicated;
  }
  int gets() const {
    std::lock_guard lock(mu_);
    return gets_;
  }

  StatusOr<kubelet::eviction::Summary> Get() override {
    std::lock_guard lock(mu_);
    ++gets_;
    if (!error_.ok()) return error_;
    return summary_;
  }
  StatusOr<bool> HasDedicatedImageFs() override {
    std::lock_guard lock(mu_);
    return dedicated_;
  }

 private:
  mutable std::mutex mu_;
  kubelet::eviction::Summary summary_;
  Status error_;
  bool dedicated_ = false;
  int gets_ = 0;
};

}  // namespace kubepp::fakes
