#include "kubelet/volumes/container_mounts.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "api/validation/field_errors.h"
#include "base/go_quote.h"
#include "base/log.h"
#include "kubelet/container/env_expansion.h"
#include "kubelet/pod_fields.h"
#include "kubelet/volumes/hosts_file.h"
#include "kubelet/volumes/safe_fs.h"

namespace kubepp::kubelet::volumes {
namespace {

constexpr char kEtcHostsPath[] = "/etc/hosts";


bool HasBackstep(std::string_view path) {
  size_t i = 0;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash - i == 2 && path.substr(i, 2) == "..") return true;
    i = slash + 1;
  }
  return false;
}

StatusOr<MountPropagation> Propagation(const boost::json::object& mount) {
  const boost::json::value* v = Field(&mount, "mountPropagation");
  if (v == nullptr || v->is_null()) return MountPropagation::kPrivate;
  std::string mode = v->is_string() ? std::string(v->get_string()) : "";
  if (mode == "HostToContainer") return MountPropagation::kHostToContainer;
  if (mode == "Bidirectional") return MountPropagation::kBidirectional;
  if (mode == "None") return MountPropagation::kPrivate;
  return Status::Invalid("invalid MountPropagation mode: " + GoQuote(mode));
}

Status MkdirAll(const std::string& path, mode_t mode) {
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i != path.size() && path[i] != '/') continue;
    std::string prefix = path.substr(0, i);
    if (::mkdir(prefix.c_str(), mode) != 0 && errno != EEXIST) {
      return Status::Internal("mkdir " + prefix + ": " + std::strerror(errno));
    }
  }
  return Status::Ok();
}

// Bind-mounts the (already resolved) subPath `resolved` of `volume_path` on
// `target`, through a descriptor opened without following links, so that
// what the runtime later mounts is exactly what was checked.
Status PinSubPath(const std::string& volume_path, const std::string& resolved,
                  const std::string& target, Mounter& mounter) {
  StatusOr<std::vector<MountPoint>> mounts = mounter.List();
  if (!mounts.ok()) return mounts.status();
  if (MountAt(*mounts, target)) return Status::Ok();  // pinned on an earlier start

  StatusOr<std::string> real_volume = ResolveWithin(volume_path, "");
  if (!real_volume.ok()) return real_volume.status();
  StatusOr<int> fd = OpenWithinNoFollow(*real_volume, resolved);
  if (!fd.ok()) return fd.status();
  struct stat st;
  if (::fstat(*fd, &st) != 0) {
    Status err = Status::Internal("stat " + resolved + ": " + std::strerror(errno));
    ::close(*fd);
    return err;
  }
  std::string parent = target.substr(0, target.rfind('/'));
  Status made = MkdirAll(parent, 0750);
  if (made.ok()) {
    if (S_ISDIR(st.st_mode)) {
      if (::mkdir(target.c_str(), 0750) != 0 && errno != EEXIST) {
        made = Status::Internal("mkdir " + target + ": " + std::strerror(errno));
      }
    } else {
      int file = ::open(target.c_str(), O_CREAT | O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0640);
      if (file < 0) {
        made = Status::Internal("create " + target + ": " + std::strerror(errno));
      } else {
        ::close(file);
      }
    }
  }
  if (made.ok()) made = mounter.BindMount("/proc/self/fd/" + std::to_string(*fd), target);
  ::close(*fd);
  return made;
}

// The node path the runtime mounts for `sub_path` of a volume: the subPath
// created when missing, checked, and pinned under <pod>/volume-subpaths.
StatusOr<std::string> PrepareSubPath(const std::string& volume_path, const std::string& sub_path,
                                     const std::string& mount_name,
                                     const std::string& container_name, size_t index,
                                     const MountContext& context) {
  std::string joined = volume_path + "/" + sub_path;
  struct stat st;
  if (::stat(joined.c_str(), &st) != 0) {
    if (errno != ENOENT) {
      KLOG(WARNING) << "could not determine if subPath " << joined
                    << " exists: " << std::strerror(errno);
    } else {
      // Created now rather than by the runtime, which would give it the
      // wrong owner and mode; the volume's own mode is the right one.
      struct stat vst;
      if (::stat(volume_path.c_str(), &vst) != 0) {
        return Status::Internal("stat " + volume_path + ": " + std::strerror(errno));
      }
      Status made = SafeMakeDir(volume_path, sub_path, vst.st_mode & 07777);
      if (!made.ok()) {
        // The details stay in the log: they describe the node's file system.
        KLOG(ERROR) << "failed to create subPath directory for volumeMount " << mount_name
                    << " of container " << container_name << ": " << made.message();
        return Status::Internal("failed to create subPath directory for volumeMount " +
                                GoQuote(mount_name) + " of container " + GoQuote(container_name));
      }
    }
  }
  auto failed = [&](const Status& why) {
    KLOG(ERROR) << "failed to prepare subPath for volumeMount " << mount_name << " of container "
                << container_name << ": " << why.message();
    return Status::Internal("failed to prepare subPath for volumeMount " + GoQuote(mount_name) +
                            " of container " + GoQuote(container_name));
  };
  StatusOr<std::string> resolved = ResolveWithin(volume_path, sub_path);
  if (!resolved.ok()) return failed(resolved.status());
  if (context.mounter == nullptr)
    return failed(Status::Internal("no mounter to pin the subPath with"));
  std::string target = context.pod_dir + "/volume-subpaths/" + mount_name + "/" + container_name +
                       "/" + std::to_string(index);
  Status pinned = PinSubPath(volume_path, *resolved, target, *context.mounter);
  if (!pinned.ok()) return failed(pinned);
  return target;
}

}  // namespace

StatusOr<std::vector<Mount>> MakeMounts(const boost::json::object& pod,
                                        const boost::json::object& container,
                                        const PodVolumes& volumes, const MountContext& context) {
  const boost::json::object* spec = Obj(&pod, "spec");
  std::string container_name = Str(&container, "name");
  bool mount_etc_hosts = !context.pod_ips.empty() || Bool(spec, "hostNetwork").value_or(false);
  std::vector<Mount> out;

  if (const boost::json::array* mounts = Arr(&container, "volumeMounts")) {
    for (size_t index = 0; index < mounts->size(); ++index) {
      const boost::json::value& v = (*mounts)[index];
      if (!v.is_object()) continue;
      const boost::json::object& mount = v.get_object();
      std::string name = Str(&mount, "name");
      std::string mount_path = Str(&mount, "mountPath");
      if (mount_path == kEtcHostsPath) mount_etc_hosts = false;
      auto vol = volumes.find(name);
      if (vol == volumes.end()) {
        return Status::NotFound("cannot find volume " + GoQuote(name) +
                                " to mount into container " + GoQuote(container_name));
      }

      std::string sub_path = Str(&mount, "subPath");
      std::string sub_path_expr = Str(&mount, "subPathExpr");
      if (!sub_path_expr.empty()) {
        StatusOr<std::string> expanded = container::ExpandSubPathExpr(sub_path_expr, context.env);
        if (!expanded.ok()) return expanded.status();
        sub_path = std::move(*expanded);
      }
      if (!sub_path.empty()) {
        if (sub_path[0] == '/')
          return Status::Invalid("error SubPath `" + sub_path + "` must not be an absolute path");
        if (HasBackstep(sub_path)) {
          return Status::Invalid("unable to provision SubPath `" + sub_path +
                                 "`: must not contain '..'");
        }
      }

      std::string host_path = vol->second.host_path;
      if (!sub_path.empty()) {
        StatusOr<std::string> prepared =
            PrepareSubPath(host_path, sub_path, name, container_name, index, context);
        if (!prepared.ok()) return prepared.status();
        host_path = std::move(*prepared);
      }

      StatusOr<MountPropagation> propagation = Propagation(mount);
      if (!propagation.ok()) return propagation.status();
      std::string rro = Str(&mount, "recursiveReadOnly");
      if (rro == "Enabled") {
        return Status::Invalid(
            "failed to resolve recursive read-only mode: volume " + GoQuote(name) +
            " requested recursive read-only mode, but it is not supported by the runtime");
      }

      Mount m;
      m.name = name;
      m.container_path =
          !mount_path.empty() && mount_path[0] == '/' ? mount_path : "/" + mount_path;
      m.host_path = std::move(host_path);
      m.read_only = Bool(&mount, "readOnly").value_or(false) || vol->second.read_only;
      m.selinux_relabel = vol->second.selinux_relabel;
      m.propagation = *propagation;
      out.push_back(std::move(m));
    }
  }

  if (mount_etc_hosts) {
    std::string hosts = context.pod_dir + "/etc-hosts";
    KUBEPP_RETURN_IF_ERROR(EnsureHostsFile(hosts, pod, context.pod_ips, context.hostname,
                                           context.host_domain, context.node_hosts_file));
    Mount m;
    m.name = "k8s-managed-etc-hosts";
    m.container_path = kEtcHostsPath;
    m.host_path = hosts;
    m.selinux_relabel = true;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace kubepp::kubelet::volumes
