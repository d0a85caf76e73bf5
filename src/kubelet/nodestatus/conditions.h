// The Node conditions a kubelet owns, set as upstream's setters do
// (pkg/kubelet/nodestatus):
//   - MemoryPressure, DiskPressure, PIDPressure: False with
//     KubeletHasSufficientMemory / KubeletHasNoDiskPressure /
//     KubeletHasSufficientPID, or True with KubeletHasInsufficientMemory /
//     KubeletHasDiskPressure / KubeletHasInsufficientPID; a missing condition
//     starts Unknown, so its first setting is a transition;
//   - Ready: True "KubeletReady" / "kubelet is posting ready status" when
//     nothing in NodeReadiness complains and cpu, memory, pods and
//     ephemeral-storage capacity are known; else False "KubeletNotReady" with
//     the complaints joined as upstream's aggregate error prints them ("msg",
//     or "[msg1, msg2]").
// Every call moves lastHeartbeatTime to `now`; lastTransitionTime moves only
// when status changes. Transitions are recorded as Node events
// ("NodeHasSufficientMemory", "NodeReady", "NodeNotReady", ...) with message
// "Node <name> status is now: <event>".
//
// Conditions other kubelets' parts or controllers own (NetworkUnavailable,
// ...) are left as they are; new conditions are appended, so a fresh Node
// lists MemoryPressure, DiskPressure, PIDPressure, Ready (upstream keeps
// Ready last for old clients).
//
// Thread safety: functions on caller-owned values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "kubelet/nodestatus/node_inputs.h"

namespace kubepp::kubelet {

// `node` is a whole Node object; status.conditions is created if missing.
// `events` may be empty.
void SetMemoryPressureCondition(boost::json::object& node, Clock::TimePoint now, bool pressure,
                                const EventSink& events);
void SetDiskPressureCondition(boost::json::object& node, Clock::TimePoint now, bool pressure,
                              const EventSink& events);
void SetPIDPressureCondition(boost::json::object& node, Clock::TimePoint now, bool pressure,
                             const EventSink& events);
void SetReadyCondition(boost::json::object& node, Clock::TimePoint now, const NodeReadiness& readiness,
                       const EventSink& events);

// The message upstream's aggregate error prints for `messages`: "" for none,
// the message itself for one distinct message, "[a, b]" for several
// (duplicates dropped, order kept).
std::string AggregateMessage(const std::vector<std::string>& messages);

// Whether `node`'s Ready condition is True.
bool NodeIsReady(const boost::json::object& node);

}  // namespace kubepp::kubelet
