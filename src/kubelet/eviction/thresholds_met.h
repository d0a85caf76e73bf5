// The bookkeeping of one eviction round (upstream's eviction helpers): which
// thresholds are met now, since when, which Node conditions they raise and
// for how long those stay raised.
//
//   ThresholdsMet             available < threshold (with enforce_min_reclaim:
//                             < threshold + minimum reclaim, which keeps a
//                             threshold met until the minimum is reclaimed)
//   ThresholdsFirstObservedAt when each met threshold was first met in an
//                             unbroken run of rounds
//   ThresholdsMetGracePeriod  met for at least their grace period (hard
//                             thresholds at once)
//   NodeConditions...         a condition stays True until it has not been
//                             observed for the pressure transition period,
//                             so a node does not flap between pressure and
//                             none while pods are evicted
//   ThresholdsUpdatedStats    met thresholds whose figures are newer than the
//                             last round's (stale stats evict nobody twice)
//   SortByEvictionPriority    memory first, thresholds without a resource last
//
// Thread safety: pure functions on caller-owned values.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "kubelet/eviction/observations.h"
#include "kubelet/eviction/thresholds.h"

namespace kubepp::kubelet::eviction {

using ThresholdsObservedAt = std::vector<std::pair<Threshold, Clock::TimePoint>>;
using NodeConditionsObservedAt = std::map<std::string, Clock::TimePoint, std::less<>>;

std::vector<Threshold> ThresholdsMet(const std::vector<Threshold>& thresholds,
                                     const Observations& observations, bool enforce_min_reclaim);
// `a`, then the thresholds of `b` not in it.
std::vector<Threshold> MergeThresholds(std::vector<Threshold> a, const std::vector<Threshold>& b);
ThresholdsObservedAt ThresholdsFirstObservedAt(const std::vector<Threshold>& met,
                                               const ThresholdsObservedAt& last,
                                               Clock::TimePoint now);
std::vector<Threshold> ThresholdsMetGracePeriod(const ThresholdsObservedAt& observed_at,
                                                Clock::TimePoint now);
std::vector<Threshold> ThresholdsUpdatedStats(const std::vector<Threshold>& thresholds,
                                              const Observations& observations,
                                              const Observations& last);

// The conditions the thresholds raise, each once, in the thresholds' order.
std::vector<std::string> NodeConditions(const std::vector<Threshold>& thresholds);
NodeConditionsObservedAt NodeConditionsLastObservedAt(const std::vector<std::string>& conditions,
                                                      const NodeConditionsObservedAt& last,
                                                      Clock::TimePoint now);
std::vector<std::string> NodeConditionsObservedSince(const NodeConditionsObservedAt& observed_at,
                                                     Clock::Duration period, Clock::TimePoint now);

void SortByEvictionPriority(std::vector<Threshold>& thresholds);

// The amount a threshold stands for on its signal's observation (its
// quantity, or its percentage of the capacity).
api::Quantity ObservedThresholdQuantity(const Threshold& t, const Observation& observed);

}  // namespace kubepp::kubelet::eviction
