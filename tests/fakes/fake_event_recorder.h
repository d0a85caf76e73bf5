// FakeEventRecorder: an EventRecorder that keeps every event in memory, in
// order, for tests to read back (no aggregation, no API writes). Recorders
// made by ForComponent keep their events here too, tagged with the component,
// so one FakeEventRecorder can stand behind a client::EventRecorders.
// Thread safety: every method may be called from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "client/event_recorder.h"
#include "client/event_recorders.h"

namespace kubepp::fakes {

struct RecordedEvent {
  std::string object_key;  // "ns/name" of the involved object
  std::string type, reason, message;
  std::string component;  // "" for events recorded on the FakeEventRecorder itself
};

class FakeEventRecorder : public client::EventRecorder {
 public:
  void Event(const boost::json::object& object, std::string_view type, std::string_view reason,
             std::string_view message) override {
    Add({client::KeyOf(object), std::string(type), std::string(reason), std::string(message), ""});
  }
  void Flush() override {}
  std::vector<RecordedEvent> Events() const {
    std::lock_guard lock(mu_);
    return events_;
  }

  // A recorder whose events land here with `component` set.
  std::unique_ptr<client::EventRecorder> ForComponent(std::string_view component) {
    return std::make_unique<Tagged>(*this, std::string(component));
  }
  // EventRecorders whose every recorder lands here.
  client::EventRecorders::Factory Factory() {
    return [this](std::string_view component) { return ForComponent(component); };
  }

 private:
  class Tagged : public client::EventRecorder {
   public:
    Tagged(FakeEventRecorder& into, std::string component) : into_(into), component_(std::move(component)) {}
    void Event(const boost::json::object& object, std::string_view type, std::string_view reason,
               std::string_view message) override {
      into_.Add({client::KeyOf(object), std::string(type), std::string(reason), std::string(message), component_});
    }
    void Flush() override {}

   private:
    FakeEventRecorder& into_;
    const std::string component_;
  };

  void Add(RecordedEvent e) {
    std::lock_guard lock(mu_);
    events_.push_back(std::move(e));
  }

  mutable std::mutex mu_;
  std::vector<RecordedEvent> events_;
};

}  // namespace kubepp::fakes
