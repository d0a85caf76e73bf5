#include "controllers/common/pod_util.h"

#include "controllers/common/fields.h"

namespace kubepp::controllers::common {
namespace {

const boost::json::object* ReadyCondition(const boost::json::object& pod) {
  const boost::json::value* conds = ValueAt(pod, {"status", "conditions"});
  if (conds == nullptr || !conds->is_array()) return nullptr;
  for (const auto& c : conds->get_array()) {
    if (!c.is_object()) continue;
    if (Str(&c.get_object(), "type") == "Ready") return &c.get_object();
  }
  return nullptr;
}

}  // namespace

std::string_view PodPhase(const boost::json::object& pod) {
  const boost::json::value* v = ValueAt(pod, {"status", "phase"});
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

bool IsPodActive(const boost::json::object& pod) {
  std::string_view phase = PodPhase(pod);
  return phase != "Succeeded" && phase != "Failed" && !IsBeingDeleted(pod);
}

bool IsPodReady(const boost::json::object& pod) {
  const boost::json::object* c = ReadyCondition(pod);
  return c != nullptr && Str(c, "status") == "True";
}

std::optional<Clock::TimePoint> PodReadySince(const boost::json::object& pod) {
  const boost::json::object* c = ReadyCondition(pod);
  if (c == nullptr || Str(c, "status") != "True") return std::nullopt;
  return ParseTime(Field(c, "lastTransitionTime"));
}

bool IsPodAvailable(const boost::json::object& pod, int64_t min_ready_seconds, Clock::TimePoint now) {
  if (!IsPodReady(pod)) return false;
  if (min_ready_seconds == 0) return true;
  std::optional<Clock::TimePoint> since = PodReadySince(pod);
  // Without a transition time there is no evidence the pod stayed ready.
  if (!since) return false;
  return *since + std::chrono::seconds(min_ready_seconds) < now;
}

}  // namespace kubepp::controllers::common
