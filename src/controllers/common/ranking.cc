#include "controllers/common/ranking.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "controllers/common/fields.h"
#include "controllers/common/pod_util.h"

namespace kubepp::controllers::common {
namespace {

int PhaseOrdinal(std::string_view phase) {
  if (phase == "Pending") return 0;
  if (phase == "Unknown") return 1;
  if (phase == "Running") return 2;
  return 0;  // other phases are not active; order them with Pending
}

int64_t DeletionCost(const boost::json::object& pod) {
  const boost::json::value* v = ValueAt(pod, {"metadata", "annotations", "controller.kubernetes.io/pod-deletion-cost"});
  if (v == nullptr || !v->is_string()) return 0;
  std::string_view s = v->get_string();
  try {
    size_t used = 0;
    long long cost = std::stoll(std::string(s), &used);
    if (used != s.size() || cost < INT32_MIN || cost > INT32_MAX) return 0;
    return cost;
  } catch (...) {
    return 0;
  }
}

int64_t MaxRestarts(const boost::json::object& pod) {
  int64_t max = 0;
  const boost::json::value* statuses = ValueAt(pod, {"status", "containerStatuses"});
  if (statuses == nullptr || !statuses->is_array()) return 0;
  for (const auto& s : statuses->get_array()) {
    if (s.is_object()) max = std::max(max, IntOr(&s.get_object(), "restartCount", 0));
  }
  return max;
}

// afterOrZero: a zero time sorts first; otherwise the later time first.
bool AfterOrZero(const std::optional<Clock::TimePoint>& a, const std::optional<Clock::TimePoint>& b) {
  if (!a || !b) return !a;
  return *a > *b;
}

// floor(log2(age in nanoseconds)), -1 for no age.
int64_t LogRank(Clock::TimePoint t, Clock::TimePoint now) {
  auto d = std::chrono::duration_cast<std::chrono::nanoseconds>(now - t).count();
  if (d <= 0) return -1;
  return static_cast<int64_t>(std::log2(static_cast<double>(d)));
}

// The newer-first comparison of two distinct times, in log2 buckets of age.
// nullopt when they fall into the same bucket.
std::optional<bool> NewerFirst(const std::optional<Clock::TimePoint>& a, const std::optional<Clock::TimePoint>& b,
                               Clock::TimePoint now) {
  if (!a || !b || now.time_since_epoch().count() == 0) return AfterOrZero(a, b);
  int64_t diff = LogRank(*a, now) - LogRank(*b, now);
  if (diff == 0) return std::nullopt;
  return diff < 0;
}

}  // namespace

bool DeleteBefore(const RankedPod& ra, const RankedPod& rb, Clock::TimePoint now) {
  const boost::json::object& a = *ra.pod;
  const boost::json::object& b = *rb.pod;
  std::string node_a = StrAt(a, {"spec", "nodeName"}), node_b = StrAt(b, {"spec", "nodeName"});
  if (node_a != node_b && (node_a.empty() || node_b.empty())) return node_a.empty();
  int pa = PhaseOrdinal(PodPhase(a)), pb = PhaseOrdinal(PodPhase(b));
  if (pa != pb) return pa < pb;
  bool ready_a = IsPodReady(a), ready_b = IsPodReady(b);
  if (ready_a != ready_b) return !ready_a;
  int64_t cost_a = DeletionCost(a), cost_b = DeletionCost(b);
  if (cost_a != cost_b) return cost_a < cost_b;
  if (ra.rank != rb.rank) return ra.rank > rb.rank;
  if (ready_a && ready_b) {
    auto ta = PodReadySince(a), tb = PodReadySince(b);
    if (ta != tb) {
      std::optional<bool> newer = NewerFirst(ta, tb, now);
      if (!newer) return client::UidOf(a) < client::UidOf(b);
      return *newer;
    }
  }
  int64_t restarts_a = MaxRestarts(a), restarts_b = MaxRestarts(b);
  if (restarts_a != restarts_b) return restarts_a > restarts_b;
  auto ca = TimeAt(a, {"metadata", "creationTimestamp"}), cb = TimeAt(b, {"metadata", "creationTimestamp"});
  if (ca != cb) {
    std::optional<bool> newer = NewerFirst(ca, cb, now);
    if (!newer) return client::UidOf(a) < client::UidOf(b);
    return *newer;
  }
  return false;
}

void SortForDeletion(std::vector<RankedPod>& pods, Clock::TimePoint now) {
  std::stable_sort(pods.begin(), pods.end(),
                   [now](const RankedPod& a, const RankedPod& b) { return DeleteBefore(a, b, now); });
}

namespace {

std::optional<Clock::TimePoint> Created(const client::ObjectPtr& o) {
  return TimeAt(*o, {"metadata", "creationTimestamp"});
}
bool OlderFirst(const client::ObjectPtr& a, const client::ObjectPtr& b) {
  auto ta = Created(a), tb = Created(b);
  if (ta != tb) return ta < tb;  // nullopt (no time) sorts first
  return client::NameOf(*a) < client::NameOf(*b);
}
int64_t Replicas(const client::ObjectPtr& o) { return IntAt(*o, {"spec", "replicas"}).value_or(0); }

}  // namespace

void SortReplicaSetsByCreation(std::vector<client::ObjectPtr>& rss) {
  std::stable_sort(rss.begin(), rss.end(), OlderFirst);
}

void SortReplicaSetsBySizeNewer(std::vector<client::ObjectPtr>& rss) {
  std::stable_sort(rss.begin(), rss.end(), [](const client::ObjectPtr& a, const client::ObjectPtr& b) {
    if (Replicas(a) == Replicas(b)) return OlderFirst(b, a);
    return Replicas(a) > Replicas(b);
  });
}

void SortReplicaSetsBySizeOlder(std::vector<client::ObjectPtr>& rss) {
  std::stable_sort(rss.begin(), rss.end(), [](const client::ObjectPtr& a, const client::ObjectPtr& b) {
    if (Replicas(a) == Replicas(b)) return OlderFirst(a, b);
    return Replicas(a) > Replicas(b);
  });
}

}  // namespace kubepp::controllers::common
