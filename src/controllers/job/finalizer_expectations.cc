#include "controllers/job/finalizer_expectations.h"

namespace kubepp::controllers::job {

void FinalizerRemovalExpectations::Expect(const std::string& job_key, const std::string& pod_uid) {
  std::lock_guard lock(mu_);
  by_job_[job_key].insert(pod_uid);
}

void FinalizerRemovalExpectations::Observed(const std::string& job_key, const std::string& pod_uid) {
  std::lock_guard lock(mu_);
  auto it = by_job_.find(job_key);
  if (it == by_job_.end()) return;
  it->second.erase(pod_uid);
  if (it->second.empty()) by_job_.erase(it);
}

std::set<std::string> FinalizerRemovalExpectations::Expected(const std::string& job_key) const {
  std::lock_guard lock(mu_);
  auto it = by_job_.find(job_key);
  return it == by_job_.end() ? std::set<std::string>() : it->second;
}

void FinalizerRemovalExpectations::Forget(const std::string& job_key) {
  std::lock_guard lock(mu_);
  by_job_.erase(job_key);
}

}  // namespace kubepp::controllers::job
