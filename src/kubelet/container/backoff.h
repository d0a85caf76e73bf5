// Per-key exponential back-off measured from an event's time — upstream's
// flowcontrol.Backoff as the kubelet uses it for CrashLoopBackOff (10 s
// doubling to 5 min) and image pulls (ImagePullBackOff). An entry not
// touched for twice the maximum starts over at the initial delay.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "base/clock.h"

namespace kubepp::kubelet {

class Backoff {
 public:
  Backoff(Clock& clock, Clock::Duration initial, Clock::Duration max)
      : clock_(clock), initial_(initial), max_(max) {}

  // True while `key`'s current delay, counted from `event_time`, has not passed.
  bool InBackoffSince(const std::string& key, Clock::TimePoint event_time) const;
  // True while `key`'s current delay, counted from its last Next(), has not passed.
  bool InBackoffSinceUpdate(const std::string& key) const;
  // Doubles `key`'s delay (or starts it at the initial one), as of `event_time`.
  void Next(const std::string& key, Clock::TimePoint event_time);
  // The current delay of `key` (zero when it has none).
  Clock::Duration Delay(const std::string& key) const;
  // When `key`'s back-off since `event_time` ends.
  Clock::TimePoint Until(const std::string& key, Clock::TimePoint event_time) const;
  void Reset(const std::string& key);
  // Forgets entries idle for twice the maximum.
  void GC();

 private:
  struct Entry {
    Clock::Duration delay{};
    Clock::TimePoint last_update{};
  };
  bool Expired(const Entry& e, Clock::TimePoint event_time) const;

  Clock& clock_;
  const Clock::Duration initial_, max_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;
};

}  // namespace kubepp::kubelet
