#include "controllers/common/expectations.h"

namespace kubepp::controllers::common {

bool Expectations::Satisfied(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return true;
  const Entry& e = it->second;
  if (e.adds <= 0 && e.dels <= 0) return true;
  return clock_.Now() - e.since > kExpectationsTimeout;
}

void Expectations::ExpectCreations(const std::string& key, int adds) {
  std::lock_guard lock(mu_);
  Entry& e = entries_[key];
  e = Entry{};
  e.adds = adds;
  e.since = clock_.Now();
}

void Expectations::ExpectDeletions(const std::string& key, const std::vector<std::string>& pod_keys) {
  std::lock_guard lock(mu_);
  Entry& e = entries_[key];
  e = Entry{};
  e.deleting.insert(pod_keys.begin(), pod_keys.end());
  e.dels = static_cast<int64_t>(e.deleting.size());
  e.since = clock_.Now();
}

void Expectations::CreationObserved(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it != entries_.end()) --it->second.adds;
}

void Expectations::DeletionObserved(const std::string& key, const std::string& pod_key) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  if (it->second.deleting.erase(pod_key) > 0) --it->second.dels;
}

void Expectations::Delete(const std::string& key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
}

std::pair<int64_t, int64_t> Expectations::Pending(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return {0, 0};
  return {it->second.adds, it->second.dels};
}

}  // namespace kubepp::controllers::common
