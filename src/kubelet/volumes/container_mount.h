// Mount: one bind mount of a node path into a container, in the terms the
// runtime is given (CRI's Mount message); the kubelet converts it.
// A plain value.
#pragma once

#include <string>

namespace kubepp::kubelet::volumes {

enum class MountPropagation {
  kPrivate,          // mountPropagation None or unset
  kHostToContainer,  // rslave
  kBidirectional,    // rshared
};

struct Mount {
  std::string name;            // the volume's name ("k8s-managed-etc-hosts" for /etc/hosts)
  std::string container_path;  // absolute path inside the container
  std::string host_path;       // absolute path on the node
  bool read_only = false;
  bool selinux_relabel = false;
  MountPropagation propagation = MountPropagation::kPrivate;
  bool operator==(const Mount&) const = default;
};

}  // namespace kubepp::kubelet::volumes
