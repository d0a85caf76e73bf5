// EventRecorder: writes core/v1 Events about objects, aggregating repeats as
// upstream's record package does, so `kubectl describe` reads as upstream:
// the same (object, type, reason, message, source) within 10 minutes updates
// one Event (count+1, lastTimestamp) instead of creating another; event names
// are "<object name>.<hex unix-nanos>". Writes happen on a background thread;
// Record never blocks on the network. Failed writes are retried a few times,
// then dropped (events are best effort, as upstream).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "client/api_client.h"

namespace kubepp::client {

struct EventSource {
  std::string component;  // "deployment-controller", "default-scheduler", "kubelet"
  std::string host;       // node name for the kubelet, else ""
};

class EventRecorder {
 public:
  static std::unique_ptr<EventRecorder> Create(ApiClient& client, EventSource source,
                                               Clock& clock = Clock::Real());
  virtual ~EventRecorder() = default;

  // `object` is the involved object (its apiVersion, kind, namespace, name,
  // uid, resourceVersion go to involvedObject). type: "Normal" or "Warning".
  virtual void Event(const boost::json::object& object, std::string_view type, std::string_view reason,
                     std::string_view message) = 0;
  // Writes what is queued, then stops.
  virtual void Flush() = 0;
};

}  // namespace kubepp::client
