#include "controllers/replicaset/replicaset_status.h"

#include "controllers/common/fields.h"
#include "controllers/common/pod_util.h"

namespace kubepp::controllers::replicaset {

using namespace common;  // NOLINT

namespace {

// Whether `labels` (a pod's metadata.labels) holds every one of `wanted`.
// Read in place: this runs for each pod of a ReplicaSet at every sync.
bool HasAllLabels(const boost::json::object* labels, const api::Labels& wanted) {
  for (const auto& [key, value] : wanted) {
    const boost::json::value* v = labels == nullptr ? nullptr : labels->if_contains(key);
    if (v == nullptr || !v->is_string() || v->get_string() != value) return false;
  }
  return true;
}

}  // namespace

boost::json::object CalculateStatus(const boost::json::object& rs, const std::vector<client::ObjectPtr>& pods,
                                    const Status& manage_error, Clock::TimePoint now) {
  boost::json::object status;
  if (const boost::json::object* old = Obj(&rs, "status")) status = *old;
  api::Labels template_labels = StringMap(ObjAt(rs, {"spec", "template", "metadata", "labels"}));
  int64_t min_ready = IntAt(rs, {"spec", "minReadySeconds"}).value_or(0);
  int64_t fully_labeled = 0, ready = 0, available = 0;
  for (const auto& pod : pods) {
    if (HasAllLabels(ObjAt(*pod, {"metadata", "labels"}), template_labels)) ++fully_labeled;
    if (IsPodReady(*pod)) {
      ++ready;
      if (min_ready == 0 || IsPodAvailable(*pod, min_ready, now)) ++available;
    }
  }

  boost::json::array conditions;
  const boost::json::object* failure = nullptr;
  if (const boost::json::array* old = Arr(&status, "conditions")) {
    for (const auto& c : *old) {
      if (c.is_object() && Str(&c.get_object(), "type") == "ReplicaFailure") {
        failure = &c.get_object();
        continue;
      }
      conditions.push_back(c);
    }
  }
  if (!manage_error.ok() && failure == nullptr) {
    int64_t diff = static_cast<int64_t>(pods.size()) - IntAt(rs, {"spec", "replicas"}).value_or(1);
    boost::json::object cond;
    cond["type"] = "ReplicaFailure";
    cond["status"] = "True";
    cond["lastTransitionTime"] = FormatTime(now);
    cond["reason"] = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
    cond["message"] = manage_error.message();
    conditions.push_back(std::move(cond));
  } else if (!manage_error.ok() && failure != nullptr) {
    conditions.push_back(*failure);  // keep the first failure's time and message
  }
  if (conditions.empty()) {
    status.erase("conditions");
  } else {
    status["conditions"] = std::move(conditions);
  }
  status["replicas"] = static_cast<int64_t>(pods.size());
  // Zero counts are left out, as upstream's omitempty fields are (replicas is always there).
  auto put = [&status](std::string_view key, int64_t v) {
    if (v != 0) {
      status[key] = v;
    } else {
      status.erase(key);
    }
  };
  put("fullyLabeledReplicas", fully_labeled);
  put("readyReplicas", ready);
  put("availableReplicas", available);
  return status;
}

bool StatusCountsEqual(const boost::json::object& a, const boost::json::object& b) {
  for (std::string_view f : {"replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas"}) {
    if (IntOr(&a, f, 0) != IntOr(&b, f, 0)) return false;
  }
  const boost::json::value* ca = Field(&a, "conditions");
  const boost::json::value* cb = Field(&b, "conditions");
  bool empty_a = ca == nullptr || (ca->is_array() && ca->get_array().empty());
  bool empty_b = cb == nullptr || (cb->is_array() && cb->get_array().empty());
  if (empty_a || empty_b) return empty_a == empty_b;
  return *ca == *cb;
}

}  // namespace kubepp::controllers::replicaset
