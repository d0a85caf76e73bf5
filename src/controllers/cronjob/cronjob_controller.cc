#include "controllers/cronjob/cronjob_controller.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"
#include "controllers/common/owner_refs.h"
#include "controllers/cronjob/schedule.h"
#include "controllers/cronjob/time_zone.h"
#include "controllers/job/job_util.h"

namespace kubepp::controllers::cronjob {

using namespace common;  // NOLINT
using client::ObjectPtr;

namespace {

constexpr std::string_view kComponent = "cronjob-controller";
constexpr std::string_view kScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";
// Wake a little after the activation so the clock has surely passed it.
constexpr auto kNextScheduleDelta = std::chrono::milliseconds(100);

int64_t UnixSeconds(Clock::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// Local civil time of `t` in `tz` as "YYYY-MM-DDTHH:MM:SS" plus the offset suffix.
std::string Rfc3339In(Clock::TimePoint t, const TimeZone& tz) {
  using namespace std::chrono;
  int64_t off = tz.OffsetAt(UnixSeconds(t));
  sys_seconds local{seconds(UnixSeconds(t) + off)};
  sys_days day = floor<days>(local);
  year_month_day ymd(day);
  int64_t sod = (local - day).count();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long long>(sod / 3600), static_cast<long long>(sod % 3600 / 60),
                static_cast<long long>(sod % 60));
  std::string out = buf;
  if (off == 0) return out + "Z";
  char sign = off < 0 ? '-' : '+';
  int64_t a = off < 0 ? -off : off;
  std::snprintf(buf, sizeof buf, "%c%02lld:%02lld", sign, static_cast<long long>(a / 3600),
                static_cast<long long>(a % 3600 / 60));
  return out + buf;
}

// Go's RFC1123Z in UTC: "Mon, 02 Jan 2006 15:04:05 +0000".
std::string Rfc1123Z(Clock::TimePoint t) {
  std::time_t tt = static_cast<std::time_t>(UnixSeconds(t));
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

struct MostRecent {
  std::optional<Clock::TimePoint> time;
  int64_t missed = 0;
};

// The latest activation in (earliest, now] and how many there were.
MostRecent MostRecentScheduleTime(const Schedule& sched, const TimeZone& tz, Clock::TimePoint earliest,
                                  Clock::TimePoint now) {
  MostRecent r;
  auto t1 = sched.Next(earliest, tz);
  if (!t1 || *t1 > now) return r;
  r.time = t1;
  r.missed = 1;
  // Walk activations one by one while that is cheap.
  for (int i = 0; i < 2000; ++i) {
    auto t = sched.Next(*r.time, tz);
    if (!t || *t > now) return r;
    r.time = t;
    ++r.missed;
  }
  // Far behind: estimate the count from the first interval, and find the most recent
  // activation by looking back from now over a widening window.
  auto t2 = sched.Next(*t1, tz);
  if (t2 && *t2 > *t1) r.missed = (now - *t1) / (*t2 - *t1) + 1;
  for (Clock::Duration span = std::chrono::hours(1);; span *= 2) {
    Clock::TimePoint from = std::max(*r.time, now - span);
    auto t = sched.Next(from, tz);
    if (t && *t <= now) {
      for (auto n = sched.Next(*t, tz); n && *n <= now; n = sched.Next(*t, tz)) t = n;
      r.time = t;
      return r;
    }
    if (from == *r.time) return r;
  }
}

bool InActiveList(const boost::json::object& cj, std::string_view uid) {
  const boost::json::array* active = Arr(ObjAt(cj, {"status"}), "active");
  if (active == nullptr) return false;
  return std::any_of(active->begin(), active->end(), [&](const boost::json::value& v) {
    return v.is_object() && Str(&v.get_object(), "uid") == uid;
  });
}

boost::json::object JobRef(const boost::json::object& job) {
  return {{"kind", "Job"},
          {"namespace", client::NamespaceOf(job)},
          {"name", client::NameOf(job)},
          {"uid", client::UidOf(job)},
          {"apiVersion", "batch/v1"},
          {"resourceVersion", client::ResourceVersionOf(job)}};
}

std::string FinishedConditionType(const boost::json::object& job) {
  return job::ConditionTrue(job, "Complete") ? "Complete" : "Failed";
}

}  // namespace

std::string JobNameFor(std::string_view cronjob_name, Clock::TimePoint scheduled) {
  return std::string(cronjob_name) + "-" + std::to_string(UnixSeconds(scheduled) / 60);
}

CronJobController::CronJobController(ControllerContext& ctx)
    : ctx_(ctx),
      cronjobs_resource_(client::Resource::Of("batch", "cronjobs")),
      jobs_resource_(client::Resource::Of("batch", "jobs")),
      cronjob_informer_(ctx.informers.For(cronjobs_resource_)),
      job_informer_(ctx.informers.For(jobs_resource_)),
      recorder_(ctx.recorder(kComponent)),
      queue_(client::WorkQueue::Create(std::string(kComponent), ctx.clock)) {
  cronjob_informer_.AddEventHandler(client::EventHandler{
      [this](const ObjectPtr& cj) { queue_->Add(client::KeyOf(*cj)); },
      [this](const ObjectPtr&, const ObjectPtr& cj) { queue_->Add(client::KeyOf(*cj)); },
      [this](const ObjectPtr& cj) { queue_->Add(client::KeyOf(*cj)); }});
  auto enqueue_owner = [this](const ObjectPtr& job) {
    const boost::json::object* ref = GetControllerOf(*job);
    if (ref == nullptr || Str(ref, "kind") != "CronJob") return;
    ObjectPtr cj = cronjob_informer_.Get(client::NamespaceOf(*job), Str(ref, "name"));
    if (cj != nullptr && client::UidOf(*cj) == Str(ref, "uid")) queue_->Add(client::KeyOf(*cj));
  };
  job_informer_.AddEventHandler(client::EventHandler{
      enqueue_owner, [enqueue_owner](const ObjectPtr&, const ObjectPtr& job) { enqueue_owner(job); }, enqueue_owner});
}

CronJobController::~CronJobController() { Stop(); }

void CronJobController::Start() {
  if (workers_) return;
  workers_ = std::make_unique<KeyWorkers>(std::string(kComponent), *queue_,
                                          [this](const std::string& key) { return Sync(key); });
  workers_->Start(std::max(1, ctx_.options.concurrent_syncs));
}

void CronJobController::Stop() {
  if (workers_) workers_->Stop();
  queue_->ShutDown();
}

bool CronJobController::DeleteJob(const boost::json::object& cj, std::string_view name) {
  client::DeleteOptions opts;
  opts.propagation_policy = "Background";
  auto r = ctx_.client.Delete(jobs_resource_, client::NamespaceOf(cj), name, opts);
  if (!r.ok() && !r.status().IsNotFound()) {
    recorder_.Event(cj, "Warning", "FailedDelete", "Deleted job: " + r.status().message());
    return false;
  }
  recorder_.Event(cj, "Normal", "SuccessfulDelete", "Deleted job " + std::string(name));
  return true;
}

Status CronJobController::Sync(const std::string& key) {
  // Plain variables, not a structured binding: lambdas below capture them (clang 14 cannot).
  const auto split = client::SplitKey(key);
  const std::string_view ns = split.first, name = split.second;
  ObjectPtr cj_ptr = cronjob_informer_.Get(ns, name);
  if (cj_ptr == nullptr) return Status::Ok();
  const boost::json::object& cj = *cj_ptr;
  const Clock::TimePoint now = ctx_.clock.Now();

  std::vector<ObjectPtr> jobs;
  for (const ObjectPtr& j : job_informer_.ListNamespace(ns)) {
    const boost::json::object* ref = GetControllerOf(*j);
    if (ref != nullptr && Str(ref, "kind") == "CronJob" && Str(ref, "uid") == client::UidOf(cj)) jobs.push_back(j);
  }

  // 1. Reconcile status.active with the Jobs that exist.
  boost::json::object status = ObjAt(cj, {"status"}) ? *ObjAt(cj, {"status"}) : boost::json::object();
  boost::json::array active = Arr(&status, "active") ? *Arr(&status, "active") : boost::json::array();
  auto remove_active = [&](std::string_view uid) {
    active.erase(std::remove_if(active.begin(), active.end(),
                                [&](const boost::json::value& v) {
                                  return v.is_object() && Str(&v.get_object(), "uid") == uid;
                                }),
                 active.end());
  };
  std::optional<Clock::TimePoint> last_success = TimeAt(cj, {"status", "lastSuccessfulTime"});
  std::set<std::string> children;
  for (const ObjectPtr& j : jobs) {
    std::string uid(client::UidOf(*j));
    children.insert(uid);
    bool found = InActiveList(cj, uid);
    bool finished = job::IsJobFinished(*j);
    if (!found && !finished) {
      // The informer's copy may predate the status write that listed a Job just made: ask the
      // API, as upstream does, before calling the Job unexpected.
      auto fresh = ctx_.client.Get(cronjobs_resource_, ns, name);
      if (!fresh.ok()) return fresh.status();
      if (InActiveList(**fresh, uid)) {
        for (const auto& v : *Arr(ObjAt(**fresh, {"status"}), "active")) {
          if (v.is_object() && Str(&v.get_object(), "uid") == uid) active.push_back(v);
        }
        continue;
      }
      recorder_.Event(cj, "Warning", "UnexpectedJob",
                      "Saw a job that the controller did not create or forgot: " + std::string(client::NameOf(*j)));
    } else if (found && finished) {
      remove_active(uid);
      recorder_.Event(cj, "Normal", "SawCompletedJob",
                      "Saw completed job: " + std::string(client::NameOf(*j)) +
                          ", condition: " + FinishedConditionType(*j));
    }
    if (job::ConditionTrue(*j, "Complete")) {
      auto done = TimeAt(*j, {"status", "completionTime"});
      if (done && (!last_success || *done > *last_success)) last_success = done;
    }
  }
  for (const auto& v : boost::json::array(active)) {
    if (!v.is_object()) continue;
    std::string uid = Str(&v.get_object(), "uid");
    if (children.count(uid)) continue;
    // The cache may lag a Job we just created: ask the API before dropping it.
    auto got = ctx_.client.Get(jobs_resource_, ns, Str(&v.get_object(), "name"));
    if (got.ok() && client::UidOf(**got) == uid) continue;
    if (!got.ok() && !got.status().IsNotFound()) return got.status();
    recorder_.Event(cj, "Normal", "MissingJob", "Active job went missing: " + Str(&v.get_object(), "name"));
    remove_active(uid);
  }
  status["active"] = active;
  if (active.empty()) status.erase("active");
  if (last_success) status["lastSuccessfulTime"] = FormatTime(*last_success);

  // 2. Start the Job of the most recent unmet activation.
  std::optional<Clock::Duration> requeue;
  Status sync_error = [&]() -> Status {
    if (IsBeingDeleted(cj)) return Status::Ok();
    const boost::json::object* spec = ObjAt(cj, {"spec"});
    auto tz = TimeZone::Load(Str(spec, "timeZone"));
    if (!tz.ok()) {
      recorder_.Event(cj, "Warning", "UnknownTimeZone",
                      "invalid timeZone: \"" + Str(spec, "timeZone") + "\": " + tz.status().message());
      return Status::Ok();
    }
    if (Bool(spec, "suspend").value_or(false)) return Status::Ok();
    auto sched = Schedule::Parse(Str(spec, "schedule"));
    if (!sched.ok()) {
      recorder_.Event(cj, "Warning", "UnparseableSchedule",
                      "unparseable schedule: \"" + Str(spec, "schedule") + "\" : " + sched.status().message());
      return Status::Ok();
    }
    auto set_requeue = [&] {
      if (auto next = sched->Next(now, **tz)) requeue = *next - now + kNextScheduleDelta;
    };
    Clock::TimePoint earliest = TimeAt(cj, {"status", "lastScheduleTime"})
                                    .value_or(TimeAt(cj, {"metadata", "creationTimestamp"}).value_or(now));
    std::optional<int64_t> deadline = Int(spec, "startingDeadlineSeconds");
    if (deadline) earliest = std::max(earliest, now - std::chrono::seconds(*deadline));
    MostRecent recent = MostRecentScheduleTime(*sched, **tz, earliest, now);
    if (!recent.time) {
      set_requeue();
      return Status::Ok();
    }
    if (recent.missed > kMaxMissedSchedules) {
      recorder_.Event(cj, "Warning", "TooManyMissedTimes",
                      "too many missed start times: " + std::to_string(recent.missed) +
                          ". Set or decrease .spec.startingDeadlineSeconds or check clock skew");
    }
    const Clock::TimePoint scheduled = *recent.time;
    set_requeue();
    if (deadline && scheduled + std::chrono::seconds(*deadline) < now) {
      recorder_.Event(cj, "Warning", "MissSchedule", "Missed scheduled time to start a job: " + Rfc1123Z(scheduled));
      return Status::Ok();
    }
    std::string job_name = JobNameFor(client::NameOf(cj), scheduled);
    bool already = std::any_of(active.begin(), active.end(), [&](const boost::json::value& v) {
      return v.is_object() && Str(&v.get_object(), "name") == job_name;
    });
    auto last_scheduled = TimeAt(cj, {"status", "lastScheduleTime"});
    if (already || (last_scheduled && *last_scheduled == scheduled)) return Status::Ok();
    std::string policy = Str(spec, "concurrencyPolicy");
    if (policy == "Forbid" && !active.empty()) {
      recorder_.Event(cj, "Normal", "JobAlreadyActive",
                      "Not starting job because prior execution is running and concurrency policy is Forbid");
      return Status::Ok();
    }
    if (policy == "Replace") {
      for (const auto& v : boost::json::array(active)) {
        if (!v.is_object()) continue;
        if (!DeleteJob(cj, Str(&v.get_object(), "name"))) {
          return Status::Internal("could not replace job " + std::string(ns) + "/" + Str(&v.get_object(), "name"));
        }
        remove_active(Str(&v.get_object(), "uid"));
      }
    }
    const boost::json::object* tmpl = ObjAt(cj, {"spec", "jobTemplate"});
    boost::json::object meta;
    meta["name"] = job_name;
    meta["namespace"] = ns;
    if (const boost::json::object* labels = ObjAt(cj, {"spec", "jobTemplate", "metadata", "labels"})) {
      meta["labels"] = *labels;
    }
    boost::json::object annotations;
    if (const boost::json::object* a = ObjAt(cj, {"spec", "jobTemplate", "metadata", "annotations"})) annotations = *a;
    annotations[kScheduledTimestampAnnotation] = Rfc3339In(scheduled, **tz);
    meta["annotations"] = std::move(annotations);
    meta["ownerReferences"] = boost::json::array{NewControllerRef(cj, "batch/v1", "CronJob")};
    boost::json::object job{{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"metadata", std::move(meta)}};
    if (tmpl != nullptr && tmpl->if_contains("spec")) job["spec"] = tmpl->at("spec");
    auto created = ctx_.client.Create(jobs_resource_, ns, job);
    if (!created.ok() && created.status().reason() == Reason::kAlreadyExists) {
      // An earlier sync made it and then failed to write status: adopt the record of it.
      auto existing = ctx_.client.Get(jobs_resource_, ns, job_name);
      const boost::json::object* ref = existing.ok() ? GetControllerOf(**existing) : nullptr;
      if (ref == nullptr || Str(ref, "uid") != client::UidOf(cj)) return created.status();
      created = existing;
    } else if (!created.ok()) {
      recorder_.Event(cj, "Warning", "FailedCreate", "Error creating job: " + created.status().message());
      return created.status();
    } else {
      recorder_.Event(cj, "Normal", "SuccessfulCreate", "Created job " + job_name);
    }
    active.push_back(JobRef(**created));
    status["active"] = active;
    status["lastScheduleTime"] = FormatTime(scheduled);
    return Status::Ok();
  }();

  // 3. Status, then history clean-up.
  if (active.empty()) status.erase("active");
  const boost::json::object* old_status = ObjAt(cj, {"status"});
  if (old_status == nullptr ? !status.empty() : *old_status != status) {
    boost::json::object copy = cj;
    copy["status"] = status;
    auto r = ctx_.client.Update(cronjobs_resource_, ns, copy, "status");
    if (!r.ok()) return r.status();
  }
  if (!sync_error.ok()) return sync_error;
  Status cleanup = CleanupFinishedJobs(cj, jobs);
  if (requeue) queue_->AddAfter(key, *requeue);
  return cleanup;
}

Status CronJobController::CleanupFinishedJobs(const boost::json::object& cj, std::vector<ObjectPtr>& jobs) {
  const boost::json::object* spec = ObjAt(cj, {"spec"});
  int64_t keep_success = IntOr(spec, "successfulJobsHistoryLimit", 3);
  int64_t keep_failed = IntOr(spec, "failedJobsHistoryLimit", 1);
  std::vector<ObjectPtr> succeeded, failed;
  for (const ObjectPtr& j : jobs) {
    if (job::ConditionTrue(*j, "Complete")) succeeded.push_back(j);
    else if (job::ConditionTrue(*j, "Failed")) failed.push_back(j);
  }
  auto older = [](const ObjectPtr& a, const ObjectPtr& b) {
    auto ta = TimeAt(*a, {"status", "startTime"}), tb = TimeAt(*b, {"status", "startTime"});
    if (ta != tb) {
      if (!ta) return false;  // not started: newest
      if (!tb) return true;
      return *ta < *tb;
    }
    return client::NameOf(*a) < client::NameOf(*b);
  };
  bool all_ok = true;
  for (auto [list, keep] : {std::pair{&succeeded, keep_success}, std::pair{&failed, keep_failed}}) {
    if (static_cast<int64_t>(list->size()) <= keep) continue;
    std::sort(list->begin(), list->end(), older);
    for (size_t i = 0; i < list->size() - static_cast<size_t>(std::max<int64_t>(keep, 0)); ++i) {
      all_ok = DeleteJob(cj, client::NameOf(*(*list)[i])) && all_ok;
    }
  }
  return all_ok ? Status::Ok() : Status::Internal("could not delete every finished job beyond the history limits");
}

std::unique_ptr<Controller> NewCronJobController(ControllerContext& ctx) {
  return std::make_unique<CronJobController>(ctx);
}

}  // namespace kubepp::controllers::cronjob
