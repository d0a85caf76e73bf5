#include "kubelet/volumes/volume_manager.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>

#include "base/log.h"
#include "client/object.h"
#include "kubelet/pod_fields.h"
#include "kubelet/volumes/empty_dir.h"
#include "kubelet/volumes/host_path.h"
#include "kubelet/volumes/payload.h"
#include "kubelet/volumes/persistent_claim.h"
#include "kubelet/volumes/projected.h"
#include "kubelet/volumes/safe_fs.h"
#include "kubelet/volumes/volume_ownership.h"

namespace kubepp::kubelet::volumes {
namespace {

// os.MkdirAll: missing parents too.
Status MakeDir(const std::string& path, mode_t mode) {
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i != path.size() && path[i] != '/') continue;
    std::string prefix = path.substr(0, i);
    if (::mkdir(prefix.c_str(), mode) != 0 && errno != EEXIST) {
      return Status::Internal("mkdir " + prefix + ": " + std::strerror(errno));
    }
  }
  return Status::Ok();
}

// A UID is one path component; anything else would let a bad UID reach
// outside the pods directory.
bool SafeUid(std::string_view uid) {
  return !uid.empty() && uid != "." && uid != ".." && uid.find('/') == std::string_view::npos;
}

bool MountedByAnyContainer(const boost::json::object& pod, std::string_view volume,
                           std::string_view list) {
  for (const ContainerRef& ref : ContainersAndInitContainers(pod)) {
    if (const boost::json::array* mounts = Arr(ref.container, list)) {
      for (const auto& m : *mounts) {
        if (m.is_object() && Str(&m.get_object(), "name") == volume) return true;
      }
    }
  }
  return false;
}

// spec.securityContext.fsGroup.
std::optional<int64_t> FsGroup(const boost::json::object& pod) {
  const boost::json::value* group = Field(Obj(Obj(&pod, "spec"), "securityContext"), "fsGroup");
  if (group == nullptr || !group->is_int64()) return std::nullopt;
  return group->get_int64();
}

std::optional<int64_t> QuantityBytes(const boost::json::object* source, std::string_view field) {
  const boost::json::value* v = Field(source, field);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  StatusOr<api::Quantity> q = api::Quantity::Parse(v->get_string());
  if (!q.ok()) return std::nullopt;
  return q->Value();
}

}  // namespace

VolumeManager::VolumeManager(VolumeManagerOptions options, ObjectGetter& getter,
                             TokenRequester* tokens, Mounter& mounter, Clock& clock)
    : options_(std::move(options)),
      dirs_(options_.root_dir),
      getter_(getter),
      tokens_(tokens),
      mounter_(mounter),
      clock_(clock) {}

std::optional<int64_t> VolumeManager::AllocatableMemory() const {
  auto it = options_.node_allocatable.find("memory");
  if (it == options_.node_allocatable.end()) return std::nullopt;
  return it->second.Value();
}

StatusOr<PodVolumes> VolumeManager::SetUpPod(const boost::json::object& pod) {
  std::string uid(client::UidOf(pod));
  if (!SafeUid(uid)) return Status::Invalid("pod has no usable metadata.uid: \"" + uid + "\"");
  KUBEPP_RETURN_IF_ERROR(MakeDir(dirs_.PodDir(uid), 0750));
  KUBEPP_RETURN_IF_ERROR(MakeDir(dirs_.PodVolumesDir(uid), 0750));
  KUBEPP_RETURN_IF_ERROR(MakeDir(dirs_.PodPluginsDir(uid), 0750));

  PodVolumes out;
  std::vector<Status> errors;
  if (const boost::json::array* volumes = Arr(Obj(&pod, "spec"), "volumes")) {
    for (const auto& v : *volumes) {
      if (!v.is_object()) continue;
      const boost::json::object& volume = v.get_object();
      std::string name = Str(&volume, "name");
      StatusOr<PodVolume> set_up = SetUpVolume(pod, volume);
      if (!set_up.ok()) {
        errors.emplace_back(
            set_up.status().reason(),
            "MountVolume.SetUp failed for volume \"" + name + "\" : " + set_up.status().message());
        continue;
      }
      out[name] = std::move(*set_up);
    }
  }
  if (!errors.empty()) return AggregateErrors(errors);
  return out;
}

Status VolumeManager::PublishPayload(const boost::json::object& pod, const std::string& volume_name,
                                     const std::string& dir, bool memory, const Payload& payload) {
  std::optional<int64_t> size;
  if (memory) size = EmptyDirMemorySize(AllocatableMemory(), pod, std::nullopt);
  KUBEPP_RETURN_IF_ERROR(SetUpEmptyDir(
      dir, memory ? StorageMedium::kMemory : StorageMedium::kDefault, size, mounter_));
  struct stat st;
  bool first = ::lstat((dir + "/" + std::string(kDataDirName)).c_str(), &st) != 0;
  std::string context = "pod " + std::string(client::NamespaceOf(pod)) + "/" +
                        std::string(client::NameOf(pod)) + " volume " + volume_name;
  AtomicWriter writer(dir, context, clock_);
  std::function<Status()> set_perms;
  if (std::optional<int64_t> group = FsGroup(pod)) {
    // These volumes are read-only to containers: group read, not write.
    set_perms = [&dir, group] { return SetVolumeOwnership(dir, *group, true, false); };
  }
  Status written = writer.Write(payload, set_perms);
  if (!written.ok() && first) {
    // Leave nothing half made behind; a volume that was running keeps its
    // last good content instead.
    if (memory) mounter_.Unmount(dir);
    RemoveAllNoFollow(dir);
  }
  return written;
}

StatusOr<PodVolume> VolumeManager::SetUpVolume(const boost::json::object& pod,
                                               const boost::json::object& volume) {
  std::string uid(client::UidOf(pod));
  std::string ns(client::NamespaceOf(pod));
  PodVolume out;
  out.name = Str(&volume, "name");

  if (const boost::json::object* source = Obj(&volume, "emptyDir")) {
    StatusOr<StorageMedium> medium = ParseStorageMedium(Str(source, "medium"));
    if (!medium.ok()) return medium.status();
    out.plugin = std::string(kEmptyDirPlugin);
    out.host_path = dirs_.PodVolumeDir(uid, out.plugin, out.name);
    out.selinux_relabel = true;
    std::optional<int64_t> size;
    if (*medium == StorageMedium::kMemory) {
      size = EmptyDirMemorySize(AllocatableMemory(), pod, QuantityBytes(source, "sizeLimit"));
    }
    struct stat st;
    bool created = ::lstat(out.host_path.c_str(), &st) != 0;
    KUBEPP_RETURN_IF_ERROR(SetUpEmptyDir(out.host_path, *medium, size, mounter_));
    ApplyFsGroupOnce(pod, out, created);
    return out;
  }

  if (const boost::json::object* source = Obj(&volume, "hostPath")) {
    out.plugin = std::string(kHostPathPlugin);
    out.host_path = Str(source, "path");
    KUBEPP_RETURN_IF_ERROR(SetUpHostPath(out.host_path, Str(source, "type")));
    return out;
  }

  if (const boost::json::object* source = Obj(&volume, "configMap")) {
    out.plugin = std::string(kConfigMapPlugin);
    out.host_path = dirs_.PodVolumeDir(uid, out.plugin, out.name);
    out.read_only = true;
    out.selinux_relabel = true;
    bool optional = Bool(source, "optional").value_or(false);
    boost::json::object config_map;
    StatusOr<client::ObjectPtr> got = getter_.Get(ObjectKind::kConfigMap, ns, Str(source, "name"));
    if (got.ok()) {
      config_map = **got;
    } else if (!(got.status().IsNotFound() && optional)) {
      return got.status();
    }
    StatusOr<Payload> payload =
        ConfigMapPayload(Arr(source, "items"), config_map,
                         ModeOr(source, "defaultMode", kDefaultFileMode), optional);
    if (!payload.ok()) return payload.status();
    KUBEPP_RETURN_IF_ERROR(PublishPayload(pod, out.name, out.host_path, false, *payload));
    return out;
  }

  if (const boost::json::object* source = Obj(&volume, "secret")) {
    out.plugin = std::string(kSecretPlugin);
    out.host_path = dirs_.PodVolumeDir(uid, out.plugin, out.name);
    out.read_only = true;
    out.selinux_relabel = true;
    bool optional = Bool(source, "optional").value_or(false);
    boost::json::object secret;
    StatusOr<client::ObjectPtr> got =
        getter_.Get(ObjectKind::kSecret, ns, Str(source, "secretName"));
    if (got.ok()) {
      secret = **got;
    } else if (!(got.status().IsNotFound() && optional)) {
      return got.status();
    }
    StatusOr<Payload> payload = SecretPayload(
        Arr(source, "items"), secret, ModeOr(source, "defaultMode", kDefaultFileMode), optional);
    if (!payload.ok()) return payload.status();
    KUBEPP_RETURN_IF_ERROR(PublishPayload(pod, out.name, out.host_path, true, *payload));
    return out;
  }

  if (const boost::json::object* source = Obj(&volume, "downwardAPI")) {
    out.plugin = std::string(kDownwardApiPlugin);
    out.host_path = dirs_.PodVolumeDir(uid, out.plugin, out.name);
    out.read_only = true;
    out.selinux_relabel = true;
    StatusOr<Payload> payload = DownwardApiPayload(Arr(source, "items"), pod,
                                                   ModeOr(source, "defaultMode", kDefaultFileMode),
                                                   options_.node_allocatable);
    if (!payload.ok()) return payload.status();
    KUBEPP_RETURN_IF_ERROR(PublishPayload(pod, out.name, out.host_path, false, *payload));
    return out;
  }

  if (const boost::json::object* source = Obj(&volume, "projected")) {
    out.plugin = std::string(kProjectedPlugin);
    out.host_path = dirs_.PodVolumeDir(uid, out.plugin, out.name);
    out.read_only = true;
    out.selinux_relabel = true;
    StatusOr<Payload> payload =
        ProjectedPayload(*source, pod, getter_, tokens_, options_.node_allocatable);
    if (!payload.ok()) return payload.status();
    KUBEPP_RETURN_IF_ERROR(PublishPayload(pod, out.name, out.host_path, true, *payload));
    return out;
  }

  const boost::json::object* claim = Obj(&volume, "persistentVolumeClaim");
  bool ephemeral = Obj(&volume, "ephemeral") != nullptr;
  if (claim != nullptr || ephemeral) {
    std::string claim_name =
        ephemeral ? std::string(client::NameOf(pod)) + "-" + out.name : Str(claim, "claimName");
    bool read_only = claim != nullptr && Bool(claim, "readOnly").value_or(false);
    StatusOr<ClaimedVolume> claimed = ResolveClaim(pod, claim_name, read_only, ephemeral, getter_);
    if (!claimed.ok()) return claimed.status();
    if (claimed->volume_mode != "Filesystem") {
      if (MountedByAnyContainer(pod, out.name, "volumeMounts")) {
        return Status::Invalid("volume " + out.name + " has volumeMode " + claimed->volume_mode +
                               ", but is specified in volumeMounts");
      }
      return Status::Invalid("volume " + out.name + " has volumeMode " + claimed->volume_mode +
                             ": block volumes are not supported by this kubelet");
    }
    if (MountedByAnyContainer(pod, out.name, "volumeDevices")) {
      return Status::Invalid("volume " + out.name +
                             " has volumeMode Filesystem, but is specified in volumeDevices");
    }
    if (claimed->plugin == kHostPathPlugin) {
      KUBEPP_RETURN_IF_ERROR(SetUpHostPath(claimed->host_path, claimed->host_path_type));
    }
    out.plugin = claimed->plugin;
    out.host_path = claimed->host_path;
    out.read_only = claimed->read_only;
    ApplyFsGroupOnce(pod, out, false);
    return out;
  }

  return Status::Invalid("no volume plugin matched");
}

void VolumeManager::ApplyFsGroupOnce(const boost::json::object& pod, const PodVolume& volume,
                                     bool created) {
  std::optional<int64_t> group = FsGroup(pod);
  if (!group) return;
  auto log_failure = [&](const Status& st) {
    if (!st.ok()) {
      KLOG(ERROR) << "volume " << volume.name << " of pod " << client::KeyOf(pod)
                  << ": fsGroup: " << st.message();
    }
  };
  if (volume.plugin == kEmptyDirPlugin) {
    // An emptyDir found on disk was given its group when it was made.
    if (created) log_failure(SetVolumeOwnership(volume.host_path, *group, false, false));
    return;
  }
  if (volume.plugin != kLocalVolumePlugin || volume.read_only) return;
  std::string key = std::string(client::UidOf(pod)) + "/" + volume.name;
  {
    std::lock_guard lock(owned_mu_);
    if (owned_.count(key) != 0) return;
  }
  std::string policy = Str(Obj(Obj(&pod, "spec"), "securityContext"), "fsGroupChangePolicy");
  Status st = SetVolumeOwnership(volume.host_path, *group, false, policy == "OnRootMismatch");
  log_failure(st);
  if (!st.ok()) return;
  std::lock_guard lock(owned_mu_);
  owned_.insert(std::move(key));
}

void VolumeManager::ForgetOwned(const std::string& pod_uid) {
  std::lock_guard lock(owned_mu_);
  std::string prefix = pod_uid + "/";
  for (auto it = owned_.lower_bound(prefix); it != owned_.end() && it->rfind(prefix, 0) == 0;)
    it = owned_.erase(it);
}

Status VolumeManager::TearDownPod(const std::string& pod_uid) {
  if (!SafeUid(pod_uid)) return Status::Invalid("not a pod UID: \"" + pod_uid + "\"");
  ForgetOwned(pod_uid);
  return UnmountAndRemove(pod_uid, dirs_.PodDir(pod_uid));
}

Status VolumeManager::TearDownVolumes(const std::string& pod_uid) {
  if (!SafeUid(pod_uid)) return Status::Invalid("not a pod UID: \"" + pod_uid + "\"");
  ForgetOwned(pod_uid);
  // The pinned subPaths first: they are mounts of the volumes' contents.
  Status subpaths = UnmountAndRemove(pod_uid, dirs_.PodDir(pod_uid) + "/volume-subpaths");
  if (!subpaths.ok()) return subpaths;
  return UnmountAndRemove(pod_uid, dirs_.PodVolumesDir(pod_uid));
}

Status VolumeManager::UnmountAndRemove(const std::string& pod_uid, const std::string& dir) {
  // Gone already (a finished pod is synced again and again): nothing is
  // mounted below it, and the mount table need not be read.
  struct stat st;
  if (::lstat(dir.c_str(), &st) != 0 && errno == ENOENT) return Status::Ok();
  std::string prefix = dir + "/";
  auto mounts_below = [&]() -> StatusOr<std::vector<std::string>> {
    StatusOr<std::vector<MountPoint>> mounts = mounter_.List();
    if (!mounts.ok()) return mounts.status();
    std::vector<std::string> out;
    for (const MountPoint& m : *mounts) {
      if (m.path.compare(0, prefix.size(), prefix) == 0) out.push_back(m.path);
    }
    // Deepest first, and stacked mounts once per layer.
    std::sort(out.begin(), out.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    return out;
  };
  StatusOr<std::vector<std::string>> mounted = mounts_below();
  if (!mounted.ok()) return mounted.status();
  for (const std::string& path : *mounted) {
    Status st = mounter_.Unmount(path);
    if (!st.ok()) KLOG(WARNING) << "tearing down pod " << pod_uid << ": " << st.message();
  }
  StatusOr<std::vector<std::string>> left = mounts_below();
  if (!left.ok()) return left.status();
  if (!left->empty())
    return Status::Internal("pod " + pod_uid + " still has a mount at " + left->front());
  return RemoveAllNoFollow(dir);
}

StatusOr<std::vector<std::string>> VolumeManager::PodsOnDisk() const {
  std::vector<std::string> out;
  std::string pods_dir = dirs_.PodsDir();
  DIR* dir = ::opendir(pods_dir.c_str());
  if (dir == nullptr) {
    if (errno == ENOENT) return out;
    return Status::Internal("read " + pods_dir + ": " + std::strerror(errno));
  }
  while (dirent* e = ::readdir(dir)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    struct stat st;
    if (::lstat((pods_dir + "/" + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      out.push_back(std::move(name));
  }
  ::closedir(dir);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kubepp::kubelet::volumes
