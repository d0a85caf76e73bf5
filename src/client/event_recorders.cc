#include "client/event_recorders.h"

namespace kubepp::client {

EventRecorders::EventRecorders(ApiClient& client, Clock& clock)
    : make_([&client, &clock](std::string_view component) {
        return EventRecorder::Create(client, EventSource{std::string(component), ""}, clock);
      }) {}

EventRecorders::EventRecorders(Factory make) : make_(std::move(make)) {}

EventRecorder& EventRecorders::For(std::string_view component) {
  std::lock_guard lock(mu_);
  auto it = recorders_.find(component);
  if (it == recorders_.end()) it = recorders_.emplace(std::string(component), make_(component)).first;
  return *it->second;
}

void EventRecorders::Flush() {
  std::lock_guard lock(mu_);
  for (auto& [component, recorder] : recorders_) recorder->Flush();
}

}  // namespace kubepp::client
