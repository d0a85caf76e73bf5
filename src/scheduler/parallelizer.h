// Parallelizer: runs one function on the calling thread and on persistent
// helper threads at once — how a scheduling cycle filters many nodes on
// several cores without starting threads per cycle.
//
// The function claims its share of the work itself (from a shared counter):
// whoever runs it takes what is left. A helper joins a round only if it
// starts before the calling thread has finished its own call; Run waits for
// the helpers that joined and never for one still waiting for a core. On a
// machine whose cores are all busy (the scheduler beside its apiserver) a
// woken helper may not run for a while, and the calling thread, rather than
// stall the scheduling loop for it, does the whole round alone.
//
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
  // Calls fn(0) on this thread, and fn(i) on each helper i that starts before fn(0) returns;
  // returns when those calls have returned.
  void Run(const std::function<void(int worker)>& fn);

 private:
  void Helper(int index);

  std::mutex mu_;
  std::condition_variable start_cv_, done_cv_;
  // Guarded by mu_.
  const std::function<void(int)>* fn_ = nullptr;  // set while a round is open to helpers
  uint64_t round_ = 0;
  int running_ = 0;  // helpers inside fn
  bool stopping_ = false;
  std::vector<std::thread> helpers_;
};

}  // namespace kubepp::scheduler
