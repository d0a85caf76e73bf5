// Which pods of each Job are expected to lose the tracking finalizer.
//
// The Job controller removes a finished pod's finalizer and then counts the
// pod. Until the pod informer shows the finalizer gone, a later sync still
// sees it there and would count the pod a second time (upstream's
// "uidTrackingExpectations" guard the same window). A sync therefore treats
// a pod listed here as counted already, and the pod handlers clear the entry
// once the informer catches up (finalizer gone, or the pod deleted).
//
// Thread safety: all methods may be called from any thread.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>

namespace kubepp::controllers::job {

class FinalizerRemovalExpectations {
 public:
  void Expect(const std::string& job_key, const std::string& pod_uid);
  // The removal was seen, failed, or no longer matters.
  void Observed(const std::string& job_key, const std::string& pod_uid);
  std::set<std::string> Expected(const std::string& job_key) const;
  void Forget(const std::string& job_key);  // the Job is gone

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::set<std::string>> by_job_;
};

}  // namespace kubepp::controllers::job
