// Expectations: what a controller is still waiting to see in its informer
// cache after its own writes (upstream's ControllerExpectations and
// UIDTrackingExpectations). A ReplicaSet that asked for 3 pod creations does
// not act again until the 3 pods appeared in the cache (or 5 minutes passed:
// a lost watch event must not wedge it forever), so it never creates twice.
// Deletions are tracked by pod key, so a pod deleted by someone else while a
// deletion is in flight is counted once.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "base/clock.h"

namespace kubepp::controllers::common {

inline constexpr std::chrono::minutes kExpectationsTimeout{5};

class Expectations {
 public:
  explicit Expectations(Clock& clock) : clock_(clock) {}

  // True when the controller may sync `key`: nothing expected, everything
  // observed, or the expectations expired.
  bool Satisfied(const std::string& key) const;
  // Replaces whatever was expected with `adds` creations.
  void ExpectCreations(const std::string& key, int adds);
  // Replaces whatever was expected with the deletion of these pod keys.
  void ExpectDeletions(const std::string& key, const std::vector<std::string>& pod_keys);
  void CreationObserved(const std::string& key);
  // Counts only a pod whose deletion was expected.
  void DeletionObserved(const std::string& key, const std::string& pod_key);
  // Forgets `key` (its owner is gone).
  void Delete(const std::string& key);
  // Pending counts, for tests and logs: {adds, deletes}; {0, 0} when none.
  std::pair<int64_t, int64_t> Pending(const std::string& key) const;

 private:
  struct Entry {
    int64_t adds = 0;
    int64_t dels = 0;
    Clock::TimePoint since;
    std::set<std::string> deleting;  // pod keys still expected to disappear
  };
  Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;  // guarded by mu_
};

}  // namespace kubepp::controllers::common
