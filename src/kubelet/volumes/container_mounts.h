// The bind mounts of one container, as upstream's kubelet makeMounts
// (v1.32): one per volumeMount, in order, then the pod's /etc/hosts.
//
//   readOnly     the mount's own flag, or forced by the volume (configMap,
//                secret, downwardAPI, projected, read-only claims)
//   subPath      a path inside the volume; created (with the volume
//                directory's mode) when missing; refused when absolute
//                ("error SubPath `/x` must not be an absolute path") or
//                stepping out ("unable to provision SubPath `../x`: must
//                not contain '..'"), and refused when links inside the
//                volume lead out of it. As upstream does, the runtime is
//                not given the path itself, which a container could swap
//                for a link before the runtime mounts it, but a bind mount
//                of it made through a descriptor opened without following
//                links: <pod>/volume-subpaths/<volume>/<container>/<index>.
//                It stays until the pod is torn down and is reused when
//                the container restarts.
//   subPathExpr  the same after $(VAR) expansion with the container's env
//   /etc/hosts   when the pod has an IP or uses the host network, unless a
//                volumeMount already targets /etc/hosts
//
// The termination-log mount is made separately (termination_log.h)
// because it changes with every container start.
// Thread safety: pure functions over the file system.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "base/status.h"
#include "kubelet/container/env.h"
#include "kubelet/volumes/container_mount.h"
#include "kubelet/volumes/mounter.h"
#include "kubelet/volumes/volume_manager.h"

namespace kubepp::kubelet::volumes {

struct MountContext {
  std::string pod_dir;   // KubeletDirs::PodDir(uid): where etc-hosts is written
  std::string hostname;  // from PodHostnameAndDomain
  std::string host_domain;
  std::vector<std::string> pod_ips;
  std::vector<container::EnvVar> env;          // the container's environment, for subPathExpr
  std::string node_hosts_file = "/etc/hosts";  // what hostNetwork pods see
  Mounter* mounter = nullptr;  // pins subPaths; REQUIRES: set when a volumeMount has a subPath
};

StatusOr<std::vector<Mount>> MakeMounts(const boost::json::object& pod,
                                        const boost::json::object& container,
                                        const PodVolumes& volumes, const MountContext& context);

}  // namespace kubepp::kubelet::volumes
