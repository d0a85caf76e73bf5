// KeyedController: the skeleton of a level-triggered controller — a
// workqueue of keys (namespace names, "ns/name" of services, node names) fed
// by informer handlers, a sync function per key, and KeyWorkers to run it. A
// sync that runs before the informers synced fails and is retried, so
// Start() need not wait.
// Thread safety: Start/Stop from one thread; the queue from any thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "client/informer.h"
#include "client/workqueue.h"
#include "controllers/controller.h"
#include "controllers/key_workers.h"

namespace kubepp::controllers {

class KeyedController : public Controller {
 public:
  using SyncFunc = std::function<Status(const std::string& key)>;
  // `queue` may be given when handlers need it before the controller exists.
  KeyedController(std::string name, ControllerContext& ctx, std::vector<client::Informer*> informers, SyncFunc sync,
                  std::shared_ptr<client::WorkQueue> queue = nullptr);

  // Handlers hold the queue, not the controller, so an informer event that
  // arrives after the controller is gone touches nothing freed.
  std::shared_ptr<client::WorkQueue> queue() const { return queue_; }

  // Controller:
  void Start() override { workers_.Start(workers_count_); }
  void Stop() override { workers_.Stop(); }

 private:
  Status SyncIfReady(const std::string& key);

  // Constant after construction.
  std::vector<client::Informer*> informers_;
  SyncFunc sync_;
  int workers_count_;
  std::shared_ptr<client::WorkQueue> queue_;
  KeyWorkers workers_;
};

}  // namespace kubepp::controllers
