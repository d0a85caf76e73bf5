// FakeEventRecorder: an EventRecorder that keeps every event in memory, in
// order, for tests to read back (no aggregation, no API writes).
// Thread safety: every method may be called from any thread.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "client/event_recorder.h"

namespace kubepp::fakes {

struct RecordedEvent {
  std::string object_key;  // "ns/name" of the involved object
  std::string type, reason, message;
};

class FakeEventRecorder : public client::EventRecorder {
 public:
  void Event(const boost::json::object& object, std::string_view type, std::string_view reason,
             std::string_view message) override {
    std::lock_guard lock(mu_);
    events_.push_back({client::KeyOf(object), std::string(type), std::string(reason), std::string(message)});
  }
  void Flush() override {}
  std::vector<RecordedEvent> Events() const {
    std::lock_guard lock(mu_);
    return events_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<RecordedEvent> events_;
};

}  // namespace kubepp::fakes
