// DiskReclaimer: disk the node can free without evicting pods — dead
// containers and unused images (upstream's ContainerGC and ImageGC as the
// eviction manager calls them). Under disk pressure the eviction manager
// asks for both first, measures again, and evicts pods only if the
// thresholds are still met.
//
// Thread safety: implementations may be called from the eviction manager's
// thread while the pod workers run.
#pragma once

#include "base/status.h"

namespace kubepp::kubelet::eviction {

class DiskReclaimer {
 public:
  virtual ~DiskReclaimer() = default;
  // Removes exited containers (keeping what a running pod's status still
  // shows) and everything left of finished pods.
  virtual Status DeleteAllUnusedContainers() = 0;
  // Removes images no container uses.
  virtual Status DeleteUnusedImages() = 0;
};

}  // namespace kubepp::kubelet::eviction
