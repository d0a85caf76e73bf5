#include "controllers/deployment/deployment_util.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <climits>
#include <cmath>

#include "api/quantity/quantity.h"
#include "base/log.h"
#include "controllers/common/fields.h"
#include "controllers/common/ranking.h"

namespace kubepp::controllers::deployment {

using namespace common;  // NOLINT

int64_t Replicas(const boost::json::object& obj) { return IntAt(obj, {"spec", "replicas"}).value_or(1); }

int64_t StatusInt(const boost::json::object& obj, std::string_view field) {
  return IntOr(Obj(&obj, "status"), field, 0);
}

bool IsRollingUpdate(const boost::json::object& d) {
  std::string type = StrAt(d, {"spec", "strategy", "type"});
  return type.empty() || type == "RollingUpdate";
}

StatusOr<std::pair<int64_t, int64_t>> ResolveFenceposts(const boost::json::object& d) {
  static const boost::json::value kQuarter = "25%";
  const boost::json::object* ru = ObjAt(d, {"spec", "strategy", "rollingUpdate"});
  const boost::json::value* surge_v = Field(ru, "maxSurge");
  const boost::json::value* unavail_v = Field(ru, "maxUnavailable");
  if (surge_v == nullptr || surge_v->is_null()) surge_v = &kQuarter;
  if (unavail_v == nullptr || unavail_v->is_null()) unavail_v = &kQuarter;
  int64_t desired = Replicas(d);
  auto surge = ScaledValueFromIntOrPercent(surge_v, desired, true);
  if (!surge.ok()) return surge.status();
  auto unavailable = ScaledValueFromIntOrPercent(unavail_v, desired, false);
  if (!unavailable.ok()) return unavailable.status();
  if (*surge == 0 && *unavailable == 0) return std::pair<int64_t, int64_t>{0, 1};
  return std::pair<int64_t, int64_t>{*surge, *unavailable};
}

int64_t MaxSurge(const boost::json::object& d) {
  if (!IsRollingUpdate(d)) return 0;
  auto f = ResolveFenceposts(d);
  return f.ok() ? f->first : 0;
}

int64_t MaxUnavailable(const boost::json::object& d) {
  if (!IsRollingUpdate(d) || Replicas(d) == 0) return 0;
  auto f = ResolveFenceposts(d);
  int64_t unavailable = f.ok() ? f->second : 0;
  return std::min(unavailable, Replicas(d));
}

std::optional<int64_t> Revision(const boost::json::object& obj) {
  const boost::json::value* v = ValueAt(obj, {"metadata", "annotations", kRevisionAnnotation});
  if (v == nullptr || !v->is_string()) return 0;
  std::string s(v->get_string());
  try {
    size_t used = 0;
    int64_t r = std::stoll(s, &used);
    if (used != s.size()) return std::nullopt;
    return r;
  } catch (...) {
    return std::nullopt;
  }
}

int64_t MaxRevision(const std::vector<ObjectPtr>& rss) {
  int64_t max = 0;
  for (const auto& rs : rss) {
    if (rs == nullptr) continue;
    if (auto r = Revision(*rs)) max = std::max(max, *r);
  }
  return max;
}

namespace {

bool SkipCopyAnnotation(std::string_view key) {
  return key == "kubectl.kubernetes.io/last-applied-configuration" || key == kRevisionAnnotation ||
         key == kRevisionHistoryAnnotation || key == kDesiredReplicasAnnotation || key == kMaxReplicasAnnotation;
}

boost::json::object& Annotations(boost::json::object& obj) {
  return MutableObj(MutableObj(obj, "metadata"), "annotations");
}

}  // namespace

bool SetNewReplicaSetAnnotations(const boost::json::object& d, boost::json::object& rs,
                                 std::string_view new_revision, bool exists) {
  bool changed = false;
  boost::json::object& ann = Annotations(rs);
  if (const boost::json::object* dann = ObjAt(d, {"metadata", "annotations"})) {
    for (const auto& kv : *dann) {
      if (SkipCopyAnnotation(kv.key())) continue;
      const boost::json::value* cur = Field(&ann, kv.key());
      if (cur != nullptr && *cur == kv.value()) continue;
      ann[kv.key()] = kv.value();
      changed = true;
    }
  }
  const boost::json::value* old_v = Field(&ann, kRevisionAnnotation);
  bool had_revision = old_v != nullptr && old_v->is_string();
  std::string old_revision = had_revision ? std::string(old_v->get_string()) : std::string();
  int64_t old_int = 0, new_int = 0;
  try {
    if (!old_revision.empty()) old_int = std::stoll(old_revision);
    new_int = std::stoll(std::string(new_revision));
  } catch (...) {
    VLOG(2) << "unparsable revision annotation on " << client::NameOf(rs);
    return false;
  }
  if (old_int < new_int) {
    ann[kRevisionAnnotation] = new_revision;
    changed = true;
    // A ReplicaSet that had a revision and gets a newer one is being rolled
    // back to: remember the revisions it served.
    if (had_revision) {
      std::string history = Str(&ann, kRevisionHistoryAnnotation);
      history = history.empty() ? old_revision : history + "," + old_revision;
      while (history.size() > kMaxRevHistoryLengthInChars) {
        size_t comma = history.find(',');
        if (comma == std::string::npos) break;
        history.erase(0, comma + 1);
      }
      ann[kRevisionHistoryAnnotation] = history;
    }
  }
  if (!exists && SetReplicasAnnotations(rs, Replicas(d), Replicas(d) + MaxSurge(d))) changed = true;
  return changed;
}

bool ReplicasAnnotationsNeedUpdate(const boost::json::object& rs, int64_t desired, int64_t max) {
  const boost::json::object* ann = ObjAt(rs, {"metadata", "annotations"});
  return Str(ann, kDesiredReplicasAnnotation) != std::to_string(desired) ||
         Str(ann, kMaxReplicasAnnotation) != std::to_string(max);
}

bool SetReplicasAnnotations(boost::json::object& rs, int64_t desired, int64_t max) {
  if (!ReplicasAnnotationsNeedUpdate(rs, desired, max)) return false;
  boost::json::object& ann = Annotations(rs);
  ann[kDesiredReplicasAnnotation] = std::to_string(desired);
  ann[kMaxReplicasAnnotation] = std::to_string(max);
  return true;
}

bool SetDeploymentRevision(boost::json::object& d, std::string_view revision) {
  boost::json::object& ann = Annotations(d);
  if (Str(&ann, kRevisionAnnotation) == revision && Field(&ann, kRevisionAnnotation) != nullptr) return false;
  ann[kRevisionAnnotation] = revision;
  return true;
}

namespace {

// Each Quantity of a resource list in its canonical form.
void CanonicalQuantities(boost::json::value* list) {
  if (list == nullptr || !list->is_object()) return;
  for (auto& kv : list->get_object()) {
    boost::json::value& v = kv.value();
    if (!v.is_string() && !v.is_number()) continue;
    std::string text;
    if (v.is_string()) {
      text = v.get_string();
    } else if (v.is_double()) {
      char buf[32];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.get_double());
      text.assign(buf, ec == std::errc() ? end : buf);
    } else {
      text = boost::json::serialize(v);  // an integer
    }
    auto q = api::Quantity::Parse(text);
    if (q.ok()) v = q->String();
  }
}

// The Quantities of a pod spec in their canonical form, as the apiserver stores them now: a
// template it stored before may hold "0.5" where its ReplicaSet holds "500m", and upstream
// compares the two by value.
void CanonicalPodQuantities(boost::json::object& spec) {
  for (std::string_view list : {"initContainers", "containers", "ephemeralContainers"}) {
    boost::json::value* containers = spec.if_contains(list);
    if (containers == nullptr || !containers->is_array()) continue;
    for (auto& c : containers->get_array()) {
      boost::json::value* resources =
          c.is_object() ? c.get_object().if_contains("resources") : nullptr;
      if (resources == nullptr || !resources->is_object()) continue;
      CanonicalQuantities(resources->get_object().if_contains("limits"));
      CanonicalQuantities(resources->get_object().if_contains("requests"));
    }
  }
  CanonicalQuantities(spec.if_contains("overhead"));
  if (boost::json::value* resources = spec.if_contains("resources");
      resources && resources->is_object()) {
    CanonicalQuantities(resources->get_object().if_contains("limits"));
    CanonicalQuantities(resources->get_object().if_contains("requests"));
  }
}

// A template as compared for equality: without the hash label, without the empty or null
// members that mean "unset", and with its Quantities canonical.
boost::json::object Normalized(const boost::json::object* t) {
  boost::json::object out = t ? *t : boost::json::object();
  if (boost::json::value* spec = out.if_contains("spec"); spec && spec->is_object()) {
    CanonicalPodQuantities(spec->get_object());
  }
  if (boost::json::value* meta = out.if_contains("metadata"); meta && meta->is_object()) {
    boost::json::object& m = meta->get_object();
    if (boost::json::value* labels = m.if_contains("labels"); labels && labels->is_object()) {
      labels->get_object().erase(kPodTemplateHashLabel);
      if (labels->get_object().empty()) m.erase("labels");
    }
    for (std::string_view key : {"creationTimestamp", "labels", "annotations"}) {
      if (boost::json::value* v = m.if_contains(key); v && (v->is_null() || (v->is_object() && v->get_object().empty()))) {
        m.erase(key);
      }
    }
    if (m.empty()) out.erase("metadata");
  }
  return out;
}

}  // namespace

bool EqualIgnoreHash(const boost::json::object* a, const boost::json::object* b) {
  return Normalized(a) == Normalized(b);
}

ObjectPtr FindNewReplicaSet(const boost::json::object& d, const std::vector<ObjectPtr>& rss) {
  std::vector<ObjectPtr> sorted = rss;
  SortReplicaSetsByCreation(sorted);
  const boost::json::object* want = ObjAt(d, {"spec", "template"});
  for (const auto& rs : sorted) {
    // Several may match (only by accident); the oldest one wins, always the same.
    if (EqualIgnoreHash(ObjAt(*rs, {"spec", "template"}), want)) return rs;
  }
  return nullptr;
}

std::vector<ObjectPtr> FindOldReplicaSets(const boost::json::object& d, const std::vector<ObjectPtr>& rss) {
  ObjectPtr new_rs = FindNewReplicaSet(d, rss);
  std::vector<ObjectPtr> out;
  for (const auto& rs : rss) {
    if (new_rs != nullptr && client::UidOf(*rs) == client::UidOf(*new_rs)) continue;
    out.push_back(rs);
  }
  return out;
}

std::vector<ObjectPtr> FilterActive(const std::vector<ObjectPtr>& rss) {
  std::vector<ObjectPtr> out;
  for (const auto& rs : rss) {
    if (rs != nullptr && Replicas(*rs) > 0) out.push_back(rs);
  }
  return out;
}

ObjectPtr FindActiveOrLatest(const ObjectPtr& new_rs, std::vector<ObjectPtr> old_rss) {
  if (new_rs == nullptr && old_rss.empty()) return nullptr;
  SortReplicaSetsByCreation(old_rss);
  std::reverse(old_rss.begin(), old_rss.end());
  std::vector<ObjectPtr> all = old_rss;
  all.push_back(new_rs);
  std::vector<ObjectPtr> active = FilterActive(all);
  if (active.empty()) return new_rs != nullptr ? new_rs : old_rss.front();
  if (active.size() == 1) return active.front();
  return nullptr;
}

int64_t SumSpecReplicas(const std::vector<ObjectPtr>& rss) {
  int64_t sum = 0;
  for (const auto& rs : rss) {
    if (rs != nullptr) sum += Replicas(*rs);
  }
  return sum;
}

int64_t SumStatus(const std::vector<ObjectPtr>& rss, std::string_view field) {
  int64_t sum = 0;
  for (const auto& rs : rss) {
    if (rs != nullptr) sum += StatusInt(*rs, field);
  }
  return sum;
}

StatusOr<int64_t> NewRSNewReplicas(const boost::json::object& d, const std::vector<ObjectPtr>& all_rss,
                                   const boost::json::object& new_rs) {
  if (!IsRollingUpdate(d)) return Replicas(d);
  auto f = ResolveFenceposts(d);
  if (!f.ok()) return f.status();
  int64_t current = SumSpecReplicas(all_rss);
  int64_t max_total = Replicas(d) + f->first;
  if (current >= max_total) return Replicas(new_rs);
  int64_t scale_up = std::min(max_total - current, Replicas(d) - Replicas(new_rs));
  return Replicas(new_rs) + scale_up;
}

bool IsSaturated(const boost::json::object& d, const ObjectPtr& rs) {
  if (rs == nullptr) return false;
  std::string desired = StrAt(*rs, {"metadata", "annotations", kDesiredReplicasAnnotation});
  if (desired != std::to_string(Replicas(d))) return false;
  return Replicas(*rs) == Replicas(d) && StatusInt(*rs, "availableReplicas") == Replicas(d);
}

namespace {

int64_t ReplicaSetFraction(const boost::json::object& rs, const boost::json::object& d) {
  // Scaling down to zero: everything goes.
  if (Replicas(d) == 0) return -Replicas(rs);
  int64_t deployment_replicas = Replicas(d) + MaxSurge(d);
  int64_t annotated = 0;
  std::string max_ann = StrAt(rs, {"metadata", "annotations", kMaxReplicasAnnotation});
  try {
    annotated = max_ann.empty() ? StatusInt(d, "replicas") : std::stoll(max_ann);
  } catch (...) {
    annotated = StatusInt(d, "replicas");
  }
  if (annotated <= 0) return 0;
  double size = static_cast<double>(Replicas(rs) * deployment_replicas) / static_cast<double>(annotated);
  return static_cast<int64_t>(std::llround(size)) - Replicas(rs);
}

}  // namespace

int64_t GetProportion(const boost::json::object& rs, const boost::json::object& d, int64_t to_add, int64_t added) {
  if (Replicas(rs) == 0 || to_add == 0 || to_add == added) return 0;
  int64_t fraction = ReplicaSetFraction(rs, d);
  int64_t allowed = to_add - added;
  if (to_add > 0) return std::min(fraction, allowed);
  return std::max(fraction, allowed);
}

const boost::json::object* GetCondition(const boost::json::object& status, std::string_view type) {
  const boost::json::array* conds = Arr(&status, "conditions");
  if (conds == nullptr) return nullptr;
  for (const auto& c : *conds) {
    if (c.is_object() && Str(&c.get_object(), "type") == type) return &c.get_object();
  }
  return nullptr;
}

boost::json::object NewCondition(std::string_view type, std::string_view status, std::string_view reason,
                                 std::string_view message, Clock::TimePoint now) {
  boost::json::object c;
  c["type"] = type;
  c["status"] = status;
  c["lastUpdateTime"] = FormatTime(now);
  c["lastTransitionTime"] = FormatTime(now);
  c["reason"] = reason;
  c["message"] = message;
  return c;
}

void SetCondition(boost::json::object& status, boost::json::object condition) {
  std::string type = Str(&condition, "type");
  const boost::json::object* current = GetCondition(status, type);
  if (current != nullptr && Str(current, "status") == Str(&condition, "status") &&
      Str(current, "reason") == Str(&condition, "reason")) {
    return;
  }
  if (current != nullptr && Str(current, "status") == Str(&condition, "status")) {
    if (const boost::json::value* t = Field(current, "lastTransitionTime")) condition["lastTransitionTime"] = *t;
  }
  RemoveCondition(status, type);
  boost::json::value& conds = status["conditions"];
  if (!conds.is_array()) conds = boost::json::array();
  conds.get_array().push_back(std::move(condition));
}

void RemoveCondition(boost::json::object& status, std::string_view type) {
  boost::json::value* conds = status.if_contains("conditions");
  if (conds == nullptr || !conds->is_array()) return;
  boost::json::array kept;
  for (const auto& c : conds->get_array()) {
    if (c.is_object() && Str(&c.get_object(), "type") == type) continue;
    kept.push_back(c);
  }
  if (kept.empty()) {
    status.erase("conditions");
  } else {
    *conds = std::move(kept);
  }
}

bool StatusEqual(const boost::json::object& a, const boost::json::object& b) {
  for (std::string_view f : {"observedGeneration", "replicas", "updatedReplicas", "readyReplicas",
                             "availableReplicas", "unavailableReplicas"}) {
    if (IntOr(&a, f, 0) != IntOr(&b, f, 0)) return false;
  }
  if (Int(&a, "collisionCount") != Int(&b, "collisionCount")) return false;
  const boost::json::array* ca = Arr(&a, "conditions");
  const boost::json::array* cb = Arr(&b, "conditions");
  if (ca == nullptr || cb == nullptr) return (ca == nullptr || ca->empty()) == (cb == nullptr || cb->empty());
  return *ca == *cb;
}

bool HasProgressDeadline(const boost::json::object& d) {
  auto v = IntAt(d, {"spec", "progressDeadlineSeconds"});
  return v.has_value() && *v != INT32_MAX;
}

bool HasRevisionHistoryLimit(const boost::json::object& d) {
  auto v = IntAt(d, {"spec", "revisionHistoryLimit"});
  return v.has_value() && *v != INT32_MAX;
}

bool DeploymentComplete(const boost::json::object& d, const boost::json::object& status) {
  int64_t want = Replicas(d);
  return IntOr(&status, "updatedReplicas", 0) == want && IntOr(&status, "replicas", 0) == want &&
         IntOr(&status, "availableReplicas", 0) == want &&
         IntOr(&status, "observedGeneration", 0) >= IntAt(d, {"metadata", "generation"}).value_or(0);
}

bool DeploymentProgressing(const boost::json::object& d, const boost::json::object& status) {
  const boost::json::object* old = Obj(&d, "status");
  int64_t old_old = IntOr(old, "replicas", 0) - IntOr(old, "updatedReplicas", 0);
  int64_t new_old = IntOr(&status, "replicas", 0) - IntOr(&status, "updatedReplicas", 0);
  return IntOr(&status, "updatedReplicas", 0) > IntOr(old, "updatedReplicas", 0) || new_old < old_old ||
         IntOr(&status, "readyReplicas", 0) > IntOr(old, "readyReplicas", 0) ||
         IntOr(&status, "availableReplicas", 0) > IntOr(old, "availableReplicas", 0);
}

bool DeploymentTimedOut(const boost::json::object& d, const boost::json::object& status, Clock::TimePoint now) {
  if (!HasProgressDeadline(d)) return false;
  const boost::json::object* cond = GetCondition(status, "Progressing");
  if (cond == nullptr) return false;
  std::string reason = Str(cond, "reason");
  if (reason == kNewRSAvailableReason) return false;
  if (reason == kTimedOutReason) return true;
  auto from = ParseTime(Field(cond, "lastUpdateTime"));
  if (!from) return false;
  int64_t deadline = IntAt(d, {"spec", "progressDeadlineSeconds"}).value_or(600);
  return *from + std::chrono::seconds(deadline) < now;
}

}  // namespace kubepp::controllers::deployment
