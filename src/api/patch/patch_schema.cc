#include "api/patch/patch_schema.h"

#include <map>
#include <string>
#include <utility>

namespace kubepp::api {
namespace patch_internal {
namespace {

// One field of one struct. `strategy` is upstream's tag text ("merge",
// "merge,retainKeys", "retainKeys", "replace", or "" for an untagged field
// that only leads to tagged ones); `child` names the value's struct (the
// element struct for lists) when it has tagged fields below it.
struct Row {
  const char* type;
  const char* field;
  const char* strategy;
  const char* merge_key;
  const char* child;
};

// Facts from upstream v1.32 types.go (k8s.io/api and apimachinery meta/v1).
constexpr Row kRows[] = {
    // metav1.ObjectMeta
    {"ObjectMeta", "finalizers", "merge", "", ""},
    {"ObjectMeta", "ownerReferences", "merge", "uid", ""},
    // Every object: metadata.
    {"Object", "metadata", "", "", "ObjectMeta"},

    // ---- core/v1 ----
    {"PodTemplateSpec", "metadata", "", "", "ObjectMeta"},
    {"PodTemplateSpec", "spec", "", "", "PodSpec"},
    {"PodSpec", "volumes", "merge,retainKeys", "name", ""},
    {"PodSpec", "initContainers", "merge", "name", "Container"},
    {"PodSpec", "containers", "merge", "name", "Container"},
    {"PodSpec", "ephemeralContainers", "merge", "name", "Container"},
    {"PodSpec", "imagePullSecrets", "merge", "name", ""},
    {"PodSpec", "hostAliases", "merge", "ip", ""},
    {"PodSpec", "topologySpreadConstraints", "merge", "topologyKey", ""},
    {"PodSpec", "schedulingGates", "merge", "name", ""},
    {"PodSpec", "resourceClaims", "merge,retainKeys", "name", ""},
    // Container and EphemeralContainer (EphemeralContainerCommon) share these.
    {"Container", "ports", "merge", "containerPort", ""},
    {"Container", "env", "merge", "name", ""},
    {"Container", "volumeMounts", "merge", "mountPath", ""},
    {"Container", "volumeDevices", "merge", "devicePath", ""},
    {"PodStatus", "conditions", "merge", "type", ""},
    {"PodStatus", "hostIPs", "merge", "ip", ""},
    {"PodStatus", "podIPs", "merge", "ip", ""},
    {"PodStatus", "resourceClaimStatuses", "merge,retainKeys", "name", ""},
    {"Pod", "metadata", "", "", "ObjectMeta"},
    {"Pod", "spec", "", "", "PodSpec"},
    {"Pod", "status", "", "", "PodStatus"},
    {"PodTemplate", "metadata", "", "", "ObjectMeta"},
    {"PodTemplate", "template", "", "", "PodTemplateSpec"},
    // Status structs whose only tagged field is conditions merged by type
    // (ReplicationController, Service, Namespace, PersistentVolumeClaim, the
    // apps and batch workloads, PodDisruptionBudget, autoscaling/v2 HPA).
    {"ConditionsStatus", "conditions", "merge", "type", ""},
    {"WorkloadSpec", "template", "", "", "PodTemplateSpec"},
    {"ReplicationController", "metadata", "", "", "ObjectMeta"},
    {"ReplicationController", "spec", "", "", "WorkloadSpec"},
    {"ReplicationController", "status", "", "", "ConditionsStatus"},
    {"ServiceSpec", "ports", "merge", "port", ""},
    {"Service", "metadata", "", "", "ObjectMeta"},
    {"Service", "spec", "", "", "ServiceSpec"},
    {"Service", "status", "", "", "ConditionsStatus"},
    {"NodeSpec", "podCIDRs", "merge", "", ""},
    {"NodeStatus", "conditions", "merge", "type", ""},
    {"NodeStatus", "addresses", "merge", "type", ""},
    {"Node", "metadata", "", "", "ObjectMeta"},
    {"Node", "spec", "", "", "NodeSpec"},
    {"Node", "status", "", "", "NodeStatus"},
    {"ObjectWithConditionsStatus", "metadata", "", "", "ObjectMeta"},
    {"ObjectWithConditionsStatus", "status", "", "", "ConditionsStatus"},
    {"ComponentStatus", "metadata", "", "", "ObjectMeta"},
    {"ComponentStatus", "conditions", "merge", "type", ""},
    {"ServiceAccount", "metadata", "", "", "ObjectMeta"},
    {"ServiceAccount", "secrets", "merge", "name", ""},

    // ---- apps/v1, batch/v1 ----
    {"Workload", "metadata", "", "", "ObjectMeta"},
    {"Workload", "spec", "", "", "WorkloadSpec"},
    {"Workload", "status", "", "", "ConditionsStatus"},
    {"DeploymentSpec", "template", "", "", "PodTemplateSpec"},
    {"DeploymentSpec", "strategy", "retainKeys", "", ""},
    {"Deployment", "metadata", "", "", "ObjectMeta"},
    {"Deployment", "spec", "", "", "DeploymentSpec"},
    {"Deployment", "status", "", "", "ConditionsStatus"},
    {"JobTemplateSpec", "metadata", "", "", "ObjectMeta"},
    {"JobTemplateSpec", "spec", "", "", "WorkloadSpec"},
    {"CronJobSpec", "jobTemplate", "", "", "JobTemplateSpec"},
    {"CronJob", "metadata", "", "", "ObjectMeta"},
    {"CronJob", "spec", "", "", "CronJobSpec"},

    // ---- policy/v1 ----
    {"PodDisruptionBudgetSpec", "selector", "replace", "", ""},
    {"PodDisruptionBudget", "metadata", "", "", "ObjectMeta"},
    {"PodDisruptionBudget", "spec", "", "", "PodDisruptionBudgetSpec"},
    {"PodDisruptionBudget", "status", "", "", "ConditionsStatus"},
};

struct KindRow {
  const char* api_version;
  const char* kind;
  const char* type;
};

// The built-in kinds kubepp serves and the struct each one starts from.
constexpr KindRow kKinds[] = {
    {"v1", "Binding", "Object"},
    {"v1", "ComponentStatus", "ComponentStatus"},
    {"v1", "ConfigMap", "Object"},
    {"v1", "Endpoints", "Object"},
    {"v1", "Event", "Object"},
    {"v1", "LimitRange", "Object"},
    {"v1", "Namespace", "ObjectWithConditionsStatus"},
    {"v1", "Node", "Node"},
    {"v1", "PersistentVolumeClaim", "ObjectWithConditionsStatus"},
    {"v1", "PersistentVolume", "Object"},
    {"v1", "Pod", "Pod"},
    {"v1", "PodTemplate", "PodTemplate"},
    {"v1", "ReplicationController", "ReplicationController"},
    {"v1", "ResourceQuota", "Object"},
    {"v1", "Secret", "Object"},
    {"v1", "ServiceAccount", "ServiceAccount"},
    {"v1", "Service", "Service"},
    {"apps/v1", "ControllerRevision", "Object"},
    {"apps/v1", "DaemonSet", "Workload"},
    {"apps/v1", "Deployment", "Deployment"},
    {"apps/v1", "ReplicaSet", "Workload"},
    {"apps/v1", "StatefulSet", "Workload"},
    {"events.k8s.io/v1", "Event", "Object"},
    {"autoscaling/v2", "HorizontalPodAutoscaler", "ObjectWithConditionsStatus"},
    {"autoscaling/v1", "HorizontalPodAutoscaler", "Object"},
    // The scale subresource answers PATCH with this kind.
    {"autoscaling/v1", "Scale", "Object"},
    {"apiextensions.k8s.io/v1", "CustomResourceDefinition", "Object"},
    {"batch/v1", "CronJob", "CronJob"},
    {"batch/v1", "Job", "Workload"},
    {"networking.k8s.io/v1", "IngressClass", "Object"},
    {"networking.k8s.io/v1", "Ingress", "Object"},
    {"networking.k8s.io/v1", "NetworkPolicy", "Object"},
    {"policy/v1", "PodDisruptionBudget", "PodDisruptionBudget"},
    {"rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "Object"},
    {"rbac.authorization.k8s.io/v1", "ClusterRole", "Object"},
    {"rbac.authorization.k8s.io/v1", "RoleBinding", "Object"},
    {"rbac.authorization.k8s.io/v1", "Role", "Object"},
    {"storage.k8s.io/v1", "StorageClass", "Object"},
    {"scheduling.k8s.io/v1", "PriorityClass", "Object"},
    {"coordination.k8s.io/v1", "Lease", "Object"},
    {"discovery.k8s.io/v1", "EndpointSlice", "Object"},
};

class Registry {
 public:
  static const Registry& Get() {
    static const Registry* const kRegistry = new Registry();
    return *kRegistry;
  }

  const PatchType* Type(std::string_view name) const {
    auto it = types_.find(name);
    return it == types_.end() ? nullptr : &it->second;
  }

  const PatchType* KindRoot(std::string_view api_version, std::string_view kind) const {
    for (const auto& k : kKinds) {
      if (api_version == k.api_version && kind == k.kind) return Type(k.type);
    }
    return nullptr;
  }

 private:
  Registry() {
    for (const auto& r : kRows) types_[r.type].name = r.type;
    for (const auto& r : kRows) {
      std::string_view strategy = r.strategy;
      PatchField f;
      f.name = r.field;
      f.merge = strategy.find("merge") != std::string_view::npos;
      f.replace = strategy == "replace";
      f.retain_keys = strategy.find("retainKeys") != std::string_view::npos;
      f.merge_key = r.merge_key;
      f.type = *r.child ? Type(r.child) : nullptr;
      types_[r.type].fields.push_back(f);
    }
  }

  // std::map keeps element addresses stable, so fields may point at types.
  std::map<std::string_view, PatchType, std::less<>> types_;
};

}  // namespace

const PatchField* PatchType::Find(std::string_view field) const {
  for (const auto& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

const PatchType* RootPatchType(std::string_view api_version, std::string_view kind) {
  const Registry& reg = Registry::Get();
  const PatchType* t = reg.KindRoot(api_version, kind);
  return t ? t : reg.Type("Object");
}

}  // namespace patch_internal

bool HasStrategicMergeSchema(std::string_view api_version, std::string_view kind) {
  return patch_internal::Registry::Get().KindRoot(api_version, kind) != nullptr;
}

Status StrategicMergeUnsupportedForCustomResources() {
  return Status::UnsupportedMediaType(
      "the body of the request was in an unknown format - accepted media types include: "
      "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
}

}  // namespace kubepp::api
