#include "kubelet/nodestatus/conditions.h"

#include <algorithm>

#include "client/time_format.h"
#include "kubelet/json_access.h"

namespace kubepp::kubelet {
namespace json = boost::json;
namespace {

struct PressureTexts {
  std::string_view type;
  std::string_view true_reason, true_message, true_event;
  std::string_view false_reason, false_message, false_event;
};

constexpr PressureTexts kMemory = {"MemoryPressure",
                                   "KubeletHasInsufficientMemory",
                                   "kubelet has insufficient memory available",
                                   "NodeHasInsufficientMemory",
                                   "KubeletHasSufficientMemory",
                                   "kubelet has sufficient memory available",
                                   "NodeHasSufficientMemory"};
constexpr PressureTexts kDisk = {"DiskPressure",
                                 "KubeletHasDiskPressure",
                                 "kubelet has disk pressure",
                                 "NodeHasDiskPressure",
                                 "KubeletHasNoDiskPressure",
                                 "kubelet has no disk pressure",
                                 "NodeHasNoDiskPressure"};
constexpr PressureTexts kPid = {"PIDPressure",
                                "KubeletHasInsufficientPID",
                                "kubelet has insufficient PID available",
                                "NodeHasInsufficientPID",
                                "KubeletHasSufficientPID",
                                "kubelet has sufficient PID available",
                                "NodeHasSufficientPID"};

json::array& Conditions(json::object& node) { return MutableArray(MutableObject(node, "status"), "conditions"); }

json::object* FindCondition(json::array& conditions, std::string_view type) {
  json::object* found = nullptr;
  for (auto& c : conditions) {
    json::object* o = c.if_object();
    if (o && StringIn(o, "type") == type) found = o;  // the last one, as upstream's loop
  }
  return found;
}

void RecordStatusEvent(const json::object& node, const EventSink& events, std::string_view event) {
  if (!events) return;
  std::string name(StringIn(ObjectIn(&node, "metadata"), "name"));
  events("Normal", event, "Node " + name + " status is now: " + std::string(event));
}

// NodeCondition's fields in the order upstream serializes them.
json::object MakeCondition(std::string_view type, std::string_view status, const std::string& heartbeat,
                           const std::string& transition, std::string_view reason, std::string_view message) {
  return json::object{{"type", type},         {"status", status},   {"lastHeartbeatTime", heartbeat},
                      {"lastTransitionTime", transition}, {"reason", reason}, {"message", message}};
}

void SetPressure(json::object& node, Clock::TimePoint now, bool pressure, const EventSink& events,
                 const PressureTexts& t) {
  std::string now_text = client::FormatTime(now);
  json::array& conditions = Conditions(node);
  json::object* existing = FindCondition(conditions, t.type);
  // A new condition starts Unknown, so whichever status it gets is a transition.
  std::string status = existing ? std::string(StringIn(existing, "status")) : "Unknown";
  json::object condition = existing ? *existing : MakeCondition(t.type, "Unknown", now_text, now_text, "", "");
  condition["lastHeartbeatTime"] = now_text;
  std::string_view event;
  if (pressure) {
    if (status != "True") {
      condition["status"] = "True";
      condition["reason"] = t.true_reason;
      condition["message"] = t.true_message;
      condition["lastTransitionTime"] = now_text;
      event = t.true_event;
    }
  } else if (status != "False") {
    condition["status"] = "False";
    condition["reason"] = t.false_reason;
    condition["message"] = t.false_message;
    condition["lastTransitionTime"] = now_text;
    event = t.false_event;
  }
  if (existing) {
    *existing = std::move(condition);
  } else {
    conditions.push_back(std::move(condition));
  }
  if (!event.empty()) RecordStatusEvent(node, events, event);
}

}  // namespace

std::string AggregateMessage(const std::vector<std::string>& messages) {
  std::vector<std::string> seen;
  for (const auto& m : messages) {
    if (std::find(seen.begin(), seen.end(), m) == seen.end()) seen.push_back(m);
  }
  if (seen.empty()) return {};
  if (seen.size() == 1) return seen[0];
  std::string out = "[";
  for (size_t i = 0; i < seen.size(); ++i) out += (i ? ", " : "") + seen[i];
  return out + "]";
}

void SetMemoryPressureCondition(json::object& node, Clock::TimePoint now, bool pressure, const EventSink& events) {
  SetPressure(node, now, pressure, events, kMemory);
}

void SetDiskPressureCondition(json::object& node, Clock::TimePoint now, bool pressure, const EventSink& events) {
  SetPressure(node, now, pressure, events, kDisk);
}

void SetPIDPressureCondition(json::object& node, Clock::TimePoint now, bool pressure, const EventSink& events) {
  SetPressure(node, now, pressure, events, kPid);
}

void SetReadyCondition(json::object& node, Clock::TimePoint now, const NodeReadiness& readiness,
                       const EventSink& events) {
  std::string now_text = client::FormatTime(now);
  std::vector<std::string> errors;
  for (const auto* list : {&readiness.runtime_errors, &readiness.network_errors, &readiness.storage_errors,
                           &readiness.shutdown_errors}) {
    errors.insert(errors.end(), list->begin(), list->end());
  }
  const json::object* capacity = ObjectIn(ObjectIn(&node, "status"), "capacity");
  std::string missing;
  for (std::string_view resource : {"cpu", "memory", "pods", "ephemeral-storage"}) {
    if (!capacity || !capacity->contains(resource)) missing += (missing.empty() ? "" : ", ") + std::string(resource);
  }
  if (!missing.empty()) errors.push_back("missing node capacity for resources: " + missing);

  bool ready = errors.empty();
  std::string_view status = ready ? "True" : "False";
  json::array& conditions = Conditions(node);
  json::object* existing = FindCondition(conditions, "Ready");
  std::string transition = now_text;
  bool record = false;
  if (existing) {
    if (StringIn(existing, "status") == status) {
      transition = std::string(StringIn(existing, "lastTransitionTime"));
    } else {
      record = true;
    }
  }
  json::object condition =
      ready ? MakeCondition("Ready", "True", now_text, transition, "KubeletReady", "kubelet is posting ready status")
            : MakeCondition("Ready", "False", now_text, transition, "KubeletNotReady", AggregateMessage(errors));
  if (existing) {
    *existing = std::move(condition);
  } else {
    conditions.push_back(std::move(condition));
  }
  if (record) RecordStatusEvent(node, events, ready ? "NodeReady" : "NodeNotReady");
}

bool NodeIsReady(const json::object& node) {
  const json::array* conditions = ArrayIn(ObjectIn(&node, "status"), "conditions");
  if (!conditions) return false;
  for (const auto& c : *conditions) {
    const json::object* o = c.if_object();
    if (o && StringIn(o, "type") == "Ready") return StringIn(o, "status") == "True";
  }
  return false;
}

}  // namespace kubepp::kubelet
