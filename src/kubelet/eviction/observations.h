// Signal observations: each eviction signal's available amount and the
// capacity it is measured against, derived from a Summary as upstream's
// makeSignalObservations does:
//
//   memory.available             node memory: available, available + working set
//   allocatableMemory.available  the pods' memory, likewise
//   nodefs.available/inodesFree  the nodefs: available bytes / free inodes, of capacity / inodes
//   imagefs.available/inodesFree the imagefs, likewise
//   pid.available                max pid - running processes, of max pid
//
// A signal whose figures are missing has no observation (its thresholds are
// never met).
//
// Thread safety: plain values and pure functions.
#pragma once

#include <map>
#include <string>

#include "api/quantity/quantity.h"
#include "base/clock.h"
#include "kubelet/eviction/summary.h"

namespace kubepp::kubelet::eviction {

struct Observation {
  int64_t available = 0;
  int64_t capacity = 0;
  // Bytes print in BinarySI ("50Mi"), counts in DecimalSI.
  api::Quantity::Format format = api::Quantity::Format::kBinarySI;
  Clock::TimePoint time;  // when the figure was measured; TimePoint{} if unknown

  api::Quantity AvailableQuantity() const { return api::Quantity::FromInt64(available, format); }
};

using Observations = std::map<std::string, Observation, std::less<>>;

Observations MakeSignalObservations(const Summary& summary);

}  // namespace kubepp::kubelet::eviction
