// ApiPodEnvironment: the PodEnvironment of a real kubelet — environment
// variables from the API (ConfigMaps, Secrets, Services, the downward API),
// Linux resources and cgroups from the node's capacity, pull credentials
// from Secrets, and the pod's files on the node (volumes, termination
// message files) under the kubelet's root dir.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "client/api_client.h"
#include "client/informer.h"
#include "kubelet/fieldpath/resource_field.h"
#include "kubelet/kuberuntime/pod_environment.h"
#include "kubelet/object_getter.h"

namespace kubepp::kubelet {

struct NodeFacts {
  std::vector<std::string> host_ips;
  int64_t memory_capacity = 0;  // bytes
  std::string cluster_domain = "cluster.local";
  fieldpath::ResourceList allocatable;
};

class ApiPodEnvironment : public PodEnvironment {
 public:
  // `client` and `services` (a Service informer) must outlive this object.
  ApiPodEnvironment(client::ApiClient& client, client::Informer& services, std::string root_dir, NodeFacts node);
  ~ApiPodEnvironment() override;

  Status SetUpVolumes(const boost::json::object& pod) override;
  Status TearDownPod(const std::string& uid) override;
  Status TearDownVolumes(const std::string& uid) override;
  StatusOr<ContainerRunSpec> RunSpec(const boost::json::object& pod, const boost::json::object& container,
                                     const std::string& pod_ip) override;
  StatusOr<std::vector<ContainerMount>> Mounts(const boost::json::object& pod, const boost::json::object& container,
                                               const std::string& pod_ip) override;
  ContainerResources Resources(const boost::json::object& pod, const boost::json::object& container) override;
  std::string CgroupParent(const boost::json::object& pod) override;
  PodPullSecrets PullCredentials(const boost::json::object& pod) override;
  std::string TerminationMessagePath(const boost::json::object& pod, const boost::json::object& container,
                                     int restart_count) override;

 private:
  struct Volumes;
  client::Informer& services_;
  const std::string root_dir_;
  const NodeFacts node_;
  std::unique_ptr<ObjectGetter> getter_;
  std::unique_ptr<Volumes> volumes_;
};

}  // namespace kubepp::kubelet
