// batch/v1: Job and CronJob (pkg/apis/batch/validation).
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "api/names/names.h"
#include "api/validation/cron_schedule.h"
#include "api/validation/json_access.h"
#include "api/validation/kinds.h"
#include "api/validation/label_selector.h"
#include "api/validation/object_meta.h"
#include "api/validation/pod_spec.h"
#include "api/validation/workload_common.h"

namespace kubepp::api::validation {
namespace {

using boost::json::object;

constexpr int64_t kMaxParallelismForIndexedJob = 100000;
// Caps on backoffLimitPerIndex Jobs: they bound the length of status.failedIndexes.
constexpr int64_t kMaxFailedIndexes = 100000;
constexpr int64_t kCompletionsSoftLimit = 100000;
constexpr int64_t kParallelismLimitForHighCompletions = 10000;
constexpr int64_t kMaxFailedIndexesForHighCompletions = 10000;
constexpr size_t kMaxPodFailurePolicyRules = 20;
constexpr size_t kMaxOnExitCodesValues = 255;
constexpr size_t kMaxOnPodConditionsPatterns = 20;

// %#v of a []int32 holding the JSON array `a`.
std::string GoInt32Slice(const boost::json::array* a) {
  if (a == nullptr) return "[]int32(nil)";
  std::string out = "[]int32{";
  for (size_t i = 0; i < a->size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(AsInt(&(*a)[i]).value_or(0));
  }
  return out + "}";
}

ErrorList ValidateOnExitCodes(const object& req, const FieldPath& path,
                              const std::vector<std::string>& container_names) {
  ErrorList errs;
  std::string op = Str(&req, "operator");
  if (op.empty()) {
    errs.push_back(Required(path.Child("operator"), "valid values: [\"In\" \"NotIn\"]"));
  } else if (op != "In" && op != "NotIn") {
    errs.push_back(NotSupported(path.Child("operator"), op, {"In", "NotIn"}));
  }
  if (Has(&req, "containerName")) {
    std::string name = Str(&req, "containerName");
    if (std::find(container_names.begin(), container_names.end(), name) == container_names.end()) {
      errs.push_back(Invalid(path.Child("containerName"), name,
                             "must be one of the container or initContainer names in the pod template"));
    }
  }
  const boost::json::array* values = Arr(&req, "values");
  FieldPath vp = path.Child("values");
  if (values == nullptr || values->empty()) {
    errs.push_back(InvalidRaw(vp, GoInt32Slice(values), "at least one value is required"));
    return errs;
  }
  if (values->size() > kMaxOnExitCodesValues) {
    errs.push_back(TooMany(vp, static_cast<int64_t>(values->size()), kMaxOnExitCodesValues));
  }
  std::vector<int64_t> seen;
  bool ordered = true;
  for (size_t j = 0; j < values->size(); ++j) {
    int64_t v = AsInt(&(*values)[j]).value_or(0);
    if (op == "In" && v == 0) errs.push_back(InvalidInt(vp.Index(j), v, "must not be 0 for the In operator"));
    if (std::find(seen.begin(), seen.end(), v) != seen.end()) {
      errs.push_back(DuplicateRaw(vp.Index(j), std::to_string(v)));
    } else {
      seen.push_back(v);
    }
    if (j > 0 && AsInt(&(*values)[j - 1]).value_or(0) > v) ordered = false;
  }
  if (!ordered) errs.push_back(InvalidRaw(vp, GoInt32Slice(values), "must be ordered"));
  return errs;
}

ErrorList ValidateOnPodConditions(const boost::json::array& patterns, const FieldPath& path) {
  ErrorList errs;
  if (patterns.size() > kMaxOnPodConditionsPatterns) {
    errs.push_back(TooMany(path, static_cast<int64_t>(patterns.size()), kMaxOnPodConditionsPatterns));
  }
  for (size_t j = 0; j < patterns.size(); ++j) {
    const object* pattern = patterns[j].if_object();
    FieldPath pp = path.Index(j);
    Append(errs, ValidateQualifiedName(Str(pattern, "type"), pp.Child("type")));
    std::string status = Str(pattern, "status");
    if (status.empty()) {
      errs.push_back(Required(pp.Child("status"), "valid values: [\"False\" \"True\" \"Unknown\"]"));
    } else if (status != "False" && status != "True" && status != "Unknown") {
      errs.push_back(NotSupported(pp.Child("status"), status, {"False", "True", "Unknown"}));
    }
  }
  return errs;
}

// spec.podFailurePolicy (validatePodFailurePolicy upstream).
ErrorList ValidatePodFailurePolicy(const object* spec, const FieldPath& path) {
  ErrorList errs;
  const boost::json::array* rules = Arr(Obj(spec, "podFailurePolicy"), "rules");
  FieldPath rp = path.Child("rules");
  if (rules == nullptr) return errs;
  if (rules->size() > kMaxPodFailurePolicyRules) {
    errs.push_back(TooMany(rp, static_cast<int64_t>(rules->size()), kMaxPodFailurePolicyRules));
  }
  std::vector<std::string> names;
  const object* pod_spec = Obj(Obj(spec, "template"), "spec");
  for (const char* list : {"containers", "initContainers"}) {
    if (const boost::json::array* cs = Arr(pod_spec, list)) {
      for (const auto& c : *cs) names.push_back(Str(c.if_object(), "name"));
    }
  }
  for (size_t i = 0; i < rules->size(); ++i) {
    const object* rule = (*rules)[i].if_object();
    FieldPath p = rp.Index(i);
    std::string action = Str(rule, "action");
    if (action.empty()) {
      errs.push_back(
          Required(p.Child("action"), "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]"));
    } else if (action == "FailIndex") {
      if (!Has(spec, "backoffLimitPerIndex")) {
        errs.push_back(Invalid(p.Child("action"), action, "requires the backoffLimitPerIndex to be set"));
      }
    } else if (action != "Count" && action != "FailJob" && action != "Ignore") {
      errs.push_back(NotSupported(p.Child("action"), action, {"Count", "FailIndex", "FailJob", "Ignore"}));
    }
    const object* on_exit = Obj(rule, "onExitCodes");
    const boost::json::array* on_conditions = Arr(rule, "onPodConditions");
    bool has_conditions = on_conditions != nullptr && !on_conditions->empty();
    if (on_exit) Append(errs, ValidateOnExitCodes(*on_exit, p.Child("onExitCodes"), names));
    if (has_conditions) Append(errs, ValidateOnPodConditions(*on_conditions, p.Child("onPodConditions")));
    if (on_exit && has_conditions) {
      errs.push_back(InvalidRaw(p, "", "specifying both OnExitCodes and OnPodConditions is not supported"));
    }
    if (!on_exit && !has_conditions) {
      errs.push_back(InvalidRaw(p, "", "specifying one of OnExitCodes and OnPodConditions is required"));
    }
  }
  return errs;
}

// backoffLimitPerIndex and maxFailedIndexes on their own.
ErrorList ValidatePerIndexValues(const object* spec, const FieldPath& sp) {
  ErrorList errs;
  if (auto per_index = Int(spec, "backoffLimitPerIndex")) {
    Append(errs, ValidateNonnegative(*per_index, sp.Child("backoffLimitPerIndex")));
  }
  if (auto max_failed = Int(spec, "maxFailedIndexes")) {
    Append(errs, ValidateNonnegative(*max_failed, sp.Child("maxFailedIndexes")));
    if (!Has(spec, "backoffLimitPerIndex")) {
      errs.push_back(Required(sp.Child("backoffLimitPerIndex"), "when maxFailedIndexes is specified"));
    }
  }
  return errs;
}

// backoffLimitPerIndex and maxFailedIndexes against the completion mode: only Indexed Jobs may set them.
ErrorList ValidatePerIndexMode(const object* spec, const FieldPath& sp) {
  ErrorList errs;
  auto per_index = Int(spec, "backoffLimitPerIndex");
  auto max_failed = Int(spec, "maxFailedIndexes");
  auto completions = Int(spec, "completions");
  auto parallelism = Int(spec, "parallelism");
  std::string mode = Str(spec, "completionMode");
  if (mode == "Indexed") {
    if (completions && max_failed && *max_failed > *completions) {
      errs.push_back(InvalidInt(sp.Child("maxFailedIndexes"), *max_failed, "must be less than or equal to completions"));
    }
    if (max_failed && *max_failed > kMaxFailedIndexes) {
      errs.push_back(InvalidInt(sp.Child("maxFailedIndexes"), *max_failed, "must be less than or equal to 100000"));
    }
    if (completions && *completions > kCompletionsSoftLimit && Has(spec, "backoffLimitPerIndex")) {
      const std::string high = " when completions are above 100000 and used with backoff limit per index";
      if (!Has(spec, "maxFailedIndexes")) {
        errs.push_back(Required(sp.Child("maxFailedIndexes"), "must be specified when completions is above 100000"));
      }
      if (parallelism && *parallelism > kParallelismLimitForHighCompletions) {
        errs.push_back(InvalidInt(sp.Child("parallelism"), *parallelism, "must be less than or equal to 10000" + high));
      }
      if (max_failed && *max_failed > kMaxFailedIndexesForHighCompletions) {
        errs.push_back(InvalidInt(sp.Child("maxFailedIndexes"), *max_failed, "must be less than or equal to 10000" + high));
      }
    }
  } else if (mode.empty() || mode == "NonIndexed") {
    if (per_index) {
      errs.push_back(InvalidInt(sp.Child("backoffLimitPerIndex"), *per_index, "requires indexed completion mode"));
    }
    if (max_failed) {
      errs.push_back(InvalidInt(sp.Child("maxFailedIndexes"), *max_failed, "requires indexed completion mode"));
    }
  }
  return errs;
}

// validateJobSpec: everything but the selector (job templates have none).
ErrorList ValidateJobSpecCommon(const object* spec, const FieldPath& sp) {
  ErrorList errs;
  for (const char* f : {"parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                        "ttlSecondsAfterFinished"}) {
    if (auto v = Int(spec, f)) Append(errs, ValidateNonnegative(*v, sp.Child(f)));
  }
  Append(errs, ValidatePerIndexValues(spec, sp));
  if (Has(spec, "completionMode")) {
    std::string mode = Str(spec, "completionMode");
    if (mode != "NonIndexed" && mode != "Indexed") {
      errs.push_back(NotSupported(sp.Child("completionMode"), mode, {"NonIndexed", "Indexed"}));
    }
    if (mode == "Indexed") {
      if (!Has(spec, "completions"))
        errs.push_back(Required(sp.Child("completions"), "when completion mode is Indexed"));
      if (auto p = Int(spec, "parallelism"); p && *p > kMaxParallelismForIndexedJob) {
        errs.push_back(
            InvalidInt(sp.Child("parallelism"), *p,
                       "must be less than or equal to 100000 when completion mode is Indexed"));
      }
    }
  }
  Append(errs, ValidatePerIndexMode(spec, sp));
  if (Has(spec, "podFailurePolicy")) Append(errs, ValidatePodFailurePolicy(spec, sp.Child("podFailurePolicy")));
  if (Has(spec, "podReplacementPolicy")) {
    std::string policy = Str(spec, "podReplacementPolicy");
    if (Has(spec, "podFailurePolicy")) {
      if (policy != "Failed") errs.push_back(NotSupported(sp.Child("podReplacementPolicy"), policy, {"Failed"}));
    } else if (policy != "TerminatingOrFailed" && policy != "Failed") {
      errs.push_back(NotSupported(sp.Child("podReplacementPolicy"), policy,
                                  {"Failed", "TerminatingOrFailed"}));
    }
  }
  const object* tmpl = Obj(spec, "template");
  FieldPath tp = sp.Child("template");
  Append(errs, ValidatePodTemplateSpec(tmpl, tp));
  std::string restart = Str(Obj(tmpl, "spec"), "restartPolicy");
  if (restart == "Always" || restart.empty()) {
    errs.push_back(
        Required(tp.Child("spec", "restartPolicy"), "valid values: \"OnFailure\", \"Never\""));
  } else if (restart != "OnFailure" && restart != "Never") {
    errs.push_back(
        NotSupported(tp.Child("spec", "restartPolicy"), restart, {"OnFailure", "Never"}));
  } else if (Has(spec, "podFailurePolicy") && restart != "Never") {
    errs.push_back(Invalid(tp.Child("spec", "restartPolicy"), restart,
                           "only \"Never\" is supported when podFailurePolicy is specified"));
  }
  return errs;
}

ErrorList ValidateJobSpec(const object* spec, const FieldPath& sp) {
  ErrorList errs = ValidateJobSpecCommon(spec, sp);
  const object* selector = Obj(spec, "selector");
  if (selector == nullptr) {
    errs.push_back(Required(sp.Child("selector")));
  } else {
    Append(errs, ValidateLabelSelector(selector, sp.Child("selector")));
  }
  const object* labels = Obj(Obj(Obj(spec, "template"), "metadata"), "labels");
  if (selector != nullptr && !SelectorMatches(selector, labels)) {
    errs.push_back(InvalidRaw(sp.Child("template", "metadata", "labels"), GoStringMap(labels),
                              "`selector` does not match template `labels`"));
  }
  return errs;
}

// The apiserver generates the selector and labels unless manualSelector is
// set; check that it did (only once a uid exists to generate from).
ErrorList ValidateGeneratedSelector(const object& job) {
  ErrorList errs;
  const object* spec = SpecOf(job);
  const object* meta = Obj(&job, "metadata");
  std::string uid = Str(meta, "uid");
  // Without a uid the apiserver has not generated anything yet; the Required
  // selector error reports that case.
  if (Bool(spec, "manualSelector").value_or(false) || uid.empty()) return errs;
  const object* tmpl_meta = Obj(Obj(spec, "template"), "metadata");
  const object* labels = Obj(tmpl_meta, "labels");
  if (labels == nullptr) return errs;
  FieldPath mp = FieldPath("spec").Child("template", "metadata");
  auto has_label = [&](const std::string& key, const std::string& want) {
    const boost::json::value* v = Field(labels, key);
    if (v == nullptr) {
      errs.push_back(Required(mp.Child("labels").Key(key), "must be '" + want + "'"));
    } else if (!v->is_string() || v->get_string() != want) {
      errs.push_back(
          InvalidRaw(mp.Child("labels").Key(key), GoStringMap(labels), "must be '" + want + "'"));
    }
  };
  std::string name = Str(meta, "name");
  has_label("controller-uid", uid);
  has_label("job-name", name);
  has_label("batch.kubernetes.io/controller-uid", uid);
  has_label("batch.kubernetes.io/job-name", name);
  const object* selector = Obj(spec, "selector");
  if (selector == nullptr) return errs;
  // Whatever the selector is, it must select the labels the apiserver generated.
  boost::json::object expected{{"controller-uid", uid},
                               {"job-name", name},
                               {"batch.kubernetes.io/controller-uid", uid},
                               {"batch.kubernetes.io/job-name", name}};
  if (!SelectorMatches(selector, &expected)) {
    errs.push_back(InvalidRaw(FieldPath("spec").Child("selector"), SelectorGoSyntax(selector),
                              "`selector` not auto-generated"));
  }
  return errs;
}

ErrorList ValidateJob(const object& job) {
  ErrorList errs = ValidateGeneratedSelector(job);
  const object* spec = SpecOf(job);
  Append(errs, ValidateJobSpec(spec, FieldPath("spec")));
  auto completions = Int(spec, "completions");
  if (Str(spec, "completionMode") == "Indexed" && completions && *completions > 0) {
    std::string name = Str(Obj(&job, "metadata"), "name");
    std::string host = name + "-" + std::to_string(*completions - 1);
    if (!IsDNS1123Label(host).empty()) {
      errs.push_back(Invalid(FieldPath("metadata").Child("name"), name,
                             "will not able to create pod with invalid DNS label: " + host));
    }
  }
  return errs;
}

ErrorList ValidateJobUpdate(const object& job, const object& old) {
  ErrorList errs;
  const object* spec = SpecOf(job);
  const object* old_spec = SpecOf(old);
  FieldPath sp("spec");
  Append(errs, ValidateSelectorImmutable(Obj(spec, "selector"), Obj(old_spec, "selector"),
                                         sp.Child("selector")));
  // The template may change only while the job is suspended (for scheduling directives).
  const boost::json::value* tmpl = Field(spec, "template");
  const boost::json::value* old_tmpl = Field(old_spec, "template");
  bool suspended = Bool(old_spec, "suspend").value_or(false);
  bool changed =
      (tmpl == nullptr) != (old_tmpl == nullptr) || (tmpl && old_tmpl && *tmpl != *old_tmpl);
  if (!suspended && changed) {
    errs.push_back(InvalidRaw(sp.Child("template"), tmpl ? GoValue(*tmpl) : "null",
                              std::string(kFieldImmutable)));
  }
  auto completions = Int(spec, "completions"), old_completions = Int(old_spec, "completions");
  bool elastic = Str(spec, "completionMode") == "Indexed" &&
                 Int(spec, "parallelism") == completions &&
                 Int(old_spec, "parallelism") == old_completions;
  if (completions != old_completions && !elastic) {
    errs.push_back(InvalidRaw(sp.Child("completions"),
                              completions ? std::to_string(*completions) : "null",
                              std::string(kFieldImmutable)));
  }
  std::string mode = Str(spec, "completionMode"), old_mode = Str(old_spec, "completionMode");
  if (mode != old_mode)
    errs.push_back(Invalid(sp.Child("completionMode"), mode, std::string(kFieldImmutable)));
  const boost::json::value* policy = Field(spec, "podFailurePolicy");
  const boost::json::value* old_policy = Field(old_spec, "podFailurePolicy");
  if ((policy == nullptr) != (old_policy == nullptr) || (policy && *policy != *old_policy)) {
    errs.push_back(InvalidRaw(sp.Child("podFailurePolicy"), policy ? GoValue(*policy) : "null",
                              std::string(kFieldImmutable)));
  }
  auto per_index = Int(spec, "backoffLimitPerIndex");
  if (per_index != Int(old_spec, "backoffLimitPerIndex")) {
    errs.push_back(InvalidRaw(sp.Child("backoffLimitPerIndex"), per_index ? std::to_string(*per_index) : "null",
                              std::string(kFieldImmutable)));
  }
  return errs;
}

bool IsTimeZoneChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
         c == '+';
}

ErrorList ValidateTimeZone(const object* spec, const FieldPath& path) {
  const boost::json::value* v = Field(spec, "timeZone");
  if (v == nullptr || !v->is_string()) return {};
  std::string tz(v->get_string());
  if (tz.empty()) return {Invalid(path, tz, "timeZone must be nil or non-empty string")};
  size_t start = 0;
  while (true) {
    size_t slash = tz.find('/', start);
    std::string part =
        tz.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    bool chars_ok =
        !part.empty() && part.size() <= 14 && std::all_of(part.begin(), part.end(), IsTimeZoneChar);
    if (part == "." || part == ".." || part.starts_with("-") || !chars_ok) {
      return {Invalid(path, tz, "unknown time zone " + tz)};
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  std::string lower = tz;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lower == "local") {
    return {Invalid(
        path, tz,
        "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")};
  }
  std::error_code ec;
  if (tz != "UTC" && !std::filesystem::is_regular_file("/usr/share/zoneinfo/" + tz, ec)) {
    return {Invalid(path, tz, "unknown time zone " + tz)};
  }
  return {};
}

ErrorList ValidateCronJobSpec(const object* spec, const object* old_spec) {
  ErrorList errs;
  FieldPath sp("spec");
  std::string schedule = Str(spec, "schedule");
  if (schedule.empty()) {
    errs.push_back(Required(sp.Child("schedule")));
  } else {
    if (auto e = CheckCronSchedule(schedule))
      errs.push_back(Invalid(sp.Child("schedule"), schedule, *e));
    bool allow_tz =
        old_spec != nullptr && Str(old_spec, "schedule").find("TZ") != std::string::npos;
    bool has_tz = schedule.find("TZ") != std::string::npos;
    if (allow_tz && has_tz && Has(spec, "timeZone")) {
      errs.push_back(Invalid(sp.Child("schedule"), schedule,
                             "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
    } else if (!allow_tz && has_tz) {
      errs.push_back(Invalid(sp.Child("schedule"), schedule,
                             "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
    }
  }
  if (auto v = Int(spec, "startingDeadlineSeconds"))
    Append(errs, ValidateNonnegative(*v, sp.Child("startingDeadlineSeconds")));
  if (old_spec == nullptr || Str(old_spec, "timeZone") != Str(spec, "timeZone") ||
      Has(old_spec, "timeZone") != Has(spec, "timeZone")) {
    Append(errs, ValidateTimeZone(spec, sp.Child("timeZone")));
  }
  std::string cp = Str(spec, "concurrencyPolicy");
  if (cp.empty()) {
    errs.push_back(Required(sp.Child("concurrencyPolicy")));
  } else if (cp != "Allow" && cp != "Forbid" && cp != "Replace") {
    errs.push_back(NotSupported(sp.Child("concurrencyPolicy"), cp, {"Allow", "Forbid", "Replace"}));
  }
  const object* jt = Obj(spec, "jobTemplate");
  FieldPath jp = sp.Child("jobTemplate");
  const object* job_spec = Obj(jt, "spec");
  Append(errs, ValidateJobSpecCommon(job_spec, jp.Child("spec")));
  if (const object* sel = Obj(job_spec, "selector")) {
    errs.push_back(InvalidRaw(jp.Child("spec", "selector"), SelectorGoSyntax(sel),
                              "`selector` will be auto-generated"));
  }
  if (Bool(job_spec, "manualSelector").value_or(false)) {
    errs.push_back(NotSupportedRaw(jp.Child("spec", "manualSelector"), "true", {"nil", "false"}));
  }
  for (const char* f : {"successfulJobsHistoryLimit", "failedJobsHistoryLimit"}) {
    if (auto v = Int(spec, f)) Append(errs, ValidateNonnegative(*v, sp.Child(f)));
  }
  return errs;
}

ErrorList CronJobNameLength(const object& cj) {
  std::string name = Str(Obj(&cj, "metadata"), "name");
  if (name.size() > 52)
    return {
        Invalid(FieldPath("metadata").Child("name"), name, "must be no more than 52 characters")};
  return {};
}

}  // namespace

void RegisterBatchKinds(KindTable& t) {
  t["batch/Job"].validate = ValidateJob;
  t["batch/Job"].validate_update = ValidateJobUpdate;
  KindValidator cj;
  cj.full_create = [](const object& o, bool namespaced) {
    ErrorList errs = ValidateObjectMeta(Obj(&o, "metadata"), namespaced, NameRule::kDNSSubdomain,
                                        FieldPath("metadata"));
    Append(errs, ValidateCronJobSpec(SpecOf(o), nullptr));
    Append(errs, CronJobNameLength(o));
    return errs;
  };
  cj.full_update = [](const object& o, const object& old) {
    ErrorList errs =
        ValidateObjectMetaUpdate(Obj(&o, "metadata"), Obj(&old, "metadata"), FieldPath("metadata"));
    Append(errs, ValidateCronJobSpec(SpecOf(o), SpecOf(old)));
    return errs;
  };
  t["batch/CronJob"] = cj;
}

}  // namespace kubepp::api::validation
