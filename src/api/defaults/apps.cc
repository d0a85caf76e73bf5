// apps/v1 defaults (upstream pkg/apis/apps/v1/defaults.go). Every workload's
// template gets the pod-spec defaults.
#include "api/defaults/json_fields.h"
#include "api/defaults/kinds.h"
#include "api/defaults/pod_spec.h"

namespace kubepp::api::defaults {
namespace {

namespace json = boost::json;

constexpr int64_t kRevisionHistoryLimit = 10;

json::object* Spec(json::object& obj) { return EnsureObject(obj, "spec"); }

void DefaultTemplate(json::object& spec) {
  if (json::object* t = EnsureObject(spec, "template")) DefaultPodTemplate(*t);
}

}  // namespace

void DefaultDeployment(json::object& obj) {
  json::object* spec = Spec(obj);
  if (spec == nullptr) return;
  SetIfNil(*spec, "replicas", 1);
  if (json::object* strategy = EnsureObject(*spec, "strategy")) {
    SetIfEmptyString(*strategy, "type", "RollingUpdate");
    if (StringAt(*strategy, "type") == "RollingUpdate") {
      if (json::object* ru = EnsureObject(*strategy, "rollingUpdate")) {
        SetIfNil(*ru, "maxUnavailable", "25%");
        SetIfNil(*ru, "maxSurge", "25%");
      }
    }
  }
  SetIfNil(*spec, "revisionHistoryLimit", kRevisionHistoryLimit);
  SetIfNil(*spec, "progressDeadlineSeconds", 600);
  DefaultTemplate(*spec);
}

void DefaultReplicaSet(json::object& obj) {
  json::object* spec = Spec(obj);
  if (spec == nullptr) return;
  SetIfNil(*spec, "replicas", 1);
  DefaultTemplate(*spec);
}

void DefaultDaemonSet(json::object& obj) {
  json::object* spec = Spec(obj);
  if (spec == nullptr) return;
  if (json::object* strategy = EnsureObject(*spec, "updateStrategy")) {
    SetIfEmptyString(*strategy, "type", "RollingUpdate");
    if (StringAt(*strategy, "type") == "RollingUpdate") {
      if (json::object* ru = EnsureObject(*strategy, "rollingUpdate")) {
        SetIfNil(*ru, "maxUnavailable", 1);
        SetIfNil(*ru, "maxSurge", 0);
      }
    }
  }
  SetIfNil(*spec, "revisionHistoryLimit", kRevisionHistoryLimit);
  DefaultTemplate(*spec);
}

void DefaultStatefulSet(json::object& obj) {
  json::object* spec = Spec(obj);
  if (spec == nullptr) return;
  SetIfEmptyString(*spec, "podManagementPolicy", "OrderedReady");
  if (json::object* strategy = EnsureObject(*spec, "updateStrategy")) {
    // Upstream creates rollingUpdate only when it also chose the type; an
    // explicit RollingUpdate without rollingUpdate stays without it.
    if (IsEmptyString(*strategy, "type")) {
      (*strategy)["type"] = "RollingUpdate";
      SetIfNil(*strategy, "rollingUpdate", json::object());
    }
    if (StringAt(*strategy, "type") == "RollingUpdate") {
      if (json::object* ru = ObjectAt(*strategy, "rollingUpdate")) SetIfNil(*ru, "partition", 0);
    }
  }
  if (json::object* policy = EnsureObject(*spec, "persistentVolumeClaimRetentionPolicy")) {
    SetIfEmptyString(*policy, "whenDeleted", "Retain");
    SetIfEmptyString(*policy, "whenScaled", "Retain");
  }
  SetIfNil(*spec, "replicas", 1);
  SetIfNil(*spec, "revisionHistoryLimit", kRevisionHistoryLimit);
  DefaultTemplate(*spec);
  ForEachObject(*spec, "volumeClaimTemplates",
                [](json::object& pvc) { DefaultPersistentVolumeClaim(pvc); });
}

}  // namespace kubepp::api::defaults
