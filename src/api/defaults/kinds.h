// The per-kind defaulters behind ApplyDefaults, one function per kind,
// grouped by API group in core.cc, apps.cc, batch.cc and cluster.cc. Each
// takes the whole object and mirrors upstream's SetDefaults_<Kind> plus the
// defaulters upstream's generated code runs on the kind's nested structs.
// Thread safety: pure functions on caller-owned values.
#pragma once

#include <boost/json/object.hpp>

namespace kubepp::api::defaults {

// core/v1
void DefaultPod(boost::json::object& obj);
void DefaultPodTemplateObject(boost::json::object& obj);
void DefaultReplicationController(boost::json::object& obj);
void DefaultService(boost::json::object& obj);
void DefaultNamespace(boost::json::object& obj);
void DefaultSecret(boost::json::object& obj);
void DefaultPersistentVolumeClaim(boost::json::object& obj);
void DefaultPersistentVolume(boost::json::object& obj);
void DefaultNode(boost::json::object& obj);
void DefaultEndpoints(boost::json::object& obj);
void DefaultLimitRange(boost::json::object& obj);

// apps/v1
void DefaultDeployment(boost::json::object& obj);
void DefaultReplicaSet(boost::json::object& obj);
void DefaultDaemonSet(boost::json::object& obj);
void DefaultStatefulSet(boost::json::object& obj);

// batch/v1
void DefaultJob(boost::json::object& obj);
void DefaultCronJob(boost::json::object& obj);

// networking.k8s.io/v1, rbac, storage, scheduling, autoscaling, discovery
void DefaultNetworkPolicy(boost::json::object& obj);
void DefaultIngressClass(boost::json::object& obj);
void DefaultRoleBinding(boost::json::object& obj);  // and ClusterRoleBinding
void DefaultStorageClass(boost::json::object& obj);
void DefaultPriorityClass(boost::json::object& obj);
void DefaultHorizontalPodAutoscalerV1(boost::json::object& obj);
void DefaultHorizontalPodAutoscalerV2(boost::json::object& obj);
void DefaultEndpointSlice(boost::json::object& obj);

}  // namespace kubepp::api::defaults
