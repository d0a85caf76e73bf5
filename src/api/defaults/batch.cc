// batch/v1 defaults (upstream pkg/apis/batch/v1/defaults.go, v1.32 with its
// default-on features: pod replacement policy, backoff limit per index).
#include <cstdint>
#include <limits>

#include "api/defaults/json_fields.h"
#include "api/defaults/kinds.h"
#include "api/defaults/pod_spec.h"

namespace kubepp::api::defaults {

namespace json = boost::json;

void DefaultJob(json::object& obj) {
  json::object* spec = EnsureObject(obj, "spec");
  if (spec == nullptr) return;
  // A non-parallel job may leave both unset; both then become 1.
  if (IsNil(*spec, "completions") && IsNil(*spec, "parallelism")) {
    (*spec)["completions"] = 1;
    (*spec)["parallelism"] = 1;
  }
  SetIfNil(*spec, "parallelism", 1);
  if (IsNil(*spec, "backoffLimit")) {
    // With a per-index limit the global limit must not stop the job.
    (*spec)["backoffLimit"] = IsNil(*spec, "backoffLimitPerIndex")
                                  ? int64_t{6}
                                  : int64_t{std::numeric_limits<int32_t>::max()};
  }
  if (json::object* labels = Path(*spec, {"template", "metadata", "labels"})) {
    // A copy: inserting into `obj` may move `spec` and what it holds.
    const json::object copy = *labels;
    json::object* meta = EnsureObject(obj, "metadata");
    if (meta != nullptr && IsEmptyCollection(*meta, "labels")) (*meta)["labels"] = copy;
    spec = &obj["spec"].as_object();
  }
  SetIfNil(*spec, "completionMode", "NonIndexed");
  SetIfNil(*spec, "suspend", false);
  SetIfNil(*spec, "manualSelector", false);
  json::object* failure_policy = ObjectAt(*spec, "podFailurePolicy");
  if (failure_policy != nullptr) {
    ForEachObject(*failure_policy, "rules", [](json::object& rule) {
      ForEachObject(rule, "onPodConditions",
                    [](json::object& pattern) { SetIfEmptyString(pattern, "status", "True"); });
    });
  }
  SetIfNil(*spec, "podReplacementPolicy",
           failure_policy != nullptr ? "Failed" : "TerminatingOrFailed");
  if (json::object* tmpl = EnsureObject(*spec, "template")) DefaultPodTemplate(*tmpl);
}

void DefaultCronJob(json::object& obj) {
  json::object* spec = EnsureObject(obj, "spec");
  if (spec == nullptr) return;
  SetIfEmptyString(*spec, "concurrencyPolicy", "Allow");
  SetIfNil(*spec, "suspend", false);
  SetIfNil(*spec, "successfulJobsHistoryLimit", 3);
  SetIfNil(*spec, "failedJobsHistoryLimit", 1);
  // Only the pod template inside is defaulted: upstream does not run the Job
  // defaulter on a job template.
  if (json::object* jt = EnsureObject(*spec, "jobTemplate")) {
    if (json::object* js = EnsureObject(*jt, "spec")) {
      if (json::object* t = EnsureObject(*js, "template")) DefaultPodTemplate(*t);
    }
  }
}

}  // namespace kubepp::api::defaults
