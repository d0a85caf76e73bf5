// FakeDiskReclaimer: counts the eviction manager's requests to free disk and
// runs `on_reclaim` (e.g. to make a FakeSummaryProvider report freed space)
// when images are deleted.
// Thread safety: every method may be called from any thread.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "kubelet/eviction/disk_reclaimer.h"

namespace kubepp::fakes {

class FakeDiskReclaimer : public kubelet::eviction::DiskReclaimer {
 public:
  explicit FakeDiskReclaimer(std::function<void()> on_reclaim = nullptr)
      : on_reclaim_(std::move(on_reclaim)) {}

  Status DeleteAllUnusedContainers() override {
    std::lock_guard lock(mu_);
    calls_.push_back("containers");
    return Status::Ok();
  }
  Status DeleteUnusedImages() override {
    {
      std::lock_guard lock(mu_);
      calls_.push_back("images");
    }
    if (on_reclaim_) on_reclaim_();
    return Status::Ok();
  }
  std::vector<std::string> calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  const std::function<void()> on_reclaim_;
  mutable std::mutex mu_;
  std::vector<std::string> calls_;
};

}  // namespace kubepp::fakes
