#include "controllers/job/backoff_per_index.h"

#include <charconv>
#include <limits>
#include <string>

#include "controllers/common/fields.h"
#include "controllers/job/job_util.h"
#include "controllers/job/pod_failure_policy.h"

namespace kubepp::controllers::job {
namespace {

int64_t CountAnnotation(const boost::json::object& pod, std::string_view key) {
  std::string text = common::Str(common::ObjAt(pod, {"metadata", "annotations"}), key);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return 0;
  if (v < 0 || v > std::numeric_limits<int32_t>::max()) return 0;
  return v;
}

}  // namespace

int64_t IndexFailureCount(const boost::json::object& pod) { return CountAnnotation(pod, kIndexFailureCountKey); }

int64_t IndexIgnoredFailureCount(const boost::json::object& pod) {
  return CountAnnotation(pod, kIndexIgnoredFailureCountKey);
}

bool IndexFailed(const boost::json::object& job, const boost::json::object& pod, int64_t limit) {
  FailureAction action = MatchPodFailurePolicy(job, pod).action;
  if (action == FailureAction::kFailIndex) return true;
  return action != FailureAction::kIgnore && IndexFailureCount(pod) >= limit;
}

boost::json::object ReplacementCounts(const boost::json::object& job, const boost::json::object* failed) {
  int64_t counted = 0, ignored = 0;
  if (failed != nullptr) {
    counted = IndexFailureCount(*failed);
    ignored = IndexIgnoredFailureCount(*failed);
    ++(MatchPodFailurePolicy(job, *failed).action == FailureAction::kIgnore ? ignored : counted);
  }
  boost::json::object out;
  out[kIndexFailureCountKey] = std::to_string(counted);
  if (ignored > 0) out[kIndexIgnoredFailureCountKey] = std::to_string(ignored);
  return out;
}

Clock::Duration RemainingIndexBackoff(const boost::json::object& failed, Clock::TimePoint now) {
  int64_t failures = IndexFailureCount(failed) + IndexIgnoredFailureCount(failed) + 1;
  Clock::Duration since = now - PodFinishTime(failed, now);
  Clock::Duration wait = PodFailureBackoff(failures);
  return since >= wait ? Clock::Duration::zero() : wait - since;
}

}  // namespace kubepp::controllers::job
