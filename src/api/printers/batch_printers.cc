// Jobs and cron jobs. A job's STATUS is the first of Complete, Failed,
// Terminating, Suspended, FailureTarget whose condition holds, else Running;
// COMPLETIONS is "succeeded/completions" ("0/1 of 3" for a parallel job with
// no completion count); DURATION runs from startTime to completionTime (or now).
#include <string>

#include "api/printers/human_duration.h"
#include "api/printers/json_fields.h"
#include "api/printers/label_format.h"
#include "api/printers/printer.h"
#include "api/printers/timestamp.h"

namespace kubepp::api::printers {
namespace {

using boost::json::object;
using boost::json::value;

// Upstream's hasJobCondition: the first condition of that type decides.
bool HasJobCondition(const object& status, std::string_view type) {
  for (const value& c : Arr(status, "conditions")) {
    const object& cond = AsObj(c);
    if (Str(cond, "type") == type) return Str(cond, "status") == "True";
  }
  return false;
}

boost::json::array JobCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  const object& status = Obj(ctx.obj, "status");
  const long long succeeded = Int(status, "succeeded");

  std::string completions;
  if (auto c = OptInt(spec, "completions")) {
    completions = std::to_string(succeeded) + "/" + std::to_string(*c);
  } else {
    const long long parallelism = Int(spec, "parallelism", 0);
    completions = std::to_string(succeeded) + "/1";
    if (parallelism > 1) completions += " of " + std::to_string(parallelism);
  }

  std::string duration;
  auto start = ParseTimestamp(Find(status, "startTime"));
  auto completion = ParseTimestamp(Find(status, "completionTime"));
  if (start) duration = HumanDuration((completion ? *completion : ctx.now) - *start);

  std::string job_status = "Running";
  if (HasJobCondition(status, "Complete")) {
    job_status = "Complete";
  } else if (HasJobCondition(status, "Failed")) {
    job_status = "Failed";
  } else if (Meta(ctx.obj, "deletionTimestamp")) {
    job_status = "Terminating";
  } else if (HasJobCondition(status, "Suspended")) {
    job_status = "Suspended";
  } else if (HasJobCondition(status, "FailureTarget")) {
    job_status = "FailureTarget";
  }

  auto [names, images] = LayoutContainers(Obj(Obj(spec, "template"), "spec"));
  return {value(Name(ctx.obj)), value(job_status),
          value(completions),   value(duration),
          value(Age(ctx)),      value(names),
          value(images),        value(FormatLabelSelector(Find(spec, "selector")))};
}

std::string BoolPtrText(const object& o, std::string_view key) {
  auto b = OptBool(o, key);
  if (!b) return "<unset>";
  return *b ? "True" : "False";
}

boost::json::array CronJobCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  const object& status = Obj(ctx.obj, "status");
  std::string last_schedule = "<none>";
  if (const value* t = Find(status, "lastScheduleTime")) last_schedule = TimestampSince(t, ctx.now);
  const object& job_spec = Obj(Obj(spec, "jobTemplate"), "spec");
  auto [names, images] = LayoutContainers(Obj(Obj(job_spec, "template"), "spec"));
  return {value(Name(ctx.obj)),
          value(Str(spec, "schedule")),
          value(OptStr(spec, "timeZone").value_or("<none>")),
          value(BoolPtrText(spec, "suspend")),
          value(static_cast<long long>(Arr(status, "active").size())),
          value(last_schedule),
          value(Age(ctx)),
          value(names),
          value(images),
          value(FormatLabelSelector(Find(job_spec, "selector")))};
}

}  // namespace

void RegisterBatchPrinters(PrinterMap& m) {
  constexpr const char* kSelectorDoc =
      "A label query over pods that should match the pod count. Normally, the system sets this "
      "field for you.";
  m[{"batch", "jobs"}] = Printer{
      {NameColumn(),
       {"Status", "string", "", "Status of the job.", 0},
       {"Completions", "string", "",
        "The number of pods which reached phase Succeeded. The value increases monotonically for "
        "a given spec.",
        0},
       {"Duration", "string", "", "Time required to complete the job.", 0},
       AgeColumn(),
       ContainersColumn(1),
       ImagesColumn(1),
       {"Selector", "string", "", kSelectorDoc, 1}},
      JobCells};
  m[{"batch", "cronjobs"}] = Printer{
      {NameColumn(),
       {"Schedule", "string", "",
        "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.", 0},
       {"Timezone", "string", "",
        "The time zone name for the given schedule, see "
        "https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.",
        0},
       {"Suspend", "boolean", "",
        "This flag tells the controller to suspend subsequent executions, it does not apply to "
        "already started executions. Defaults to false.",
        0},
       {"Active", "integer", "", "A list of pointers to currently running jobs.", 0},
       {"Last Schedule", "string", "",
        "Information when was the last time the job was successfully scheduled.", 0},
       AgeColumn(),
       ContainersColumn(1),
       ImagesColumn(1),
       {"Selector", "string", "", kSelectorDoc, 1}},
      CronJobCells};
}

}  // namespace kubepp::api::printers
