// ServiceTriggers: the informer wiring of the controllers that derive objects
// from a Service and its pods (Endpoints, EndpointSlices). Service events
// enqueue the Service's key; pod events enqueue every Service in the pod's
// namespace whose selector matches the pod before or after the change. The
// first time a key is enqueued after its last sync is remembered, for the
// endpoints.kubernetes.io/last-change-trigger-time annotation.
// Thread safety: every method may be called from any thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/clock.h"
#include "client/informer.h"
#include "client/workqueue.h"

namespace kubepp::controllers {

class ServiceTriggers {
 public:
  ServiceTriggers(Clock& clock, std::shared_ptr<client::WorkQueue> queue) : clock_(clock), queue_(std::move(queue)) {}

  // Registers handlers on both informers; they hold a shared_ptr to this.
  static void Wire(const std::shared_ptr<ServiceTriggers>& self, client::Informer& services, client::Informer& pods);

  void Trigger(const std::string& key);
  // The time of the earliest change not yet synced (and forgets it); nullopt
  // when the sync was not caused by a recorded change.
  std::optional<Clock::TimePoint> Take(const std::string& key);

 private:
  Clock& clock_;
  std::shared_ptr<client::WorkQueue> queue_;
  std::mutex mu_;
  std::map<std::string, Clock::TimePoint> pending_;  // guarded by mu_
};

}  // namespace kubepp::controllers
