// ApplyDefaults: picks the kind's defaulter from the catalog entry. Kinds
// without upstream defaults (ConfigMap, ServiceAccount, Lease, Role, ...)
// are left unchanged.
#include "api/defaults/defaults.h"

#include <string>
#include <string_view>
#include <unordered_map>

#include "api/defaults/kinds.h"

namespace kubepp::api {
namespace {

using Defaulter = void (*)(boost::json::object&);

// Keyed by "group/Kind"; autoscaling is keyed with its version because v1
// and v2 HPAs default differently.
const std::unordered_map<std::string_view, Defaulter>& Defaulters() {
  namespace d = defaults;
  static const auto* const kMap = new std::unordered_map<std::string_view, Defaulter>{
      {"/Pod", d::DefaultPod},
      {"/PodTemplate", d::DefaultPodTemplateObject},
      {"/ReplicationController", d::DefaultReplicationController},
      {"/Service", d::DefaultService},
      {"/Namespace", d::DefaultNamespace},
      {"/Secret", d::DefaultSecret},
      {"/PersistentVolumeClaim", d::DefaultPersistentVolumeClaim},
      {"/PersistentVolume", d::DefaultPersistentVolume},
      {"/Node", d::DefaultNode},
      {"/Endpoints", d::DefaultEndpoints},
      {"/LimitRange", d::DefaultLimitRange},
      {"apps/Deployment", d::DefaultDeployment},
      {"apps/ReplicaSet", d::DefaultReplicaSet},
      {"apps/DaemonSet", d::DefaultDaemonSet},
      {"apps/StatefulSet", d::DefaultStatefulSet},
      {"batch/Job", d::DefaultJob},
      {"batch/CronJob", d::DefaultCronJob},
      {"networking.k8s.io/NetworkPolicy", d::DefaultNetworkPolicy},
      {"networking.k8s.io/IngressClass", d::DefaultIngressClass},
      {"rbac.authorization.k8s.io/RoleBinding", d::DefaultRoleBinding},
      {"rbac.authorization.k8s.io/ClusterRoleBinding", d::DefaultRoleBinding},
      {"storage.k8s.io/StorageClass", d::DefaultStorageClass},
      {"scheduling.k8s.io/PriorityClass", d::DefaultPriorityClass},
      {"autoscaling/v1/HorizontalPodAutoscaler", d::DefaultHorizontalPodAutoscalerV1},
      {"autoscaling/v2/HorizontalPodAutoscaler", d::DefaultHorizontalPodAutoscalerV2},
      {"discovery.k8s.io/EndpointSlice", d::DefaultEndpointSlice},
  };
  return *kMap;
}

}  // namespace

void ApplyDefaults(const ResourceInfo& resource, boost::json::object& obj) {
  std::string key = resource.group;
  if (resource.group == "autoscaling") key += "/" + resource.version;
  key += "/" + resource.kind;
  auto it = Defaulters().find(key);
  if (it != Defaulters().end()) it->second(obj);
}

}  // namespace kubepp::api
