// The CRI configuration of one container (upstream's
// generateContainerConfig): identity, image, command and args, env, mounts,
// log path, stdin/tty, Linux resources and the security context merged from
// the pod's and the container's.
//
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"
#include "cri/v1/api.pb.h"
#include "kubelet/kuberuntime/pod_environment.h"

namespace kubepp::kubelet {

struct ContainerConfigInputs {
  const boost::json::object* pod = nullptr;
  const boost::json::object* container = nullptr;
  int restart_count = 0;
  std::string image_ref;  // the pulled image to run
  std::vector<std::string> command, args;
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<ContainerMount> mounts;
  ContainerResources resources;
  std::string termination_message_path;  // host file mounted at the container's path
  std::string seccomp_profile_root;      // where Localhost seccomp profiles live
};

// Fails with the CreateContainerConfigError message upstream gives when the
// security context cannot be honoured (runAsNonRoot with uid 0, a Localhost
// seccomp profile without its name).
StatusOr<runtime::v1::ContainerConfig> MakeContainerConfig(const ContainerConfigInputs& in);

}  // namespace kubepp::kubelet
