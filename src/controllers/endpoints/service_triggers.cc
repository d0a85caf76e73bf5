#include "controllers/endpoints/service_triggers.h"

#include "client/object.h"
#include "controllers/endpoints/service_pods.h"

namespace kubepp::controllers {

void ServiceTriggers::Wire(const std::shared_ptr<ServiceTriggers>& self, client::Informer& services,
                           client::Informer& pods) {
  auto on_service = [self](const client::ObjectPtr& o) { self->Trigger(client::KeyOf(*o)); };
  services.AddEventHandler({
      .on_add = on_service,
      .on_update = [on_service](const client::ObjectPtr&, const client::ObjectPtr& o) { on_service(o); },
      .on_delete = on_service,
  });
  // The services list is read at event time, from the services informer.
  auto* svc_informer = &services;
  auto on_pod = [self, svc_informer](const client::ObjectPtr& old_pod, const client::ObjectPtr& pod) {
    for (const auto& svc : svc_informer->ListNamespace(client::NamespaceOf(*pod))) {
      if (SelectorMatches(*svc, *pod) || (old_pod && SelectorMatches(*svc, *old_pod))) {
        self->Trigger(client::KeyOf(*svc));
      }
    }
  };
  pods.AddEventHandler({
      .on_add = [on_pod](const client::ObjectPtr& o) { on_pod(nullptr, o); },
      .on_update = on_pod,
      .on_delete = [on_pod](const client::ObjectPtr& o) { on_pod(nullptr, o); },
  });
}

void ServiceTriggers::Trigger(const std::string& key) {
  {
    std::lock_guard lock(mu_);
    pending_.emplace(key, clock_.Now());  // keeps the earliest
  }
  queue_->Add(key);
}

std::optional<Clock::TimePoint> ServiceTriggers::Take(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = pending_.find(key);
  if (it == pending_.end()) return std::nullopt;
  auto t = it->second;
  pending_.erase(it);
  return t;
}

}  // namespace kubepp::controllers
