// JobController::SyncJob: one level-triggered pass over a Job — count what
// finished (uncounted -> finalizer removed -> counters), decide whether the
// Job met its success or failure criteria, manage the active pods, and write
// the status.
#include <algorithm>
#include <map>
#include <set>

#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"
#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_util.h"
#include "controllers/common/ranking.h"
#include "controllers/common/slow_start.h"
#include "controllers/job/backoff_per_index.h"
#include "controllers/job/job_controller.h"
#include "controllers/job/job_util.h"
#include "controllers/job/pod_failure_policy.h"

namespace kubepp::controllers::job {

using namespace common;  // NOLINT
using client::ObjectPtr;

namespace {

std::set<std::string> UidSet(const boost::json::object* uncounted, std::string_view which) {
  std::set<std::string> out;
  if (const boost::json::array* a = Arr(uncounted, which)) {
    for (const auto& v : *a) {
      if (v.is_string()) out.insert(std::string(v.get_string()));
    }
  }
  return out;
}

boost::json::array UidArray(const std::set<std::string>& uids) {
  boost::json::array a;
  for (const auto& u : uids) a.push_back(boost::json::value(u));
  return a;
}

struct Target {
  std::string type;  // "FailureTarget" or "SuccessCriteriaMet"; "" when neither
  std::string reason, message;
};

// The interim condition the Job already carries, if any.
Target ExistingTarget(const boost::json::object& job) {
  for (std::string_view type : {"FailureTarget", "SuccessCriteriaMet"}) {
    if (const boost::json::object* c = FindCondition(job, type); c && Str(c, "status") == "True") {
      return {std::string(type), Str(c, "reason"), Str(c, "message")};
    }
  }
  return {};
}

}  // namespace

Status JobController::SyncJob(const std::string& key, const ObjectPtr& job_ptr) {
  const boost::json::object& job = *job_ptr;
  const Clock::TimePoint now = ctx_.clock.Now();
  std::string ns(client::NamespaceOf(job));
  const boost::json::object* sel = ObjAt(job, {"spec", "selector"});
  auto selector = sel ? api::LabelSelector::FromObject(*sel) : StatusOr<api::LabelSelector>(Status::Invalid(""));
  if (!selector.ok() || selector->Empty()) {
    KLOG(ERROR) << "job " << key << " has no usable selector";
    return Status::Ok();
  }
  ControllerRefManager refs(ctx_.client, pods_resource_, job, "batch/v1", "Job", *selector,
                            RecheckDeletionTimestamp(ctx_.client, jobs_resource_, job));
  auto claimed = refs.Claim(pod_informer_.ListNamespace(ns));
  if (!claimed.ok()) return claimed.status();
  const std::vector<ObjectPtr>& pods = *claimed;

  if (IsJobFinished(job)) {
    // Counted and done: release whatever still holds our finalizer.
    Status first;
    for (const ObjectPtr& pod : pods) {
      if (!HasTrackingFinalizer(*pod)) continue;
      Status st = RemoveTrackingFinalizer(*pod);
      if (!st.ok() && first.ok()) first = st;
    }
    return first;
  }
  const bool satisfied = expectations_.Satisfied(key);

  const boost::json::object* spec = ObjAt(job, {"spec"});
  const bool indexed = Str(spec, "completionMode") == "Indexed";
  const std::optional<int64_t> completions = Int(spec, "completions");
  const int64_t parallelism = std::max<int64_t>(0, IntOr(spec, "parallelism", 1));
  const int64_t backoff_limit = IntOr(spec, "backoffLimit", 6);
  const bool suspended = Bool(spec, "suspend").value_or(false);
  const bool only_failed = Str(spec, "podReplacementPolicy") == "Failed";

  const boost::json::object* old_status = ObjAt(job, {"status"});
  boost::json::object status = old_status ? *old_status : boost::json::object();
  const boost::json::object* uncounted_obj = ObjAt(job, {"status", "uncountedTerminatedPods"});
  std::set<std::string> unc_succ = UidSet(uncounted_obj, "succeeded");
  std::set<std::string> unc_fail = UidSet(uncounted_obj, "failed");
  int64_t succeeded = IntOr(old_status, "succeeded", 0);
  int64_t failed = IntOr(old_status, "failed", 0);
  std::set<int64_t> completed = indexed ? ParseIndexes(Str(old_status, "completedIndexes")) : std::set<int64_t>();
  // backoffLimitPerIndex: indexes that failed for good, and failed pods whose
  // index is settled after the loop (their finalizer may wait for a replacement).
  const std::optional<int64_t> per_index_limit = indexed ? Int(spec, "backoffLimitPerIndex") : std::nullopt;
  const std::optional<int64_t> max_failed_indexes = Int(spec, "maxFailedIndexes");
  std::set<int64_t> failed_idx;
  if (per_index_limit) {
    for (int64_t i : ParseIndexes(Str(old_status, "failedIndexes"))) {
      if (completions && i < *completions) failed_idx.insert(i);
    }
  }
  std::vector<ObjectPtr> index_failures;

  // 1. Classify the pods; newly finished ones join the uncounted lists.
  const std::set<std::string> removing = finalizer_removals_.Expected(key);
  std::vector<ObjectPtr> active, to_release;
  std::set<std::string> holding;  // uids of pods still carrying our finalizer
  int64_t ready = 0, terminating = 0;
  bool new_uncounted = false;
  int64_t new_failures = 0;
  bool new_success = false;
  Clock::TimePoint last_failure{};
  std::optional<std::string> fail_job_message;
  // A finished pod whose finalizer this sync removes.
  auto Release = [&](const ObjectPtr& pod) {
    holding.insert(std::string(client::UidOf(*pod)));
    to_release.push_back(pod);
  };
  // A newly failed pod joins the uncounted failures unless a rule ignores it.
  auto CountFailure = [&](const ObjectPtr& pod) {
    FailureMatch m = MatchPodFailurePolicy(job, *pod);
    if (m.action == FailureAction::kIgnore) return;
    if (m.action == FailureAction::kFailJob && !fail_job_message) fail_job_message = m.message;
    unc_fail.insert(std::string(client::UidOf(*pod)));
    ++new_failures;
    last_failure = std::max(last_failure, PodFinishTime(*pod, now));
    new_uncounted = true;
  };
  for (const ObjectPtr& pod : pods) {
    const bool succ = PodSucceeded(*pod);
    // podReplacementPolicy Failed: a terminating pod counts as failed only once it is.
    const bool fail = !succ && (only_failed ? PodPhase(*pod) == "Failed" : PodFailed(*pod));
    if (IsBeingDeleted(*pod) && !succ && PodPhase(*pod) != "Failed") ++terminating;
    if (!succ && !fail) {
      active.push_back(pod);
      if (IsPodReady(*pod)) ++ready;
      continue;
    }
    std::string uid(client::UidOf(*pod));
    if (!HasTrackingFinalizer(*pod) || removing.count(uid)) continue;  // already counted
    if (fail && per_index_limit && !unc_fail.count(uid)) {
      index_failures.push_back(pod);
      continue;
    }
    Release(pod);
    if (unc_succ.count(uid) || unc_fail.count(uid)) continue;
    if (succ) {
      if (indexed) {
        auto idx = PodCompletionIndex(*pod);
        // Out-of-range or repeated indexes are released but not counted.
        if (!idx || (completions && *idx >= *completions) || completed.count(*idx)) continue;
        completed.insert(*idx);
      }
      unc_succ.insert(uid);
      new_success = true;
    } else {
      CountFailure(pod);
      continue;
    }
    new_uncounted = true;
  }

  // backoffLimitPerIndex: which indexes failed for good, and which failed
  // pods wait for their replacement (the latest failure of an index still to
  // run; its annotations give the replacement's counts). A waiting pod's
  // failure counts toward backoffLimit at once, in status.failed once released.
  std::map<int64_t, ObjectPtr> awaiting_replacement;
  int64_t awaiting_failures = 0;
  if (per_index_limit) {
    std::set<int64_t> active_idx;
    for (const ObjectPtr& p : active) {
      if (IsBeingDeleted(*p)) continue;
      if (auto idx = PodCompletionIndex(*p)) active_idx.insert(*idx);
    }
    auto valid_index = [&](const ObjectPtr& p) {
      auto idx = PodCompletionIndex(*p);
      return idx && completions && *idx < *completions ? idx : std::nullopt;
    };
    for (const ObjectPtr& p : index_failures) {
      auto idx = valid_index(p);
      if (idx && IndexFailed(job, *p, *per_index_limit)) failed_idx.insert(*idx);
    }
    for (const ObjectPtr& p : index_failures) {
      auto idx = valid_index(p);
      if (!idx || completed.count(*idx) || failed_idx.count(*idx) || active_idx.count(*idx)) continue;
      auto [it, fresh] = awaiting_replacement.emplace(*idx, p);
      const boost::json::object& kept = *it->second;
      if (!fresh && IndexFailureCount(kept) + IndexIgnoredFailureCount(kept) <=
                        IndexFailureCount(*p) + IndexIgnoredFailureCount(*p) &&
          PodFinishTime(*p, now) >= PodFinishTime(kept, now)) {
        it->second = p;
      }
    }
    for (const ObjectPtr& p : index_failures) {
      auto idx = valid_index(p);
      bool waits = idx && awaiting_replacement.count(*idx) && awaiting_replacement[*idx] == p;
      if (!waits) {
        Release(p);
        CountFailure(p);
        continue;
      }
      FailureMatch m = MatchPodFailurePolicy(job, *p);
      if (m.action == FailureAction::kFailJob && !fail_job_message) fail_job_message = m.message;
      if (m.action != FailureAction::kIgnore) ++awaiting_failures;
    }
  }

  int64_t active_count = 0;
  for (const ObjectPtr& p : active) active_count += IsBeingDeleted(*p) ? 0 : 1;
  auto write_counts = [&] {
    status["active"] = active_count;
    status["ready"] = ready;
    status["terminating"] = terminating;
    status["succeeded"] = succeeded;
    status["failed"] = failed;
    if (indexed) status["completedIndexes"] = FormatIndexes(completed);
    if (per_index_limit) status["failedIndexes"] = FormatIndexes(failed_idx);
    boost::json::object unc;
    if (!unc_succ.empty()) unc["succeeded"] = UidArray(unc_succ);
    if (!unc_fail.empty()) unc["failed"] = UidArray(unc_fail);
    status["uncountedTerminatedPods"] = std::move(unc);
  };

  // 2. Success or failure criteria (the interim condition comes first, as v1.32).
  Target target = ExistingTarget(job);
  const int64_t total_succ = succeeded + static_cast<int64_t>(unc_succ.size());
  const int64_t total_fail = failed + static_cast<int64_t>(unc_fail.size()) + awaiting_failures;
  const int64_t failed_index_count = static_cast<int64_t>(failed_idx.size());
  std::optional<Clock::TimePoint> start = TimeAt(job, {"status", "startTime"});
  std::optional<int64_t> deadline = Int(spec, "activeDeadlineSeconds");
  if (target.type.empty()) {
    if (fail_job_message) {
      target = {"FailureTarget", "PodFailurePolicy", *fail_job_message};
    } else if (total_fail > backoff_limit) {
      target = {"FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"};
    } else if (deadline && start && !suspended && now - *start >= std::chrono::seconds(*deadline)) {
      target = {"FailureTarget", "DeadlineExceeded", "Job was active longer than specified deadline"};
    } else if (per_index_limit && max_failed_indexes && failed_index_count > *max_failed_indexes) {
      target = {"FailureTarget", "MaxFailedIndexesExceeded",
                "Job has exceeded the specified maximal number of failed indexes"};
    } else if (per_index_limit && failed_index_count > 0 && completions &&
               failed_index_count + static_cast<int64_t>(completed.size()) >= *completions) {
      target = {"FailureTarget", "FailedIndexes", "Job has failed indexes"};
    } else {
      bool done = false;
      if (!completions) {
        done = total_succ > 0 && active.empty();
      } else if (indexed) {
        done = static_cast<int64_t>(completed.size()) >= *completions;
      } else {
        done = total_succ >= *completions;
      }
      if (done) target = {"SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"};
    }
    if (!target.type.empty()) SetCondition(status, target.type, "True", target.reason, target.message, now);
  }
  if (!target.type.empty()) {
    // The outcome is decided: no replacement is coming, so nothing waits for one.
    for (auto& [idx, p] : awaiting_replacement) {
      Release(p);
      CountFailure(p);
    }
    awaiting_replacement.clear();
  }

  // 3. Persist newly finished pods as uncounted before releasing their finalizers.
  ObjectPtr current = job_ptr;
  // A failed index is on record before the pod that failed it lets go of its finalizer.
  const bool failed_idx_changed =
      per_index_limit && (!old_status || !old_status->contains("failedIndexes") ||
                          FormatIndexes(failed_idx) != Str(old_status, "failedIndexes"));
  if (new_uncounted || failed_idx_changed) {
    write_counts();
    auto written = UpdateStatus(*current, status);
    if (!written.ok()) return written.status();
    current = *written;
    std::lock_guard lock(mu_);
    Backoff& b = backoff_[key];
    if (new_success) b.failures_after_success = 0;
    if (new_failures > 0) {
      b.failures_after_success += new_failures;
      b.last_failure = std::max(b.last_failure, last_failure);
    }
  }

  // 4. Release finalizers; released (or vanished) pods move into the counters.
  Status first_error;
  for (const ObjectPtr& pod : to_release) {
    Status st = RemoveTrackingFinalizer(*pod, key);
    if (st.ok()) {
      holding.erase(std::string(client::UidOf(*pod)));
    } else if (first_error.ok()) {
      first_error = st;
    }
  }
  for (auto* set : {&unc_succ, &unc_fail}) {
    for (auto it = set->begin(); it != set->end();) {
      if (holding.count(*it)) {
        ++it;
        continue;
      }
      ++(set == &unc_succ ? succeeded : failed);
      it = set->erase(it);
    }
  }

  // 5. Pods: terminate them once the outcome is decided or the Job is suspended; else
  //    keep the wanted number active.
  Status manage_error;
  auto delete_pods = [&](std::vector<ObjectPtr> victims) {
    if (victims.empty()) return;
    std::vector<std::string> keys;
    for (const ObjectPtr& p : victims) keys.push_back(client::KeyOf(*p));
    expectations_.ExpectDeletions(key, keys);
    for (const ObjectPtr& p : victims) {
      Status st = pod_control_.DeletePod(ns, client::NameOf(*p), job);
      if (st.ok()) --active_count;
      if (!st.ok()) {
        expectations_.DeletionObserved(key, client::KeyOf(*p));
        if (!st.IsNotFound() && manage_error.ok()) manage_error = st;
      }
    }
  };
  std::vector<ObjectPtr> running;  // active and not yet asked to terminate
  std::vector<ObjectPtr> leaving;  // terminating pods that still hold their place (policy Failed)
  for (const ObjectPtr& p : active) {
    (IsBeingDeleted(*p) ? leaving : running).push_back(p);
  }
  if (!target.type.empty() || suspended) {
    if (satisfied) delete_pods(running);
  } else if (satisfied) {
    if (!start) {
      start = now;
      status["startTime"] = FormatTime(now);
    }
    if (deadline) {
      queue_->AddAfter(key, *start + std::chrono::seconds(*deadline) - now);
    }
    std::vector<ObjectPtr> excess;
    std::vector<std::optional<int64_t>> to_create;
    if (indexed) {
      // One pod per index still to complete; duplicates and stale indexes go.
      std::set<int64_t> running_idx;
      std::vector<ObjectPtr> valid;
      for (const ObjectPtr& p : running) {
        auto idx = PodCompletionIndex(*p);
        if (!idx || !completions || *idx >= *completions || completed.count(*idx) || !running_idx.insert(*idx).second) {
          excess.push_back(p);
        } else {
          valid.push_back(p);
        }
      }
      for (const ObjectPtr& p : leaving) {
        if (auto idx = PodCompletionIndex(*p)) running_idx.insert(*idx);  // not replaced until it fails
      }
      int64_t want = std::min<int64_t>(parallelism, *completions - static_cast<int64_t>(completed.size()));
      if (static_cast<int64_t>(valid.size()) > want) {
        std::sort(valid.begin(), valid.end(), [](const ObjectPtr& a, const ObjectPtr& b) {
          return PodCompletionIndex(*a) > PodCompletionIndex(*b);
        });
        excess.insert(excess.end(), valid.begin(), valid.begin() + (static_cast<int64_t>(valid.size()) - want));
      } else {
        for (int64_t i = 0; i < *completions && static_cast<int64_t>(valid.size() + leaving.size() + to_create.size()) < want; ++i) {
          if (!completed.count(i) && !running_idx.count(i) && !failed_idx.count(i)) to_create.push_back(i);
        }
      }
    } else {
      int64_t want = parallelism;
      if (completions) {
        want = std::min(parallelism, std::max<int64_t>(0, *completions - total_succ));
      } else if (total_succ > 0) {
        want = std::min<int64_t>(parallelism, static_cast<int64_t>(running.size()));  // a work queue drains
      }
      int64_t n = static_cast<int64_t>(running.size());
      if (n > want) {
        std::vector<RankedPod> ranked;
        for (const ObjectPtr& p : running) ranked.push_back({p, 0});
        SortForDeletion(ranked, now);
        for (int64_t i = 0; i < n - want; ++i) excess.push_back(ranked[i].pod);
      } else {
        int64_t room = want - n - static_cast<int64_t>(leaving.size());
        if (room > 0) to_create.assign(static_cast<size_t>(room), std::nullopt);
      }
    }
    if (excess.size() > static_cast<size_t>(kMaxPodCreateDeletePerSync)) excess.resize(kMaxPodCreateDeletePerSync);
    if (to_create.size() > static_cast<size_t>(kMaxPodCreateDeletePerSync)) to_create.resize(kMaxPodCreateDeletePerSync);
    delete_pods(excess);

    Clock::Duration wait{};
    if (per_index_limit) {
      // Each index backs off on its own failures; the others go ahead.
      std::vector<std::optional<int64_t>> ready_now;
      std::optional<Clock::Duration> soonest;
      for (const auto& idx : to_create) {
        auto waiting = awaiting_replacement.find(*idx);
        Clock::Duration left = waiting == awaiting_replacement.end()
                                   ? Clock::Duration::zero()
                                   : RemainingIndexBackoff(*waiting->second, now);
        if (left <= Clock::Duration::zero()) {
          ready_now.push_back(idx);
        } else if (!soonest || left < *soonest) {
          soonest = left;
        }
      }
      if (ready_now.empty() && soonest) {
        wait = *soonest;
      } else if (soonest) {
        queue_->AddAfter(key, *soonest);  // the indexes still backing off
      }
      to_create = std::move(ready_now);
    } else if (!to_create.empty()) {
      std::lock_guard lock(mu_);
      auto it = backoff_.find(key);
      if (it != backoff_.end() && it->second.failures_after_success > 0) {
        wait = it->second.last_failure + PodFailureBackoff(it->second.failures_after_success) - now;
      }
    }
    if (wait > Clock::Duration::zero()) {
      VLOG(4) << "job " << key << " backs off pod creation for " << wait.count() << "ns";
      queue_->AddAfter(key, wait);
    } else if (!to_create.empty()) {
      int want = static_cast<int>(to_create.size());
      expectations_.ExpectCreations(key, want);
      std::mutex next_mu;
      size_t next = 0;
      auto [created, error] = SlowStartBatch(want, 1, [&]() -> Status {
        std::optional<int64_t> idx;
        {
          std::lock_guard lock(next_mu);
          idx = to_create[next++];
        }
        if (!per_index_limit) return CreatePod(job, idx);
        auto waiting = awaiting_replacement.find(*idx);
        boost::json::object counts =
            ReplacementCounts(job, waiting == awaiting_replacement.end() ? nullptr : waiting->second.get());
        return CreatePod(job, idx, &counts);
      });
      for (int i = created; i < want; ++i) expectations_.CreationObserved(key);
      active_count += created;
      if (!error.ok() && manage_error.ok()) manage_error = error;
    }
  }

  // 6. Suspension, and the terminal condition once nothing is left running or uncounted.
  const boost::json::object* susp = FindCondition(job, "Suspended");
  const bool was_suspended = susp != nullptr && Str(susp, "status") == "True";
  if (target.type.empty() && suspended && !was_suspended) {
    SetCondition(status, "Suspended", "True", "JobSuspended", "Job suspended", now);
    recorder_.Event(job, "Normal", "Suspended", "Job suspended");
  } else if (!suspended && was_suspended) {
    SetCondition(status, "Suspended", "False", "JobResumed", "Job resumed", now);
    status["startTime"] = FormatTime(now);  // activeDeadlineSeconds counts from the resume
    recorder_.Event(job, "Normal", "Resumed", "Job resumed");
  }
  if (!target.type.empty() && active.empty() && terminating == 0 && unc_succ.empty() && unc_fail.empty()) {
    if (target.type == "SuccessCriteriaMet") {
      SetCondition(status, "Complete", "True", target.reason, target.message, now);
      status["completionTime"] = FormatTime(now);
      recorder_.Event(job, "Normal", "Completed", "Job completed");
    } else {
      SetCondition(status, "Failed", "True", target.reason, target.message, now);
      recorder_.Event(job, "Warning", target.reason, target.message);
    }
  }

  write_counts();
  const boost::json::object* cur_status = ObjAt(*current, {"status"});
  if (cur_status == nullptr || *cur_status != status) {
    auto written = UpdateStatus(*current, status);
    if (!written.ok()) return written.status();
  }
  if (!first_error.ok()) return first_error;
  return manage_error;
}

}  // namespace kubepp::controllers::job
