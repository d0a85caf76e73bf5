// What a container's configuration needs from outside the runtime: its
// environment (ConfigMaps, Secrets, Services, the downward API), its
// mounts (volumes set up on the node), its Linux resources and the
// credentials to pull its image. The kubelet implements it over the API
// and the volume manager; tests substitute their own.
//
// Thread safety: implementations are called from pod workers concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"

namespace kubepp::kubelet {

struct ContainerMount {
  std::string container_path;
  std::string host_path;
  bool read_only = false;
  // "None" (private), "HostToContainer" (rslave), "Bidirectional" (rshared).
  std::string propagation = "None";
};

struct ContainerRunSpec {
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<std::string> command, args;
};

struct ContainerResources {
  int64_t cpu_period = 0;
  int64_t cpu_quota = 0;
  int64_t cpu_shares = 0;
  int64_t memory_limit_bytes = 0;
  int64_t oom_score_adj = 0;
};

// One entry of a docker config in an image pull Secret.
struct RegistryAuth {
  std::string server;  // the location it was written for: "127.0.0.1:5000", "https://index.docker.io/v1/"
  std::string username, password;
};

// The registry credentials of a pod (upstream's getPullSecretsForPod).
struct PodPullSecrets {
  std::vector<RegistryAuth> credentials;  // every entry of every readable pull Secret, in order
  std::vector<std::string> missing;       // names of the pull Secrets that could not be read
};

class PodEnvironment {
 public:
  virtual ~PodEnvironment() = default;
  // Sets up (or refreshes: ConfigMap and Secret contents) the pod's volumes
  // on the node; runs before any container of the pod starts.
  virtual Status SetUpVolumes(const boost::json::object& pod) = 0;
  // Unmounts and removes everything the pod had on the node.
  virtual Status TearDownPod(const std::string& uid) = 0;
  // Unmounts and removes the pod's volumes only: its containers have
  // stopped for good (phase Succeeded or Failed) but it is not deleted yet.
  virtual Status TearDownVolumes(const std::string& uid) = 0;
  // Environment variables in order and command and args, with $(VAR)
  // references expanded; an error (a missing ConfigMap or key) is a
  // CreateContainerConfigError.
  virtual StatusOr<ContainerRunSpec> RunSpec(const boost::json::object& pod, const boost::json::object& container,
                                             const std::string& pod_ip) = 0;
  // Volumes of the pod mounted into `container` (the pod's volumes are set
  // up before any container starts), plus /etc/hosts and the termination
  // message file.
  virtual StatusOr<std::vector<ContainerMount>> Mounts(const boost::json::object& pod,
                                                       const boost::json::object& container,
                                                       const std::string& pod_ip) = 0;
  virtual ContainerResources Resources(const boost::json::object& pod, const boost::json::object& container) = 0;
  // The pod's cgroup parent ("/kubepods/burstable/pod<uid>").
  virtual std::string CgroupParent(const boost::json::object& pod) = 0;
  // Credentials from the pod's spec.imagePullSecrets (admission copies its
  // ServiceAccount's there when the pod names none).
  virtual PodPullSecrets PullCredentials(const boost::json::object& pod) = 0;
  // The host file a container's termination message is written to.
  virtual std::string TerminationMessagePath(const boost::json::object& pod, const boost::json::object& container,
                                             int restart_count) = 0;
};

}  // namespace kubepp::kubelet
