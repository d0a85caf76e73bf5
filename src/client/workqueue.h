// WorkQueue: upstream's rate-limited workqueue. Keys are deduplicated while
// waiting; a key being processed is never handed to a second worker — if it
// is added again meanwhile, it is queued once more when Done() is called.
//
// Rate limiting as upstream's DefaultControllerRateLimiter: per key
// exponential back-off (5 ms doubling up to 1000 s, reset by Forget) combined
// with an overall token bucket (10 per second, burst 100); the longer of the
// two delays wins.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "base/clock.h"

namespace kubepp::client {

struct WorkQueueOptions {
  Clock::Duration base_delay = std::chrono::milliseconds(5);
  Clock::Duration max_delay = std::chrono::seconds(1000);
  double qps = 10;
  int burst = 100;
};

class WorkQueue {
 public:
  static std::unique_ptr<WorkQueue> Create(std::string name, Clock& clock = Clock::Real(),
                                           WorkQueueOptions options = {});
  virtual ~WorkQueue() = default;

  virtual void Add(const std::string& key) = 0;
  virtual void AddAfter(const std::string& key, Clock::Duration delay) = 0;
  virtual void AddRateLimited(const std::string& key) = 0;
  virtual void Forget(const std::string& key) = 0;
  virtual int NumRequeues(const std::string& key) const = 0;

  // Blocks until a key is ready; std::nullopt once ShutDown() was called.
  virtual std::optional<std::string> Get() = 0;
  // Marks a key from Get() processed.
  virtual void Done(const std::string& key) = 0;
  virtual void ShutDown() = 0;
  virtual int Len() const = 0;  // keys ready now (not delayed, not processing)
};

}  // namespace kubepp::client
