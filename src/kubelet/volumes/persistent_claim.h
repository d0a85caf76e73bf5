// persistentVolumeClaim (and generic ephemeral) volumes: the claim is
// resolved to its bound PersistentVolume, as upstream's volume manager
// populator does (v1.32, messages included), and the volume's node path is
// bind-mounted. This kubelet mounts PersistentVolumes backed by a node
// path: hostPath (with its type check) and local.
//
//   "error processing PVC ns/data: PVC is not bound"
//   "error processing PVC ns/data: failed to fetch PV pv-1 from API server: ..."
//
// Thread safety: as the ObjectGetter given.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "base/status.h"
#include "kubelet/object_getter.h"

namespace kubepp::kubelet::volumes {

struct ClaimedVolume {
  std::string plugin;  // kHostPathPlugin or kLocalVolumePlugin
  std::string pv_name;
  std::string host_path;       // what containers bind-mount
  std::string host_path_type;  // the hostPath PV's type check ("" for none)
  std::string volume_mode;     // "Filesystem" or "Block"
  bool read_only = false;      // from the pod's claim source
};

// `ephemeral_for_pod`: the claim of a generic ephemeral volume, which must
// be controlled by this pod ("PVC ns/x was not created for pod ns/p (pod is
// not owner)").
StatusOr<ClaimedVolume> ResolveClaim(const boost::json::object& pod, const std::string& claim_name,
                                     bool read_only, bool ephemeral_for_pod, ObjectGetter& getter);

}  // namespace kubepp::kubelet::volumes
