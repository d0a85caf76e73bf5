// EventRecorders: one EventRecorder per source component, made on first use,
// for processes whose parts report under names of their own: the controller
// manager's controllers ("replicaset-controller", ...) and the scheduler's
// profiles (each profile's schedulerName, as upstream names its events).
// Thread safety: every method may be called from any thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "client/event_recorder.h"

namespace kubepp::client {

class EventRecorders {
 public:
  using Factory = std::function<std::unique_ptr<EventRecorder>(std::string_view component)>;

  // Recorders writing Events through `client` with source {component, ""}.
  EventRecorders(ApiClient& client, Clock& clock = Clock::Real());
  // Recorders made by `make` (tests, and processes that only log events).
  explicit EventRecorders(Factory make);

  // The recorder of `component`; it lives as long as this object.
  EventRecorder& For(std::string_view component);
  // Flushes every recorder made so far.
  void Flush();

 private:
  const Factory make_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<EventRecorder>, std::less<>> recorders_;  // guarded by mu_
};

}  // namespace kubepp::client
