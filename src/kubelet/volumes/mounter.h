// Mounter: the kernel's mount table as the volume code needs it — tmpfs
// mounts for memory-backed volumes (emptyDir medium Memory, secret and
// projected volumes), bind mounts that pin subPaths, unmounts at teardown,
// and the list of what is mounted where. Behind an interface so that callers can be tested against
// a fake; the Linux implementation needs CAP_SYS_ADMIN.
//
// Thread safety: the Linux implementation may be used from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kubepp::kubelet::volumes {

struct MountPoint {
  std::string path;     // where it is mounted
  std::string fs_type;  // "tmpfs", "ext4", ...
};

class Mounter {
 public:
  virtual ~Mounter() = default;
  // Mounts a fresh tmpfs on `target` (an existing directory), limited to
  // `size_bytes` when given (else the kernel's default, half of RAM).
  virtual Status MountTmpfs(const std::string& target, std::optional<int64_t> size_bytes) = 0;
  // Bind-mounts `source` (a path, or /proc/self/fd/N of a descriptor opened
  // without following links) onto `target`, an existing file or directory.
  virtual Status BindMount(const std::string& source, const std::string& target) = 0;
  virtual Status Unmount(const std::string& target) = 0;
  // Every mount point of this process's mount namespace, in mount order.
  virtual StatusOr<std::vector<MountPoint>> List() = 0;
};

// mount(2) and umount(2), and /proc/self/mountinfo.
std::unique_ptr<Mounter> NewLinuxMounter();

// Parses /proc/<pid>/mountinfo text (mount points unescaped: "\040" is a space).
std::vector<MountPoint> ParseMountInfo(std::string_view text);

// The mount at exactly `path` (the last one when mounts are stacked), if any.
std::optional<MountPoint> MountAt(const std::vector<MountPoint>& mounts, std::string_view path);

}  // namespace kubepp::kubelet::volumes
