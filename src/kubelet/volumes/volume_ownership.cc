#include "kubelet/volumes/volume_ownership.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/log.h"

namespace kubepp::kubelet::volumes {
namespace {

constexpr mode_t kReadWrite = 0660;
constexpr mode_t kReadOnly = 0440;
constexpr mode_t kExecute = 0110;

mode_t Wanted(bool read_only, bool directory) {
  mode_t mask = read_only ? kReadOnly : kReadWrite;
  if (directory) mask |= S_ISGID | kExecute;
  return mask;
}

// The root already carries the group and a superset of the permissions.
bool RootMatches(const std::string& dir, gid_t group, bool read_only) {
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return false;
  if (st.st_gid != group) return false;
  mode_t wanted = Wanted(read_only, true);
  return (st.st_mode & wanted) == wanted;
}

void ChangeOne(const std::string& path, gid_t group, bool read_only) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    KLOG(ERROR) << "fsGroup: stat " << path << ": " << std::strerror(errno);
    return;
  }
  if (::lchown(path.c_str(), static_cast<uid_t>(-1), group) != 0) {
    KLOG(ERROR) << "fsGroup: chown " << path << ": " << std::strerror(errno);
  }
  if (S_ISLNK(st.st_mode)) return;
  mode_t mode = (st.st_mode & 07777) | Wanted(read_only, S_ISDIR(st.st_mode));
  // chown may have dropped setgid; set the mode whatever it was.
  if (::chmod(path.c_str(), mode) != 0) {
    KLOG(ERROR) << "fsGroup: chmod " << path << ": " << std::strerror(errno);
  }
}

}  // namespace

Status SetVolumeOwnership(const std::string& dir, int64_t fs_group, bool read_only,
                          bool only_on_root_mismatch) {
  const auto group = static_cast<gid_t>(fs_group);
  if (only_on_root_mismatch && RootMatches(dir, group, read_only)) {
    VLOG(3) << "fsGroup: " << dir << " already belongs to group " << fs_group;
    return Status::Ok();
  }
  ChangeOne(dir, group, read_only);
  std::error_code ec;
  // Without follow_directory_symlink the walk never leaves the tree.
  std::filesystem::recursive_directory_iterator it(dir, ec), end;
  if (ec) return Status::Internal("walk " + dir + ": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return Status::Internal("walk " + dir + ": " + ec.message());
    ChangeOne(it->path().string(), group, read_only);
  }
  if (ec) return Status::Internal("walk " + dir + ": " + ec.message());
  return Status::Ok();
}

}  // namespace kubepp::kubelet::volumes
