#include "controllers/serviceaccount/namespace_keyed_controller.h"

namespace kubepp::controllers {

NamespaceKeyedController::NamespaceKeyedController(std::string name, ControllerContext& ctx,
                                                   std::vector<client::Informer*> informers, SyncFunc sync)
    : informers_(std::move(informers)),
      sync_(std::move(sync)),
      workers_count_(ctx.options.concurrent_syncs > 0 ? ctx.options.concurrent_syncs : 1),
      queue_(client::WorkQueue::Create(name, ctx.clock)),
      workers_(name, *queue_, [this](const std::string& ns) { return SyncIfReady(ns); }) {}

Status NamespaceKeyedController::SyncIfReady(const std::string& ns) {
  for (const auto* inf : informers_) {
    if (!inf->HasSynced()) return Status::Unavailable("informers have not synced yet");
  }
  return sync_(ns);
}

}  // namespace kubepp::controllers
