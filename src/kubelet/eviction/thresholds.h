// Eviction thresholds as the kubelet's flags configure them (upstream's
// ParseThresholdConfig):
//
//   --eviction-hard                 "memory.available<100Mi,nodefs.available<10%"
//                                   met: evict at once (grace period 0)
//   --eviction-soft                 same syntax; met for its grace period: evict
//   --eviction-soft-grace-period    "memory.available=1m30s", required for every
//                                   soft threshold
//   --eviction-minimum-reclaim      "memory.available=0Mi,nodefs.available=500Mi":
//                                   once met, a threshold stays met until this
//                                   much more than it is available again
//   --enforce-node-allocatable      with "pods" (the default), every hard
//                                   memory.available threshold also applies to
//                                   allocatableMemory.available: the memory of
//                                   all pods against what the node allots them
//
// Values are amounts ("100Mi") or percentages of capacity ("10%"); "0%" and
// "100%" disable a signal (hard_eviction.h parses the statements).
//
// Thread safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/quantity/quantity.h"
#include "base/clock.h"
#include "base/status.h"
#include "kubelet/nodestatus/hard_eviction.h"

namespace kubepp::kubelet::eviction {

// Exactly one is meaningful: the quantity when set, else the percentage.
struct ThresholdValue {
  std::optional<api::Quantity> quantity;
  float percentage = 0;  // a float32, as upstream keeps it, so amounts round the same way
  bool operator==(const ThresholdValue& o) const;
};

struct Threshold {
  std::string signal;
  ThresholdValue value;
  Clock::Duration grace_period{};  // zero: a hard threshold
  std::optional<ThresholdValue> min_reclaim;
  // Upstream's hasThreshold: signal, value and grace period (not min reclaim).
  bool operator==(const Threshold& o) const;
};

inline bool IsHardThreshold(const Threshold& t) {
  return t.grace_period == Clock::Duration::zero();
}

// The amount `value` stands for on a resource of `capacity` (upstream's
// GetThresholdQuantity): the quantity itself, or capacity x percentage
// rounded down, in BinarySI.
api::Quantity ThresholdQuantity(const ThresholdValue& value, int64_t capacity);

// Upstream's --eviction-hard default (Linux).
inline constexpr std::string_view kDefaultEvictionHard =
    "memory.available<100Mi,nodefs.available<10%,imagefs.available<15%,nodefs.inodesFree<5%";

struct ThresholdFlags {
  std::string hard = std::string(kDefaultEvictionHard);
  std::string soft;
  std::string soft_grace_period;
  std::string minimum_reclaim;
  std::vector<std::string> enforce_node_allocatable = {"pods"};
};

// Hard thresholds first, then soft ones, then the allocatable copies.
// Errors are BadRequest with upstream's texts ("grace period must be
// specified for the soft eviction threshold memory.available", "unsupported
// eviction signal x", "invalid eviction grace period specified: -1s, must be a
// positive value", "negative eviction minimum reclaim specified for x", ...).
StatusOr<std::vector<Threshold>> ParseThresholdConfig(const ThresholdFlags& flags);

// ParseThresholdConfig of the defaults.
std::vector<Threshold> DefaultThresholds();

// The hard thresholds the Node's allocatable holds back (allocatable.h):
// every hard threshold but the allocatable copies.
std::vector<EvictionThreshold> NodeAllocatableThresholds(const std::vector<Threshold>& thresholds);

// "threshold(signal=memory.available, quantity=100Mi, gracePeriod=0s)", for logs.
std::string FormatThreshold(const Threshold& t);

}  // namespace kubepp::kubelet::eviction
