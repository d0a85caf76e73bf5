#include "kubelet/volumes/empty_dir.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/log.h"
#include "kubelet/cm/pod_resources.h"

namespace kubepp::kubelet::volumes {
namespace {

constexpr mode_t kEmptyDirPerm = 0777;

// The directory with permissions 0777, whatever the umask. Only the
// permission bits are compared: the setgid an fsGroup adds stays.
Status SetUpDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Internal("mkdir " + dir + ": " + ec.message());
  struct stat st;
  if (::lstat(dir.c_str(), &st) != 0)
    return Status::Internal("stat " + dir + ": " + std::strerror(errno));
  if (!S_ISDIR(st.st_mode)) return Status::Internal(dir + " is not a directory");
  if ((st.st_mode & 0777) != kEmptyDirPerm && ::chmod(dir.c_str(), kEmptyDirPerm) != 0) {
    return Status::Internal("chmod " + dir + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<StorageMedium> ParseStorageMedium(std::string_view medium) {
  if (medium.empty()) return StorageMedium::kDefault;
  if (medium == "Memory") return StorageMedium::kMemory;
  return Status::Invalid("unknown storage medium \"" + std::string(medium) + "\"");
}

Status SetUpEmptyDir(const std::string& dir, StorageMedium medium,
                     std::optional<int64_t> tmpfs_size, Mounter& mounter) {
  KUBEPP_RETURN_IF_ERROR(SetUpDir(dir));
  if (medium == StorageMedium::kDefault) return Status::Ok();
  StatusOr<std::vector<MountPoint>> mounts = mounter.List();
  if (!mounts.ok()) return mounts.status();
  std::optional<MountPoint> current = MountAt(*mounts, dir);
  if (current && current->fs_type == "tmpfs") return Status::Ok();  // already set up
  VLOG(3) << "mounting tmpfs on " << dir;
  return mounter.MountTmpfs(dir, tmpfs_size);
}

std::optional<int64_t> EmptyDirMemorySize(std::optional<int64_t> node_allocatable_memory,
                                          const boost::json::object& pod,
                                          std::optional<int64_t> size_limit) {
  std::optional<int64_t> size = node_allocatable_memory;
  // Each bound applies when positive and no larger than what is set so far.
  auto tighten = [&size](std::optional<int64_t> bound) {
    if (!bound || *bound <= 0) return;
    if (!size || *bound <= *size) size = bound;
  };
  tighten(cm::PodMemoryLimit(pod));
  tighten(size_limit);
  return size;
}

}  // namespace kubepp::kubelet::volumes
