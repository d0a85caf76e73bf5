// LogEventRecorder: an EventRecorder that writes events to the log (-v=2)
// instead of the API — for builds whose client has no EventRecorder yet and
// for benchmarks that must not count event writes.
// Thread safety: every method may be called from any thread.
#pragma once

#include "base/log.h"
#include "client/event_recorder.h"
#include "client/object.h"

namespace kubepp::scheduler {

class LogEventRecorder : public client::EventRecorder {
 public:
  void Event(const boost::json::object& object, std::string_view type, std::string_view reason,
             std::string_view message) override {
    VLOG(2) << "event " << type << " " << reason << " " << client::KeyOf(object) << ": " << message;
  }
  void Flush() override {}
};

}  // namespace kubepp::scheduler
