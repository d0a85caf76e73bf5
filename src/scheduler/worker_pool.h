// WorkerPool: a fixed set of threads running submitted tasks in order of
// submission. The scheduler binds pods on one (binds run in parallel with
// the next scheduling cycles) and writes pod status from it.
// Thread safety: Submit may be called from any thread; Stop runs what is
// queued, then joins.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kubepp::scheduler {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();
  void Submit(std::function<void()> task);
  // Blocks until no task is queued or running.
  void Drain();
  void Stop();

 private:
  void Loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<std::function<void()>> tasks_;  // guarded by mu_
  int running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kubepp::scheduler
