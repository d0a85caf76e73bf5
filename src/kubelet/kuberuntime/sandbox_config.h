// The CRI sandbox configuration of a pod (upstream's
// generatePodSandboxConfig): identity, hostname, log directory, resolv.conf
// by dnsPolicy, hostPorts, namespaces (hostNetwork, hostPID, hostIPC,
// shareProcessNamespace), the pod-level security context and cgroup.
//
// Pure functions (reading the node's resolv.conf aside); safe from any thread.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "cri/v1/api.pb.h"

namespace kubepp::kubelet {

struct SandboxConfigOptions {
  std::string log_root;
  std::vector<std::string> cluster_dns;
  std::string cluster_domain = "cluster.local";
  std::string resolv_conf = "/etc/resolv.conf";
  std::string cgroup_parent;
  std::string seccomp_profile_root;  // where Localhost seccomp profiles live
};

// <log_root>/<ns>_<name>_<uid>
std::string PodLogDirectory(const std::string& log_root, const boost::json::object& pod);

runtime::v1::PodSandboxConfig MakeSandboxConfig(const boost::json::object& pod, uint32_t attempt,
                                                const SandboxConfigOptions& options);

// The pod's resolv.conf contents as CRI wants them, by dnsPolicy.
runtime::v1::DNSConfig MakeDnsConfig(const boost::json::object& pod, const SandboxConfigOptions& options);

}  // namespace kubepp::kubelet
