// Taints and tolerations, as the node lifecycle controller reads them
// (upstream's v1 helper semantics): a toleration with an empty effect
// matches every effect; an empty key with operator Exists matches every
// taint; operator Exists ignores the value; Equal (the default) compares it.
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace kubepp::controllers {

inline constexpr std::string_view kTaintNotReady = "node.kubernetes.io/not-ready";
inline constexpr std::string_view kTaintUnreachable = "node.kubernetes.io/unreachable";
inline constexpr std::string_view kTaintUnschedulable = "node.kubernetes.io/unschedulable";
inline constexpr std::string_view kTaintMemoryPressure = "node.kubernetes.io/memory-pressure";
inline constexpr std::string_view kTaintDiskPressure = "node.kubernetes.io/disk-pressure";
inline constexpr std::string_view kTaintPidPressure = "node.kubernetes.io/pid-pressure";
inline constexpr std::string_view kTaintNetworkUnavailable = "node.kubernetes.io/network-unavailable";

struct Taint {
  std::string key, value, effect;
  std::string time_added;  // NoExecute taints: RFC 3339
  bool operator==(const Taint& o) const { return key == o.key && value == o.value && effect == o.effect; }
};

std::vector<Taint> TaintsOf(const boost::json::object& node);
boost::json::array TaintsToJson(const std::vector<Taint>& taints);

bool ToleratesTaint(const boost::json::object& toleration, const Taint& taint);

// For a pod and the NoExecute taints of its node: nullopt when some taint
// is not tolerated (evict now); otherwise the tolerated time in seconds —
// the shortest tolerationSeconds among matching tolerations, or -1 for
// "forever" when none sets one.
std::optional<int64_t> TolerationSecondsFor(const boost::json::object& pod, const std::vector<Taint>& no_execute);

}  // namespace kubepp::controllers
