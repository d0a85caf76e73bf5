#include "api/conversion/event_v1.h"

#include <utility>

namespace kubepp::api::conversion {

namespace {

struct Renamed {
  const char* events_v1;
  const char* core;
};

constexpr Renamed kRenamed[] = {
    {"regarding", "involvedObject"},
    {"note", "message"},
    {"reportingController", "reportingComponent"},
    {"deprecatedSource", "source"},
    {"deprecatedFirstTimestamp", "firstTimestamp"},
    {"deprecatedLastTimestamp", "lastTimestamp"},
    {"deprecatedCount", "count"},
};

void Rename(boost::json::object& event, const char* from, const char* to) {
  auto it = event.find(from);
  if (it == event.end()) {
    event.erase(to);  // a field the other version does not have is not carried over
    return;
  }
  boost::json::value v = std::move(it->value());
  event.erase(it);
  event[to] = std::move(v);
}

}  // namespace

void EventV1ToCore(boost::json::object& event) {
  for (const Renamed& r : kRenamed) Rename(event, r.events_v1, r.core);
  event["apiVersion"] = "v1";
}

void CoreEventToV1(boost::json::object& event) {
  for (const Renamed& r : kRenamed) Rename(event, r.core, r.events_v1);
  event["apiVersion"] = "events.k8s.io/v1";
}

}  // namespace kubepp::api::conversion
