// RecordingEventRecorder: an EventRecorder for unit tests that keeps every
// event in memory, synchronously, so a test can assert on reasons and
// messages right after the call that recorded them.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "client/event_recorder.h"
#include "client/object.h"

namespace kubepp::fakes {

struct RecordedEvent {
  std::string object_key;  // "ns/name" of the involved object
  std::string kind;
  std::string type, reason, message;
};

class RecordingEventRecorder : public client::EventRecorder {
 public:
  void Event(const boost::json::object& object, std::string_view type, std::string_view reason,
             std::string_view message) override {
    std::string kind;
    if (auto* k = object.if_contains("kind"); k && k->is_string()) kind = std::string(k->get_string());
    std::lock_guard lock(mu_);
    events_.push_back({client::KeyOf(object), kind, std::string(type), std::string(reason), std::string(message)});
  }
  void Flush() override {}

  std::vector<RecordedEvent> Events() const {
    std::lock_guard lock(mu_);
    return events_;
  }
  // Messages of the events with `reason`, in order.
  std::vector<std::string> Messages(std::string_view reason) const {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& e : events_) {
      if (e.reason == reason) out.push_back(e.message);
    }
    return out;
  }
  void Clear() {
    std::lock_guard lock(mu_);
    events_.clear();
  }

 private:
  mutable std::mutex mu_;
  std::vector<RecordedEvent> events_;
};

}  // namespace kubepp::fakes
