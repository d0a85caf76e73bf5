// Hard eviction thresholds (--eviction-hard, "memory.available<100Mi,
// nodefs.available<10%"): below them the kubelet evicts pods at once, so the
// amount they name is not allocatable to pods. The eviction manager acts on
// them; the node status subtracts them from capacity (allocatable.h).
//
// Thread safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/quantity/quantity.h"
#include "base/status.h"

namespace kubepp::kubelet {

struct EvictionThreshold {
  std::string signal;  // "memory.available", "nodefs.available", ...
  // Exactly one is set: an amount, or a fraction of capacity (0.1 for 10%,
  // a float as upstream keeps it, so reservations round the same way).
  std::optional<api::Quantity> quantity;
  float percentage = 0;
};

// Upstream's Linux defaults: memory.available<100Mi, nodefs.available<10%,
// imagefs.available<15%, nodefs.inodesFree<5%.
std::vector<EvictionThreshold> DefaultHardEvictionThresholds();

// Parses the flag's "signal<value" list (comma separated). "0%" and "100%"
// disable a signal, as upstream. Errors are BadRequest with upstream's texts
// ("unsupported eviction signal ...", "eviction threshold ... must be positive").
StatusOr<std::vector<EvictionThreshold>> ParseEvictionHard(std::string_view flag);

}  // namespace kubepp::kubelet
