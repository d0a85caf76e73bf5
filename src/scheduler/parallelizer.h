// Parallelizer: runs one function on the calling thread and on persistent
// helper threads at once, and waits for all — how a scheduling cycle
// filters many nodes on several cores without starting threads per cycle.
// Thread safety: Run is called from one thread at a time (the scheduling
// thread); the function must be safe to run concurrently with itself.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kubepp::scheduler {

class Parallelizer {
 public:
  // `threads` in total, the caller included; 1 runs everything inline.
  explicit Parallelizer(int threads);
  ~Parallelizer();
  int threads() const { return static_cast<int>(helpers_.size()) + 1; }
  // Calls fn(0) on this thread and fn(1..threads-1) on the helpers; returns when all have returned.
  void Run(const std::function<void(int worker)>& fn);

 private:
  void Helper(int index);

  std::mutex mu_;
  std::condition_variable start_cv_, done_cv_;
  const std::function<void(int)>* fn_ = nullptr;  // guarded by mu_
  uint64_t round_ = 0;
  int running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> helpers_;
};

}  // namespace kubepp::scheduler
