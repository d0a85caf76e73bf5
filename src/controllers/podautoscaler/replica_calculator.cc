#include "controllers/podautoscaler/replica_calculator.h"

#include <cmath>
#include <set>

#include "api/quota/resource_list.h"
#include "controllers/common/fields.h"
#include "controllers/common/pod_util.h"

namespace kubepp::controllers::podautoscaler {

using namespace common;  // NOLINT

namespace {

// The pod's request of `resource` summed over its containers; an error naming
// the first container without one.
StatusOr<int64_t> PodRequestMilli(const boost::json::object& pod, const std::string& resource) {
  int64_t total = 0;
  if (const auto* cs = ValueAt(pod, {"spec", "containers"}); cs && cs->is_array()) {
    for (const auto& c : cs->as_array()) {
      if (!c.is_object()) continue;
      auto requests = api::quota::ParseResourceList(ObjAt(c.as_object(), {"resources", "requests"}));
      auto it = requests.find(resource);
      if (it == requests.end()) {
        return Status::BadRequest("missing request for " + resource + " in container " +
                                  StrAt(c.as_object(), {"name"}) + " of Pod " + std::string(client::NameOf(pod)));
      }
      total += it->second.MilliValue();
    }
  }
  return total;
}

}  // namespace

StatusOr<ReplicaResult> ResourceReplicas(int64_t current_replicas, const ResourceTarget& target,
                                         const std::vector<client::ObjectPtr>& pods,
                                         const std::map<std::string, int64_t>& usage) {
  if (pods.empty()) return Status::BadRequest("no pods returned by selector while calculating replica count");
  const bool utilization = target.average_utilization.has_value();
  std::map<std::string, int64_t> metrics;
  std::map<std::string, int64_t> requests;
  std::set<std::string> missing, unready;
  for (const auto& pod : pods) {
    std::string name(client::NameOf(*pod));
    std::string phase = StrAt(*pod, {"status", "phase"});
    if (IsBeingDeleted(*pod) || phase == "Failed") continue;  // ignored
    if (utilization) {
      auto req = PodRequestMilli(*pod, target.resource);
      if (!req.ok()) return req.status();
      requests[name] = *req;
    }
    auto it = usage.find(name);
    if (it == usage.end()) {
      missing.insert(name);
      continue;
    }
    if (target.resource == "cpu" && (phase == "Pending" || !IsPodReady(*pod))) {
      unready.insert(name);
      continue;
    }
    metrics[name] = it->second;
  }
  if (metrics.empty() && missing.empty() && unready.empty()) {
    return Status::BadRequest("did not receive metrics for targeted pods (pods might be unready)");
  }
  // usage / target over the pods in `m`.
  auto ratio_of = [&](const std::map<std::string, int64_t>& m, ReplicaResult& out) -> StatusOr<double> {
    int64_t sum = 0, req = 0;
    for (const auto& [name, v] : m) {
      sum += v;
      if (utilization) req += requests[name];
    }
    out.average_value_milli = m.empty() ? 0 : sum / static_cast<int64_t>(m.size());
    if (utilization) {
      if (req == 0) return Status::BadRequest("no metrics returned matched known pods");
      int64_t util = sum * 100 / req;
      out.utilization = util;
      return static_cast<double>(util) / static_cast<double>(*target.average_utilization);
    }
    if (m.empty()) return 0.0;
    return static_cast<double>(sum) / static_cast<double>(m.size()) /
           static_cast<double>(target.average_value_milli.value_or(1));
  };

  ReplicaResult result;
  auto ratio = ratio_of(metrics, result);
  if (!ratio.ok()) return ratio.status();
  const bool rebalance_unready = !unready.empty() && *ratio > 1.0;
  if (!rebalance_unready && missing.empty()) {
    result.replicas = std::abs(1.0 - *ratio) <= kTolerance
                          ? current_replicas
                          : static_cast<int64_t>(std::ceil(*ratio * static_cast<double>(metrics.size())));
    return result;
  }
  std::map<std::string, int64_t> adjusted = metrics;
  for (const auto& name : missing) {
    // Scaling down: a silent pod may be busy, assume it uses the whole target; up: assume idle.
    int64_t assumed = 0;
    if (*ratio < 1.0) {
      assumed = utilization ? requests[name] * *target.average_utilization / 100 : target.average_value_milli.value_or(0);
    }
    adjusted[name] = assumed;
  }
  if (rebalance_unready) {
    for (const auto& name : unready) adjusted[name] = 0;
  }
  ReplicaResult ignored;
  auto new_ratio = ratio_of(adjusted, ignored);
  if (!new_ratio.ok()) return new_ratio.status();
  if (std::abs(1.0 - *new_ratio) <= kTolerance || (*ratio < 1.0 && *new_ratio > 1.0) ||
      (*ratio > 1.0 && *new_ratio < 1.0)) {
    result.replicas = current_replicas;
    return result;
  }
  int64_t replicas = static_cast<int64_t>(std::ceil(*new_ratio * static_cast<double>(adjusted.size())));
  if ((*new_ratio < 1.0 && replicas > current_replicas) || (*new_ratio > 1.0 && replicas < current_replicas)) {
    replicas = current_replicas;
  }
  result.replicas = replicas;
  return result;
}

}  // namespace kubepp::controllers::podautoscaler
