#include "controllers/util/keyed_controller.h"

namespace kubepp::controllers {

KeyedController::KeyedController(std::string name, ControllerContext& ctx, std::vector<client::Informer*> informers,
                                 SyncFunc sync, std::shared_ptr<client::WorkQueue> queue)
    : informers_(std::move(informers)),
      sync_(std::move(sync)),
      workers_count_(ctx.options.concurrent_syncs > 0 ? ctx.options.concurrent_syncs : 1),
      queue_(queue ? std::move(queue) : std::shared_ptr<client::WorkQueue>(client::WorkQueue::Create(name, ctx.clock))),
      workers_(name, *queue_, [this](const std::string& key) { return SyncIfReady(key); }) {}

Status KeyedController::SyncIfReady(const std::string& key) {
  for (const auto* inf : informers_) {
    if (!inf->HasSynced()) return Status::Unavailable("informers have not synced yet");
  }
  return sync_(key);
}

}  // namespace kubepp::controllers
