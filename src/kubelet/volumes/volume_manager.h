// VolumeManager: sets up the volumes of a pod on this node and tears them
// down, the part of upstream's kubelet volume manager and in-tree plugins
// that kubepp runs (v1.32 layout and behaviour):
//
//   emptyDir        <pod>/volumes/kubernetes.io~empty-dir/<name> (tmpfs for Memory)
//   hostPath        the node path itself, after its type check
//   configMap       kubernetes.io~configmap/<name>, written by AtomicWriter
//   secret          kubernetes.io~secret/<name>, on tmpfs
//   downwardAPI     kubernetes.io~downward-api/<name>
//   projected       kubernetes.io~projected/<name>, on tmpfs
//   persistentVolumeClaim, ephemeral   the bound PV's hostPath or local path
//
// SetUpPod is meant to be called again and again for a running pod (the
// kubelet's periodic sync): emptyDirs are left alone, while configMap,
// secret, downwardAPI and projected volumes are refreshed in place and
// atomically, so containers see updates without a restart.
//
// With securityContext.fsGroup, volumes the kubelet manages belong to that
// group (volume_ownership.h): emptyDirs when created, configMap, secret,
// downwardAPI and projected volumes at every new version, local volumes
// (not read-only) once per pod and as fsGroupChangePolicy says; hostPath
// volumes never, as upstream.
//
// A failure names its volume as upstream's events do:
//   MountVolume.SetUp failed for volume "config" : configmap "app" not found
// Every volume is attempted; the errors of all failing ones are returned
// together, and the pod must not start until SetUpPod succeeds.
//
// Thread safety: calls for one pod must not overlap (the pod worker
// serializes them); calls for different pods may run concurrently.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "kubelet/fieldpath/resource_field.h"
#include "kubelet/object_getter.h"
#include "kubelet/volumes/atomic_writer.h"
#include "kubelet/volumes/mounter.h"
#include "kubelet/volumes/service_account_token.h"
#include "kubelet/volumes/volume_paths.h"

namespace kubepp::kubelet::volumes {

struct VolumeManagerOptions {
  std::string root_dir;  // the kubelet's --root-dir
  // Sizes memory-backed volumes and answers downward API limits that a
  // container does not set.
  fieldpath::ResourceList node_allocatable;
};

// A volume ready to be bind-mounted into containers.
struct PodVolume {
  std::string name;              // the pod's volume name
  std::string plugin;            // "kubernetes.io/configmap", ...
  std::string host_path;         // the node path containers mount
  bool read_only = false;        // the plugin mounts it read-only whatever the container asks
  bool selinux_relabel = false;  // a volume the kubelet manages (not a node path)
};
using PodVolumes = std::map<std::string, PodVolume>;

class VolumeManager {
 public:
  // `getter` and `mounter` must outlive the manager; `tokens` may be null
  // (then serviceAccountToken projections fail).
  VolumeManager(VolumeManagerOptions options, ObjectGetter& getter, TokenRequester* tokens,
                Mounter& mounter, Clock& clock = Clock::Real());

  // Creates the pod's directories and sets up (or refreshes) every volume.
  StatusOr<PodVolumes> SetUpPod(const boost::json::object& pod);

  // Unmounts every mount below the pod's directory (tmpfs volumes, pinned
  // subPaths) and removes it, never following links out of it. OK when it
  // does not exist. A TokenCache given as `tokens` keeps the pod's tokens
  // until its ForgetPod is called.
  Status TearDownPod(const std::string& pod_uid);
  // The same for the pod's volumes and pinned subPaths only, once its
  // containers have stopped for good (a pod in phase Succeeded or Failed
  // keeps its directory, etc-hosts and termination logs until it is deleted,
  // but not its volumes' data, as upstream).
  Status TearDownVolumes(const std::string& pod_uid);

  // The UIDs of the pods that have a directory on disk, so that the kubelet
  // can tear down those it no longer runs.
  StatusOr<std::vector<std::string>> PodsOnDisk() const;

  const KubeletDirs& dirs() const { return dirs_; }

 private:
  StatusOr<PodVolume> SetUpVolume(const boost::json::object& pod,
                                  const boost::json::object& volume);
  // Prepares `dir` (tmpfs when `memory`) and writes `payload` into it; a
  // volume that fails its first write is removed again.
  Status PublishPayload(const boost::json::object& pod, const std::string& volume_name,
                        const std::string& dir, bool memory, const Payload& payload);
  // fsGroup ownership (volume_ownership.h) of a volume set up for the first
  // time: emptyDirs when created, local volumes once per pod.
  void ApplyFsGroupOnce(const boost::json::object& pod, const PodVolume& volume, bool created);
  void ForgetOwned(const std::string& pod_uid);
  std::optional<int64_t> AllocatableMemory() const;
  // Unmounts every mount below `dir` (of the pod), deepest first, then
  // removes `dir` without following links out of it.
  Status UnmountAndRemove(const std::string& pod_uid, const std::string& dir);

  const VolumeManagerOptions options_;
  const KubeletDirs dirs_;
  ObjectGetter& getter_;
  TokenRequester* tokens_;
  Mounter& mounter_;
  Clock& clock_;

  std::mutex owned_mu_;
  // "<uid>/<volume>" of local volumes given the pod's fsGroup; guarded by owned_mu_
  std::set<std::string> owned_;
};

}  // namespace kubepp::kubelet::volumes
