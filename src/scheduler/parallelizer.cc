#include "scheduler/parallelizer.h"

namespace kubepp::scheduler {

Parallelizer::Parallelizer(int threads) {
  for (int i = 1; i < threads; ++i) helpers_.emplace_back([this, i] { Helper(i); });
}

Parallelizer::~Parallelizer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  start_cv_.notify_all();
  for (auto& t : helpers_) t.join();
}

void Parallelizer::Run(const std::function<void(int)>& fn) {
  if (helpers_.empty()) {
    fn(0);
    return;
  }
  {
    std::lock_guard lock(mu_);
    fn_ = &fn;
    ++round_;
  }
  start_cv_.notify_all();
  fn(0);
  std::unique_lock lock(mu_);
  fn_ = nullptr;  // closed: a helper that starts now has nothing to join
  done_cv_.wait(lock, [&] { return running_ == 0; });
}

void Parallelizer::Helper(int index) {
  uint64_t seen = 0;
  std::unique_lock lock(mu_);
  while (true) {
    start_cv_.wait(lock, [&] { return stopping_ || round_ != seen; });
    if (stopping_) return;
    seen = round_;
    const std::function<void(int)>* fn = fn_;
    if (fn == nullptr) continue;  // woke after the round closed
    ++running_;
    lock.unlock();
    (*fn)(index);
    lock.lock();
    if (--running_ == 0) done_cv_.notify_one();
  }
}

}  // namespace kubepp::scheduler
