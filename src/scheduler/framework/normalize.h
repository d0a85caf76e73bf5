// Upstream's DefaultNormalizeScore: scales raw scores so the best node gets
// kMaxNodeScore; `reverse` makes the smallest raw score the best (counts of
// things to avoid, such as untolerated PreferNoSchedule taints).
// Thread safety: a pure function.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "scheduler/framework/interface.h"

namespace kubepp::scheduler::framework {

inline void DefaultNormalizeScore(int64_t max_priority, bool reverse, std::vector<int64_t>& scores) {
  int64_t max = 0;
  for (int64_t s : scores) max = std::max(max, s);
  if (max == 0) {
    if (reverse) std::fill(scores.begin(), scores.end(), max_priority);
    return;
  }
  for (int64_t& s : scores) {
    s = max_priority * s / max;
    if (reverse) s = max_priority - s;
  }
}

}  // namespace kubepp::scheduler::framework
