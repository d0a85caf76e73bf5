#include "kubelet/stats/fs_usage.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <utility>
#include <vector>

namespace kubepp::kubelet::stats {
namespace {

constexpr long kTmpfsMagic = 0x01021994;

}  // namespace

StatusOr<FsCapacity> StatFs(const std::string& path) {
  struct statvfs vfs {};
  if (::statvfs(path.c_str(), &vfs) != 0) {
    int err = errno;
    if (err == ENOENT) return Status::NotFound("statfs " + path + ": no such file or directory");
    return Status::Internal("statfs " + path + ": " + std::strerror(err));
  }
  FsCapacity c;
  const uint64_t unit = vfs.f_frsize ? vfs.f_frsize : vfs.f_bsize;
  c.capacity_bytes = static_cast<uint64_t>(vfs.f_blocks) * unit;
  c.available_bytes = static_cast<uint64_t>(vfs.f_bavail) * unit;
  c.used_bytes = static_cast<uint64_t>(vfs.f_blocks - vfs.f_bfree) * unit;
  c.inodes = vfs.f_files;
  c.inodes_free = vfs.f_ffree;
  struct statfs fs {};
  if (::statfs(path.c_str(), &fs) == 0) c.tmpfs = static_cast<long>(fs.f_type) == kTmpfsMagic;
  return c;
}

StatusOr<DiskUsage> MeasureDiskUsage(const std::string& path) {
  struct stat root {};
  if (::lstat(path.c_str(), &root) != 0) {
    int err = errno;
    if (err == ENOENT) return Status::NotFound("du " + path + ": no such file or directory");
    return Status::Internal("du " + path + ": " + std::strerror(err));
  }
  DiskUsage usage;
  std::set<std::pair<dev_t, ino_t>> seen;
  auto count = [&](const struct stat& st) {
    if (st.st_nlink > 1 && !S_ISDIR(st.st_mode) && !seen.insert({st.st_dev, st.st_ino}).second)
      return;
    usage.bytes += static_cast<uint64_t>(st.st_blocks) * 512;
    usage.inodes += 1;
  };
  count(root);
  if (!S_ISDIR(root.st_mode)) return usage;
  // Directories wait on the stack as paths, so a wide tree never holds more
  // than one open directory; none is entered through a symbolic link.
  std::vector<std::string> stack{path};
  while (!stack.empty()) {
    std::string dir_path = std::move(stack.back());
    stack.pop_back();
    int fd = ::open(dir_path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) continue;
    DIR* dir = ::fdopendir(fd);
    if (dir == nullptr) {
      ::close(fd);
      continue;
    }
    while (dirent* entry = ::readdir(dir)) {
      if (std::strcmp(entry->d_name, ".") == 0 || std::strcmp(entry->d_name, "..") == 0) continue;
      struct stat st {};
      if (::fstatat(::dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      count(st);
      if (S_ISDIR(st.st_mode) && st.st_dev == root.st_dev)
        stack.push_back(dir_path + "/" + entry->d_name);
    }
    ::closedir(dir);
  }
  return usage;
}

}  // namespace kubepp::kubelet::stats
