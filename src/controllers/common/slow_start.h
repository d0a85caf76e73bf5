// SlowStartBatch: runs `fn` up to `count` times in batches of 1, 2, 4, ...
// and stops after the first batch with a failure, so a controller whose
// creations all fail (quota, admission) makes one call, not hundreds
// (upstream's slowStartBatch). Returns how many calls succeeded and the first
// error. Calls within a batch run concurrently, on at most kSlowStartThreads threads.
//
// Thread safety: `fn` must be safe to call from several threads at once.
#pragma once

#include <algorithm>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "base/status.h"

namespace kubepp::controllers::common {

inline constexpr int kSlowStartThreads = 16;

inline std::pair<int, Status> SlowStartBatch(int count, int initial_batch, const std::function<Status()>& fn) {
  int remaining = count;
  int successes = 0;
  for (int batch = std::min(remaining, initial_batch); batch > 0; batch = std::min(2 * batch, remaining)) {
    std::mutex mu;
    Status first_error;
    int failures = 0;
    int next = 0;
    auto run = [&] {
      for (;;) {
        {
          std::lock_guard lock(mu);
          if (next == batch) return;
          ++next;
        }
        Status st = fn();
        if (!st.ok()) {
          std::lock_guard lock(mu);
          if (failures++ == 0) first_error = st;
        }
      }
    };
    std::vector<std::thread> threads;
    for (int i = 1; i < std::min(batch, kSlowStartThreads); ++i) threads.emplace_back(run);
    run();
    for (auto& t : threads) t.join();
    successes += batch - failures;
    if (failures > 0) return {successes, first_error};
    remaining -= batch;
  }
  return {successes, Status::Ok()};
}

}  // namespace kubepp::controllers::common
