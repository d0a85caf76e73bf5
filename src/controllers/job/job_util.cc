#include "controllers/job/job_util.h"

#include <algorithm>
#include <charconv>

#include "controllers/common/fields.h"

namespace kubepp::controllers::job {

using common::Arr;
using common::ObjAt;
using common::Str;

namespace {

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

}  // namespace

const boost::json::object* FindCondition(const boost::json::object& job, std::string_view type) {
  const boost::json::array* conds = Arr(ObjAt(job, {"status"}), "conditions");
  if (conds == nullptr) return nullptr;
  for (const auto& c : *conds) {
    if (c.is_object() && Str(&c.get_object(), "type") == type) return &c.get_object();
  }
  return nullptr;
}

bool ConditionTrue(const boost::json::object& job, std::string_view type) {
  const boost::json::object* c = FindCondition(job, type);
  return c != nullptr && Str(c, "status") == "True";
}

bool SetCondition(boost::json::object& status, std::string_view type, std::string_view cond_status,
                  std::string_view reason, std::string_view message, Clock::TimePoint now) {
  boost::json::value& v = status["conditions"];
  if (!v.is_array()) v = boost::json::array();
  boost::json::array& conds = v.get_array();
  std::string now_text = common::FormatTime(now);
  for (auto& c : conds) {
    if (!c.is_object() || Str(&c.get_object(), "type") != type) continue;
    boost::json::object& o = c.get_object();
    if (Str(&o, "status") == cond_status && Str(&o, "reason") == reason && Str(&o, "message") == message) {
      return false;
    }
    if (Str(&o, "status") != cond_status) o["lastTransitionTime"] = now_text;
    o["status"] = cond_status;
    o["reason"] = reason;
    o["message"] = message;
    o["lastProbeTime"] = now_text;
    return true;
  }
  boost::json::object c;
  c["type"] = type;
  c["status"] = cond_status;
  c["lastProbeTime"] = now_text;
  c["lastTransitionTime"] = now_text;
  c["reason"] = reason;
  c["message"] = message;
  conds.push_back(std::move(c));
  return true;
}

bool IsJobFinished(const boost::json::object& job) {
  return ConditionTrue(job, "Complete") || ConditionTrue(job, "Failed");
}

std::optional<Clock::TimePoint> JobFinishTime(const boost::json::object& job) {
  for (std::string_view type : {"Complete", "Failed"}) {
    const boost::json::object* c = FindCondition(job, type);
    if (c != nullptr && Str(c, "status") == "True") return common::ParseTime(c->if_contains("lastTransitionTime"));
  }
  return std::nullopt;
}

std::set<int64_t> ParseIndexes(std::string_view text) {
  std::set<int64_t> out;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    size_t dash = part.find('-');
    if (dash == std::string_view::npos) {
      if (auto v = ParseInt(part)) out.insert(*v);
      continue;
    }
    auto lo = ParseInt(part.substr(0, dash));
    auto hi = ParseInt(part.substr(dash + 1));
    // A range wider than any Job's completions is malformed, not a reason to allocate forever.
    if (!lo || !hi || *hi < *lo || *hi - *lo > 100000) continue;
    for (int64_t i = *lo; i <= *hi; ++i) out.insert(i);
  }
  return out;
}

std::string FormatIndexes(const std::set<int64_t>& indexes) {
  std::string out;
  for (auto it = indexes.begin(); it != indexes.end();) {
    int64_t lo = *it, hi = *it;
    for (++it; it != indexes.end() && *it == hi + 1; ++it) hi = *it;
    if (!out.empty()) out += ',';
    out += std::to_string(lo);
    if (hi > lo) out += "-" + std::to_string(hi);
  }
  return out;
}

std::optional<int64_t> PodCompletionIndex(const boost::json::object& pod) {
  for (std::string_view where : {"annotations", "labels"}) {
    const boost::json::object* m = ObjAt(pod, {"metadata", where});
    if (m == nullptr) continue;
    std::string v = Str(m, kCompletionIndexKey);
    if (!v.empty()) return ParseInt(v);
  }
  return std::nullopt;
}

bool HasTrackingFinalizer(const boost::json::object& pod) {
  const boost::json::array* fins = Arr(ObjAt(pod, {"metadata"}), "finalizers");
  if (fins == nullptr) return false;
  return std::any_of(fins->begin(), fins->end(), [](const boost::json::value& v) {
    return v.is_string() && v.get_string() == kJobTrackingFinalizer;
  });
}

bool PodSucceeded(const boost::json::object& pod) { return common::StrAt(pod, {"status", "phase"}) == "Succeeded"; }

bool PodFailed(const boost::json::object& pod) {
  return common::StrAt(pod, {"status", "phase"}) == "Failed" || (common::IsBeingDeleted(pod) && !PodSucceeded(pod));
}

Clock::TimePoint PodFinishTime(const boost::json::object& pod, Clock::TimePoint fallback) {
  const boost::json::object* status = ObjAt(pod, {"status"});
  // 1. Every container terminated: the latest of their finishes.
  std::optional<Clock::TimePoint> latest;
  bool all_terminated = true;
  if (const boost::json::array* statuses = Arr(status, "containerStatuses")) {
    for (const auto& s : *statuses) {
      std::optional<Clock::TimePoint> t;
      if (s.is_object()) t = common::TimeAt(s.get_object(), {"state", "terminated", "finishedAt"});
      if (!t) {
        all_terminated = false;
        break;
      }
      if (!latest || *t > *latest) latest = t;
    }
  }
  if (all_terminated && latest) return *latest;
  // 2. The kubelet marks a finishing pod Ready=False.
  if (const boost::json::array* conds = Arr(status, "conditions")) {
    for (const auto& c : *conds) {
      if (!c.is_object() || Str(&c.get_object(), "type") != "Ready") continue;
      if (Str(&c.get_object(), "status") != "False") break;
      if (auto t = common::TimeAt(c.get_object(), {"lastTransitionTime"})) return *t;
      break;
    }
  }
  // 3. A deleted orphan: when its deletion began.
  if (auto deleted = common::TimeAt(pod, {"metadata", "deletionTimestamp"})) {
    return *deleted - std::chrono::seconds(common::IntOr(ObjAt(pod, {"metadata"}), "deletionGracePeriodSeconds", 0));
  }
  return common::TimeAt(pod, {"metadata", "creationTimestamp"}).value_or(fallback);
}

Clock::Duration PodFailureBackoff(int64_t failures) {
  if (failures <= 0) return Clock::Duration::zero();
  Clock::Duration d = kPodFailureBackoff;
  for (int64_t i = 1; i < failures && d < kMaxPodFailureBackoff; ++i) d *= 2;
  return std::min<Clock::Duration>(d, kMaxPodFailureBackoff);
}

}  // namespace kubepp::controllers::job
