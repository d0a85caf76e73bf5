// Pod state as controllers judge it (upstream's podutil and controller
// helpers): active, ready, available after minReadySeconds.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

#include <boost/json/object.hpp>

#include "base/clock.h"

namespace kubepp::controllers::common {

std::string_view PodPhase(const boost::json::object& pod);
// Neither Succeeded nor Failed, and not being deleted: the pods a ReplicaSet counts.
bool IsPodActive(const boost::json::object& pod);
// The Ready condition is True.
bool IsPodReady(const boost::json::object& pod);
// When the Ready condition last turned True; nullopt unless the pod is ready.
std::optional<Clock::TimePoint> PodReadySince(const boost::json::object& pod);
// Ready for at least min_ready_seconds by `now` (ready and min 0: available).
bool IsPodAvailable(const boost::json::object& pod, int64_t min_ready_seconds, Clock::TimePoint now);

}  // namespace kubepp::controllers::common
