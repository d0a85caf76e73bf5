#include "kubelet/eviction/thresholds_met.h"

#include <algorithm>

#include "base/log.h"
#include "kubelet/eviction/signals.h"

namespace kubepp::kubelet::eviction {

api::Quantity ObservedThresholdQuantity(const Threshold& t, const Observation& observed) {
  return ThresholdQuantity(t.value, observed.capacity);
}

std::vector<Threshold> ThresholdsMet(const std::vector<Threshold>& thresholds,
                                     const Observations& observations, bool enforce_min_reclaim) {
  std::vector<Threshold> out;
  for (const auto& t : thresholds) {
    auto observed = observations.find(t.signal);
    if (observed == observations.end()) {
      VLOG(4) << "eviction manager: no observation found for eviction signal " << t.signal;
      continue;
    }
    api::Quantity quantity = ObservedThresholdQuantity(t, observed->second);
    if (enforce_min_reclaim && t.min_reclaim) {
      quantity = quantity.Add(ThresholdQuantity(*t.min_reclaim, observed->second.capacity));
    }
    if (quantity.Compare(observed->second.AvailableQuantity()) > 0) out.push_back(t);
  }
  return out;
}

std::vector<Threshold> MergeThresholds(std::vector<Threshold> a, const std::vector<Threshold>& b) {
  for (const auto& t : b) {
    if (std::find(a.begin(), a.end(), t) == a.end()) a.push_back(t);
  }
  return a;
}

ThresholdsObservedAt ThresholdsFirstObservedAt(const std::vector<Threshold>& met,
                                               const ThresholdsObservedAt& last,
                                               Clock::TimePoint now) {
  ThresholdsObservedAt out;
  for (const auto& t : met) {
    Clock::TimePoint at = now;
    for (const auto& [known, when] : last) {
      if (known == t) at = when;
    }
    out.emplace_back(t, at);
  }
  return out;
}

std::vector<Threshold> ThresholdsMetGracePeriod(const ThresholdsObservedAt& observed_at,
                                                Clock::TimePoint now) {
  std::vector<Threshold> out;
  for (const auto& [t, at] : observed_at) {
    if (now - at < t.grace_period) {
      VLOG(2) << "eviction manager: eviction criteria not yet met for " << FormatThreshold(t);
      continue;
    }
    out.push_back(t);
  }
  return out;
}

std::vector<Threshold> ThresholdsUpdatedStats(const std::vector<Threshold>& thresholds,
                                              const Observations& observations,
                                              const Observations& last) {
  std::vector<Threshold> out;
  for (const auto& t : thresholds) {
    auto observed = observations.find(t.signal);
    if (observed == observations.end()) continue;
    auto previous = last.find(t.signal);
    if (previous == last.end() || observed->second.time == Clock::TimePoint{} ||
        observed->second.time > previous->second.time) {
      out.push_back(t);
    }
  }
  return out;
}

std::vector<std::string> NodeConditions(const std::vector<Threshold>& thresholds) {
  std::vector<std::string> out;
  for (const auto& t : thresholds) {
    std::string_view condition = SignalNodeCondition(t.signal);
    if (condition.empty()) continue;
    if (std::find(out.begin(), out.end(), condition) == out.end()) out.emplace_back(condition);
  }
  return out;
}

NodeConditionsObservedAt NodeConditionsLastObservedAt(const std::vector<std::string>& conditions,
                                                      const NodeConditionsObservedAt& last,
                                                      Clock::TimePoint now) {
  NodeConditionsObservedAt out = last;
  for (const auto& c : conditions) out[c] = now;
  return out;
}

std::vector<std::string> NodeConditionsObservedSince(const NodeConditionsObservedAt& observed_at,
                                                     Clock::Duration period, Clock::TimePoint now) {
  std::vector<std::string> out;
  for (const auto& [condition, at] : observed_at) {
    if (now - at < period) out.push_back(condition);
  }
  return out;
}

void SortByEvictionPriority(std::vector<Threshold>& thresholds) {
  auto rank = [](const Threshold& t) {
    if (IsMemorySignal(t.signal)) return 0;
    return SignalResource(t.signal).empty() ? 2 : 1;
  };
  std::stable_sort(thresholds.begin(), thresholds.end(),
                   [&](const Threshold& a, const Threshold& b) { return rank(a) < rank(b); });
}

}  // namespace kubepp::kubelet::eviction
