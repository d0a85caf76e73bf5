#include "controllers/key_workers.h"

#include "base/log.h"

namespace kubepp::controllers {

void KeyWorkers::Start(int workers) {
  for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { Loop(); });
}

void KeyWorkers::Stop() {
  if (threads_.empty()) return;
  stopping_ = true;
  queue_.ShutDown();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void KeyWorkers::Loop() {
  while (auto key = queue_.Get()) {
    if (stopping_) {
      queue_.Done(*key);
      break;
    }
    Status status = sync_(*key);
    if (status.ok()) {
      queue_.Forget(*key);
    } else {
      VLOG(2) << name_ << ": error syncing " << *key << ": " << status.message() << "; requeued";
      queue_.AddRateLimited(*key);
    }
    queue_.Done(*key);
  }
}

}  // namespace kubepp::controllers
