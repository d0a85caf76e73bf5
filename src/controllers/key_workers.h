// KeyWorkers: the worker loop every queue-driven controller runs — N threads
// take keys from a WorkQueue and call sync(key). OK forgets the key's
// back-off; an error requeues it rate-limited (and is logged at -v=2), as
// upstream's processNextWorkItem does. A key is never synced by two workers
// at once (the queue guarantees it).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"
#include "client/workqueue.h"

namespace kubepp::controllers {

class KeyWorkers {
 public:
  using SyncFunc = std::function<Status(const std::string& key)>;

  KeyWorkers(std::string name, client::WorkQueue& queue, SyncFunc sync)
      : name_(std::move(name)), queue_(queue), sync_(std::move(sync)) {}
  ~KeyWorkers() { Stop(); }

  void Start(int workers);
  // Shuts the queue down and joins the workers once their current keys are
  // done; keys still queued are dropped (a stopping controller does not work
  // off a backlog: the next one to start resyncs from its informers).
  void Stop();
  // Stop() has begun (for tests that must act while workers wind down).
  bool stopping() const { return stopping_.load(); }

 private:
  void Loop();
  std::string name_;
  client::WorkQueue& queue_;
  SyncFunc sync_;
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

}  // namespace kubepp::controllers
