#include "controllers/endpointslice/slice_tracker.h"

#include "controllers/util/object_fields.h"

namespace kubepp::controllers {

void SliceTracker::Wrote(const std::string& service_key, const std::string& name, int64_t generation) {
  std::lock_guard lock(mu_);
  expected_[service_key][name] = generation;
}

void SliceTracker::Deleted(const std::string& service_key, const std::string& name) {
  std::lock_guard lock(mu_);
  expected_[service_key][name] = kDeleted;
}

bool SliceTracker::Stale(const std::string& service_key, const std::vector<client::ObjectPtr>& cached) {
  std::lock_guard lock(mu_);
  auto it = expected_.find(service_key);
  if (it == expected_.end()) return false;
  std::map<std::string, int64_t, std::less<>> have;
  for (const auto& s : cached) have[std::string(client::NameOf(*s))] = util::IntAt(*s, {"metadata", "generation"}, 0);
  bool stale = false;
  for (auto e = it->second.begin(); e != it->second.end();) {
    auto h = have.find(e->first);
    bool seen = e->second == kDeleted ? h == have.end() : (h != have.end() && h->second >= e->second);
    if (seen) {
      e = it->second.erase(e);
    } else {
      stale = true;
      ++e;
    }
  }
  if (it->second.empty()) expected_.erase(it);
  return stale;
}

void SliceTracker::Forget(const std::string& service_key) {
  std::lock_guard lock(mu_);
  expected_.erase(service_key);
}

}  // namespace kubepp::controllers
