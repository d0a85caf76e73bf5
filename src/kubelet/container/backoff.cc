#include "kubelet/container/backoff.h"

namespace kubepp::kubelet {

bool Backoff::Expired(const Entry& e, Clock::TimePoint event_time) const {
  return event_time - e.last_update > 2 * max_;
}

bool Backoff::InBackoffSince(const std::string& key, Clock::TimePoint event_time) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || Expired(it->second, event_time)) return false;
  return clock_.Now() - event_time < it->second.delay;
}

bool Backoff::InBackoffSinceUpdate(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  Clock::TimePoint now = clock_.Now();
  if (Expired(it->second, now)) return false;
  return now - it->second.last_update < it->second.delay;
}

void Backoff::Next(const std::string& key, Clock::TimePoint event_time) {
  std::lock_guard lock(mu_);
  auto [it, fresh] = entries_.try_emplace(key);
  Entry& e = it->second;
  if (fresh || Expired(e, event_time)) {
    e.delay = initial_;
  } else {
    e.delay = std::min(e.delay * 2, max_);
  }
  e.last_update = event_time;
}

Clock::Duration Backoff::Delay(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  return it == entries_.end() ? Clock::Duration{} : it->second.delay;
}

Clock::TimePoint Backoff::Until(const std::string& key, Clock::TimePoint event_time) const {
  return event_time + Delay(key);
}

void Backoff::Reset(const std::string& key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
}

void Backoff::GC() {
  std::lock_guard lock(mu_);
  Clock::TimePoint now = clock_.Now();
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = now - it->second.last_update > 2 * max_ ? entries_.erase(it) : std::next(it);
  }
}

}  // namespace kubepp::kubelet
