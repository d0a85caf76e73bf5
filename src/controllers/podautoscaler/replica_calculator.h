// ReplicaCalculator: upstream's replica count for one Resource metric —
// desired = ceil(current pods with metrics * usage / target), with a
// tolerance of 10% around the target, pods without metrics counted as
// using 100% of the target when scaling down and 0% when scaling up, and
// not-ready pods counted as 0% when scaling up on cpu.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"
#include "client/object.h"

namespace kubepp::controllers::podautoscaler {

inline constexpr double kTolerance = 0.1;

struct ResourceTarget {
  std::string resource;                       // "cpu"
  std::optional<int64_t> average_utilization;  // percent of requests
  std::optional<int64_t> average_value_milli;  // per pod
};

struct ReplicaResult {
  int64_t replicas = 0;
  std::optional<int64_t> utilization;  // percent, for averageUtilization targets
  int64_t average_value_milli = 0;     // raw average usage per pod with metrics
};

// `pods` are the target's pods (the selector already applied); `usage` the
// metric per pod name in milli-units.
StatusOr<ReplicaResult> ResourceReplicas(int64_t current_replicas, const ResourceTarget& target,
                                         const std::vector<client::ObjectPtr>& pods,
                                         const std::map<std::string, int64_t>& usage);

}  // namespace kubepp::controllers::podautoscaler
