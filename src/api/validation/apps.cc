// apps/v1: Deployment, ReplicaSet, DaemonSet, StatefulSet, ControllerRevision
// (pkg/apis/apps/validation).
#include "api/validation/json_access.h"
#include "api/validation/kinds.h"
#include "api/validation/label_selector.h"
#include "api/validation/pod_spec.h"
#include "api/validation/workload_common.h"
#include "base/go_quote.h"

namespace kubepp::api::validation {
namespace {

using boost::json::object;

// ValidatePodTemplateSpecForReplicaSet, also used by Deployments. `kind` names
// the controller in the activeDeadlineSeconds message.
ErrorList ValidateTemplateForReplicaSet(const object* tmpl, const object* selector,
                                        const FieldPath& path, const char* kind) {
  ErrorList errs;
  if (tmpl == nullptr) return {Required(path)};
  const object* labels = Obj(Obj(tmpl, "metadata"), "labels");
  if (!SelectorEmpty(selector) && !SelectorMatches(selector, labels)) {
    errs.push_back(InvalidRaw(path.Child("metadata", "labels"), GoStringMap(labels),
                              "`selector` does not match template `labels`"));
  }
  Append(errs, ValidatePodTemplateSpec(tmpl, path));
  const object* spec = Obj(tmpl, "spec");
  std::string restart = Str(spec, "restartPolicy");
  if (restart != "Always")
    errs.push_back(NotSupported(path.Child("spec", "restartPolicy"), restart, {"Always"}));
  if (Has(spec, "activeDeadlineSeconds")) {
    errs.push_back(
        Forbidden(path.Child("spec", "activeDeadlineSeconds"),
                  std::string("activeDeadlineSeconds in ") + kind + " is not Supported"));
  }
  return errs;
}

std::string StrategyText(const char* type_name, const char* rolling_type, const object* strategy) {
  std::string rolling = Has(strategy, "rollingUpdate")
                            ? "(*apps." + std::string(rolling_type) + ")(0xc000000000)"
                            : "(*apps." + std::string(rolling_type) + ")(nil)";
  return "apps." + std::string(type_name) + "{Type:" + GoQuote(Str(strategy, "type")) +
         ", RollingUpdate:" + rolling + "}";
}

ErrorList ValidateDeploymentStrategy(const object* strategy, const FieldPath& path) {
  ErrorList errs;
  std::string type = Str(strategy, "type");
  const object* ru = Obj(strategy, "rollingUpdate");
  if (type == "Recreate") {
    if (Has(strategy, "rollingUpdate")) {
      errs.push_back(Forbidden(path.Child("rollingUpdate"),
                               "may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (type == "RollingUpdate") {
    if (ru == nullptr) {
      errs.push_back(
          Required(path.Child("rollingUpdate"), "this should be defaulted and never be nil"));
    } else {
      FieldPath rp = path.Child("rollingUpdate");
      IntOrString max_unavailable = IntOrStr(ru, "maxUnavailable");
      IntOrString max_surge = IntOrStr(ru, "maxSurge");
      Append(errs, ValidatePositiveIntOrPercent(max_unavailable, rp.Child("maxUnavailable")));
      Append(errs, ValidatePositiveIntOrPercent(max_surge, rp.Child("maxSurge")));
      if (IntOrPercentValue(max_unavailable) == 0 && IntOrPercentValue(max_surge) == 0) {
        errs.push_back(InvalidRaw(rp.Child("maxUnavailable"), max_unavailable.Text(),
                                  "may not be 0 when `maxSurge` is 0"));
      }
      Append(errs, ValidateNotMoreThan100Percent(max_unavailable, rp.Child("maxUnavailable")));
    }
  } else {
    errs.push_back(NotSupportedRaw(
        path, StrategyText("DeploymentStrategy", "RollingUpdateDeployment", strategy),
        {"Recreate", "RollingUpdate"}));
  }
  return errs;
}

// The selector checks shared by Deployment and ReplicaSet; false when the
// selector is missing and the rest cannot be checked.
bool ValidateRequiredSelector(const object* spec, const FieldPath& sp, const char* kind,
                              ErrorList* errs) {
  const object* selector = Obj(spec, "selector");
  if (selector == nullptr) {
    errs->push_back(Required(sp.Child("selector")));
    return false;
  }
  Append(*errs, ValidateLabelSelector(selector, sp.Child("selector")));
  if (SelectorEmpty(selector)) {
    errs->push_back(InvalidRaw(sp.Child("selector"), SelectorGoSyntax(selector),
                               std::string("empty selector is invalid for ") + kind));
  }
  return true;
}

ErrorList ValidateDeployment(const object& d) {
  ErrorList errs;
  const object* spec = SpecOf(d);
  FieldPath sp("spec");
  Append(errs, ValidateNonnegative(IntOr(spec, "replicas", 0), sp.Child("replicas")));
  if (!ValidateRequiredSelector(spec, sp, "deployment", &errs)) return errs;
  Append(errs, ValidateTemplateForReplicaSet(Obj(spec, "template"), Obj(spec, "selector"),
                                             sp.Child("template"), "ReplicaSet"));
  Append(errs, ValidateDeploymentStrategy(Obj(spec, "strategy"), sp.Child("strategy")));
  int64_t min_ready = IntOr(spec, "minReadySeconds", 0);
  Append(errs, ValidateNonnegative(min_ready, sp.Child("minReadySeconds")));
  if (auto h = Int(spec, "revisionHistoryLimit"))
    Append(errs, ValidateNonnegative(*h, sp.Child("revisionHistoryLimit")));
  if (auto p = Int(spec, "progressDeadlineSeconds")) {
    Append(errs, ValidateNonnegative(*p, sp.Child("progressDeadlineSeconds")));
    if (*p <= min_ready) {
      errs.push_back(InvalidInt(sp.Child("progressDeadlineSeconds"), *p,
                                "must be greater than minReadySeconds"));
    }
  }
  return errs;
}

ErrorList ValidateReplicaSet(const object& rs) {
  ErrorList errs;
  const object* spec = SpecOf(rs);
  FieldPath sp("spec");
  Append(errs, ValidateNonnegative(IntOr(spec, "replicas", 0), sp.Child("replicas")));
  Append(errs, ValidateNonnegative(IntOr(spec, "minReadySeconds", 0), sp.Child("minReadySeconds")));
  if (!ValidateRequiredSelector(spec, sp, "deployment", &errs)) return errs;
  Append(errs, ValidateTemplateForReplicaSet(Obj(spec, "template"), Obj(spec, "selector"),
                                             sp.Child("template"), "ReplicaSet"));
  return errs;
}

ErrorList ValidateDaemonSet(const object& ds) {
  ErrorList errs;
  const object* spec = SpecOf(ds);
  FieldPath sp("spec");
  const object* selector = Obj(spec, "selector");
  Append(errs, ValidateLabelSelector(selector, sp.Child("selector")));
  const object* tmpl = Obj(spec, "template");
  const object* labels = Obj(Obj(tmpl, "metadata"), "labels");
  if (!SelectorMatches(selector, labels)) {
    errs.push_back(InvalidRaw(sp.Child("template", "metadata", "labels"), GoStringMap(labels),
                              "`selector` does not match template `labels`"));
  }
  if (selector != nullptr && SelectorEmpty(selector)) {
    errs.push_back(InvalidRaw(sp.Child("selector"), SelectorGoSyntax(selector),
                              "empty selector is invalid for daemonset"));
  }
  FieldPath tp = sp.Child("template");
  Append(errs, ValidatePodTemplateSpec(tmpl, tp));
  const object* pod_spec = Obj(tmpl, "spec");
  std::string restart = Str(pod_spec, "restartPolicy");
  if (restart != "Always")
    errs.push_back(NotSupported(tp.Child("spec", "restartPolicy"), restart, {"Always"}));
  if (auto ads = Int(pod_spec, "activeDeadlineSeconds")) {
    errs.push_back(InvalidInt(tp.Child("spec", "activeDeadlineSeconds"), *ads,
                              "activeDeadlineSeconds must be nil for daemon set pods"));
  }
  Append(errs, ValidateNonnegative(IntOr(spec, "minReadySeconds", 0), sp.Child("minReadySeconds")));
  Append(errs,
         ValidateNonnegative(IntOr(spec, "templateGeneration", 0), sp.Child("templateGeneration")));
  const object* strategy = Obj(spec, "updateStrategy");
  FieldPath up = sp.Child("updateStrategy");
  std::string type = Str(strategy, "type");
  if (type == "RollingUpdate") {
    const object* ru = Obj(strategy, "rollingUpdate");
    if (ru == nullptr) {
      errs.push_back(Required(up.Child("rollingUpdate")));
    } else {
      FieldPath rp = up.Child("rollingUpdate");
      IntOrString max_unavailable = IntOrStr(ru, "maxUnavailable");
      IntOrString max_surge = IntOrStr(ru, "maxSurge");
      Append(errs, ValidatePositiveIntOrPercent(max_unavailable, rp.Child("maxUnavailable")));
      Append(errs, ValidatePositiveIntOrPercent(max_surge, rp.Child("maxSurge")));
      Append(errs, ValidateNotMoreThan100Percent(max_unavailable, rp.Child("maxUnavailable")));
      Append(errs, ValidateNotMoreThan100Percent(max_surge, rp.Child("maxSurge")));
      bool has_unavailable = IntOrPercentValue(max_unavailable) != 0;
      bool has_surge = IntOrPercentValue(max_surge) != 0;
      if (has_unavailable && has_surge) {
        errs.push_back(InvalidRaw(rp.Child("maxSurge"), max_surge.Text(),
                                  "may not be set when maxUnavailable is non-zero"));
      } else if (!has_unavailable && !has_surge) {
        errs.push_back(Required(rp.Child("maxUnavailable"), "cannot be 0 when maxSurge is 0"));
      }
    }
  } else if (type != "OnDelete") {
    errs.push_back(NotSupportedRaw(
        up, StrategyText("DaemonSetUpdateStrategy", "RollingUpdateDaemonSet", strategy),
        {"RollingUpdate", "OnDelete"}));
  }
  if (auto h = Int(spec, "revisionHistoryLimit"))
    Append(errs, ValidateNonnegative(*h, sp.Child("revisionHistoryLimit")));
  return errs;
}

ErrorList ValidateStatefulSet(const object& ss) {
  ErrorList errs;
  const object* spec = SpecOf(ss);
  FieldPath sp("spec");
  std::string pmp = Str(spec, "podManagementPolicy");
  if (pmp.empty()) {
    errs.push_back(Required(sp.Child("podManagementPolicy")));
  } else if (pmp != "OrderedReady" && pmp != "Parallel") {
    errs.push_back(
        Invalid(sp.Child("podManagementPolicy"), pmp, "must be 'OrderedReady' or 'Parallel'"));
  }
  const object* strategy = Obj(spec, "updateStrategy");
  std::string type = Str(strategy, "type");
  FieldPath up = sp.Child("updateStrategy");
  if (type.empty()) {
    errs.push_back(Required(up));
  } else if (type == "OnDelete") {
    if (Has(strategy, "rollingUpdate")) {
      errs.push_back(InvalidRaw(up.Child("rollingUpdate"),
                                GoValue(*Field(strategy, "rollingUpdate")),
                                "only allowed for updateStrategy 'RollingUpdate'"));
    }
  } else if (type == "RollingUpdate") {
    if (const object* ru = Obj(strategy, "rollingUpdate")) {
      FieldPath rp = up.Child("rollingUpdate");
      Append(errs, ValidateNonnegative(IntOr(ru, "partition", 0), rp.Child("partition")));
      IntOrString mu = IntOrStr(ru, "maxUnavailable");
      if (mu.present) {
        Append(errs, ValidatePositiveIntOrPercent(mu, rp.Child("maxUnavailable")));
        if (IntOrPercentValue(mu) == 0)
          errs.push_back(InvalidRaw(rp.Child("maxUnavailable"), mu.Text(), "cannot be 0"));
        Append(errs, ValidateNotMoreThan100Percent(mu, rp.Child("maxUnavailable")));
      }
    }
  } else {
    errs.push_back(
        InvalidRaw(up, GoValue(strategy ? boost::json::value(*strategy) : boost::json::value()),
                   "must be 'RollingUpdate' or 'OnDelete'"));
  }
  if (const object* policy = Obj(spec, "persistentVolumeClaimRetentionPolicy")) {
    FieldPath pp = sp.Child("persistentVolumeClaimRetentionPolicy");
    for (const char* f : {"whenDeleted", "whenScaled"}) {
      std::string v = Str(policy, f);
      if (v != "Retain" && v != "Delete")
        errs.push_back(NotSupported(pp.Child(f), v, {"Retain", "Delete"}));
    }
  }
  if (const object* ordinals = Obj(spec, "ordinals")) {
    Append(errs, ValidateNonnegative(IntOr(ordinals, "start", 0), sp.Child("ordinals", "start")));
  }
  Append(errs, ValidateNonnegative(IntOr(spec, "replicas", 0), sp.Child("replicas")));
  Append(errs, ValidateNonnegative(IntOr(spec, "minReadySeconds", 0), sp.Child("minReadySeconds")));
  const object* selector = Obj(spec, "selector");
  if (selector == nullptr) {
    errs.push_back(Required(sp.Child("selector")));
  } else {
    Append(errs, ValidateLabelSelector(selector, sp.Child("selector")));
    if (SelectorEmpty(selector)) {
      errs.push_back(InvalidRaw(sp.Child("selector"), SelectorGoSyntax(selector),
                                "empty selector is invalid for statefulset"));
    }
  }
  const object* tmpl = Obj(spec, "template");
  FieldPath tp = sp.Child("template");
  const object* labels = Obj(Obj(tmpl, "metadata"), "labels");
  if (selector != nullptr && !SelectorEmpty(selector) && !SelectorMatches(selector, labels)) {
    errs.push_back(InvalidRaw(tp.Child("metadata", "labels"), GoStringMap(labels),
                              "`selector` does not match template `labels`"));
  }
  // Only the template's labels and annotations, as upstream: its pod spec mounts volumes that
  // volumeClaimTemplates add when each pod is made, so checking it here would refuse them.
  const object* tmeta = Obj(tmpl, "metadata");
  Append(errs, ValidateLabels(Obj(tmeta, "labels"), tp.Child("labels")));
  Append(errs, ValidateAnnotations(Obj(tmeta, "annotations"), tp.Child("annotations")));
  const object* pod_spec = Obj(tmpl, "spec");
  std::string restart = Str(pod_spec, "restartPolicy");
  if (restart != "Always")
    errs.push_back(NotSupported(tp.Child("spec", "restartPolicy"), restart, {"Always"}));
  if (Has(pod_spec, "activeDeadlineSeconds")) {
    errs.push_back(Forbidden(tp.Child("spec", "activeDeadlineSeconds"),
                             "activeDeadlineSeconds in StatefulSet is not Supported"));
  }
  return errs;
}

ErrorList ValidateStatefulSetUpdate(const object& ss, const object& old) {
  const object* spec = SpecOf(ss);
  const object* old_spec = SpecOf(old);
  static const object kEmpty;
  object munged = spec ? *spec : kEmpty;
  const object& was = old_spec ? *old_spec : kEmpty;
  for (const char* f : {"replicas", "template", "updateStrategy", "minReadySeconds", "ordinals",
                        "persistentVolumeClaimRetentionPolicy"}) {
    if (const boost::json::value* v = was.if_contains(f)) {
      munged[f] = *v;
    } else {
      munged.erase(f);
    }
  }
  if (munged == was) return {};
  return {Forbidden(
      FieldPath("spec"),
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
      "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are "
      "forbidden")};
}

ErrorList SelectorUpdate(const object& obj, const object& old) {
  return ValidateSelectorImmutable(Obj(SpecOf(obj), "selector"), Obj(SpecOf(old), "selector"),
                                   FieldPath("spec").Child("selector"));
}

}  // namespace

void RegisterAppsKinds(KindTable& t) {
  t["apps/Deployment"].validate = ValidateDeployment;
  t["apps/Deployment"].validate_update = SelectorUpdate;
  t["apps/ReplicaSet"].validate = ValidateReplicaSet;
  t["apps/ReplicaSet"].validate_update = SelectorUpdate;
  t["apps/DaemonSet"].validate = ValidateDaemonSet;
  t["apps/DaemonSet"].validate_update = SelectorUpdate;
  t["apps/StatefulSet"].name_rule = NameRule::kDNSLabel;
  t["apps/StatefulSet"].validate = ValidateStatefulSet;
  t["apps/StatefulSet"].validate_update = ValidateStatefulSetUpdate;
  t["apps/ControllerRevision"].validate = [](const object& cr) {
    ErrorList errs = ValidateNonnegative(IntOr(&cr, "revision", 0), FieldPath("revision"));
    if (!Has(&cr, "data")) errs.push_back(Required(FieldPath("data"), "data is mandatory"));
    return errs;
  };
}

}  // namespace kubepp::api::validation
