// The API resources the scheduler reads and writes, spelled out so the
// scheduler needs nothing from the served catalog at run time.
#pragma once

#include "client/resource.h"

namespace kubepp::scheduler::framework {

inline const client::Resource& PodsResource() {
  static const client::Resource r{"", "v1", "pods", "Pod", true};
  return r;
}
inline const client::Resource& NodesResource() {
  static const client::Resource r{"", "v1", "nodes", "Node", false};
  return r;
}
inline const client::Resource& NamespacesResource() {
  static const client::Resource r{"", "v1", "namespaces", "Namespace", false};
  return r;
}
inline const client::Resource& PdbResource() {
  static const client::Resource r{"policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true};
  return r;
}

inline const client::Resource& PriorityClassResource() {
  static const client::Resource r{"scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false};
  return r;
}

inline const client::Resource& PvcResource() {
  static const client::Resource r{"", "v1", "persistentvolumeclaims", "PersistentVolumeClaim",
                                  true};
  return r;
}
inline const client::Resource& PvResource() {
  static const client::Resource r{"", "v1", "persistentvolumes", "PersistentVolume", false};
  return r;
}
inline const client::Resource& StorageClassResource() {
  static const client::Resource r{"storage.k8s.io", "v1", "storageclasses", "StorageClass", false};
  return r;
}

}  // namespace kubepp::scheduler::framework
