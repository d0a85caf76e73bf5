// The two edges of the HPA controller that tests replace:
//
//  * MetricsSource: per-pod resource usage. ApiMetrics() reads the resource
//    metrics API (metrics.k8s.io/v1beta1 PodMetrics, which the apiserver
//    serves from the kubelets' /metrics/resource) as upstream's HPA does;
//    NoMetrics() answers every query as that API does when it knows nothing.
//  * ScaleClient: the scale subresource of the target (Deployment,
//    ReplicaSet, StatefulSet, ReplicationController).
//
// Thread safety: implementations must be safe from any thread.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "api/labels/selector.h"
#include "base/status.h"
#include "client/api_client.h"

namespace kubepp::controllers::podautoscaler {

class MetricsSource {
 public:
  virtual ~MetricsSource() = default;
  // Usage of `resource` ("cpu", "memory") by each pod of `ns` that matches
  // `selector`, in milli-units, by pod name.
  virtual StatusOr<std::map<std::string, int64_t>> PodUsageMilli(const std::string& ns,
                                                                 const api::LabelSelector& selector,
                                                                 const std::string& resource) = 0;
};

// Lists the PodMetrics of the namespace matching the selector; a pod's usage
// is the sum of its containers' (MilliValue, so 1n of CPU counts as 1m). A
// pod missing the resource in any container is left out; no PodMetrics at
// all is NotFound "unable to get metrics for resource <r>: no metrics
// returned from resource metrics API".
std::unique_ptr<MetricsSource> ApiMetrics(client::ApiClient& client);
std::unique_ptr<MetricsSource> NoMetrics();

struct TargetRef {
  std::string api_version, kind, name;
};

struct Scale {
  int64_t spec_replicas = 0;
  int64_t status_replicas = 0;
  std::string selector;  // label selector text
};

class ScaleClient {
 public:
  virtual ~ScaleClient() = default;
  virtual StatusOr<Scale> Get(const std::string& ns, const TargetRef& target) = 0;
  virtual Status SetReplicas(const std::string& ns, const TargetRef& target, int64_t replicas) = 0;
};

// Reads the target object and writes through its scale subresource.
std::unique_ptr<ScaleClient> ApiScaleClient(client::ApiClient& client);

}  // namespace kubepp::controllers::podautoscaler
