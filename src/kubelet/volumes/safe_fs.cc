#include "kubelet/volumes/safe_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace kubepp::kubelet::volumes {
namespace {

Status Errno(std::string_view what, std::string_view path) {
  return Status::Internal(std::string(what) + " " + std::string(path) + ": " +
                          std::strerror(errno));
}

// Closes a descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::vector<std::string> Components(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(i, slash - i);
    if (!part.empty() && part != ".") out.emplace_back(part);
    i = slash + 1;
  }
  return out;
}

StatusOr<std::string> RealPath(const std::string& path) {
  char buf[PATH_MAX];
  if (::realpath(path.c_str(), buf) == nullptr) return Errno("cannot resolve", path);
  return std::string(buf);
}

bool Within(const std::string& path, const std::string& base) {
  if (path == base) return true;
  std::string prefix = base == "/" ? base : base + "/";
  return path.compare(0, prefix.size(), prefix) == 0;
}

// Empties the directory open as `dir_fd` (on device `dev`), depth first.
Status RemoveContents(int dir_fd, dev_t dev, const std::string& shown) {
  int list_fd = ::dup(dir_fd);
  if (list_fd < 0) return Errno("dup", shown);
  DIR* dir = ::fdopendir(list_fd);
  if (dir == nullptr) {
    ::close(list_fd);
    return Errno("opendir", shown);
  }
  std::vector<std::string> names;
  while (dirent* e = ::readdir(dir)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(dir);
  for (const std::string& name : names) {
    std::string child = shown + "/" + name;
    struct stat st;
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT) continue;
      return Errno("stat", child);
    }
    if (S_ISDIR(st.st_mode)) {
      if (st.st_dev != dev)
        return Status::Internal("refusing to remove " + child + ": it is another mount");
      Fd sub(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (sub.get() < 0) return Errno("open", child);
      KUBEPP_RETURN_IF_ERROR(RemoveContents(sub.get(), dev, child));
      if (::unlinkat(dir_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
        return Errno("remove", child);
    } else if (::unlinkat(dir_fd, name.c_str(), 0) != 0 && errno != ENOENT) {
      return Errno("remove", child);
    }
  }
  return Status::Ok();
}

}  // namespace

Status RemoveAllNoFollow(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return Errno("stat", path);
  }
  if (!S_ISDIR(st.st_mode)) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return Errno("remove", path);
    return Status::Ok();
  }
  {
    Fd dir(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (dir.get() < 0) return Errno("open", path);
    KUBEPP_RETURN_IF_ERROR(RemoveContents(dir.get(), st.st_dev, path));
  }
  if (::rmdir(path.c_str()) != 0 && errno != ENOENT) return Errno("remove", path);
  return Status::Ok();
}

Status SafeMakeDir(const std::string& base, std::string_view sub_path, mode_t perm) {
  StatusOr<std::string> real_base = RealPath(base);
  if (!real_base.ok()) return real_base.status();
  std::vector<std::string> parts = Components(sub_path);
  for (const std::string& p : parts) {
    if (p == "..")
      return Status::Invalid("path " + std::string(sub_path) + " must not contain '..'");
  }
  // The part that exists may go through links, as long as it ends up inside base.
  size_t existing = 0;
  std::string walk = *real_base;
  while (existing < parts.size()) {
    struct stat st;
    std::string next = walk + "/" + parts[existing];
    if (::stat(next.c_str(), &st) != 0) {
      if (errno == ENOENT) break;
      return Errno("stat", next);
    }
    if (!S_ISDIR(st.st_mode)) return Status::Invalid("path " + next + " is not a directory");
    walk = next;
    ++existing;
  }
  StatusOr<std::string> real_existing = RealPath(walk);
  if (!real_existing.ok()) return real_existing.status();
  if (!Within(*real_existing, *real_base)) {
    return Status::Invalid("path " + *real_existing + " is not within " + *real_base);
  }
  if (existing == parts.size()) return Status::Ok();
  // Create the rest one level at a time, never following a link that
  // appears in the meantime.
  int fd = ::open(real_existing->c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return Errno("open", *real_existing);
  std::string shown = *real_existing;
  for (size_t i = existing; i < parts.size(); ++i) {
    shown += "/" + parts[i];
    if (::mkdirat(fd, parts[i].c_str(), perm) != 0 && errno != EEXIST) {
      Status st = Errno("mkdir", shown);
      ::close(fd);
      return st;
    }
    int child = ::openat(fd, parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    ::close(fd);
    if (child < 0) return Errno("open", shown);
    fd = child;
    if (::fchmod(fd, perm) != 0) {
      Status st = Errno("chmod", shown);
      ::close(fd);
      return st;
    }
  }
  ::close(fd);
  return Status::Ok();
}

StatusOr<std::string> ResolveWithin(const std::string& base, std::string_view sub_path) {
  StatusOr<std::string> real_base = RealPath(base);
  if (!real_base.ok()) return real_base.status();
  StatusOr<std::string> real = RealPath(base + "/" + std::string(sub_path));
  if (!real.ok()) return real.status();
  if (!Within(*real, *real_base)) {
    return Status::Invalid("subpath \"" + *real + "\" not within volume path \"" + *real_base +
                           "\"");
  }
  return *real;
}

StatusOr<int> OpenWithinNoFollow(const std::string& base, const std::string& path) {
  if (!Within(path, base)) return Status::Invalid("path " + path + " is not within " + base);
  int fd = ::open(base.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return Errno("open", base);
  std::string shown = base;
  for (const std::string& part : Components(std::string_view(path).substr(base.size()))) {
    shown += "/" + part;
    int next = ::openat(fd, part.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
    ::close(fd);
    if (next < 0) return Errno("open", shown);
    fd = next;
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      Status err = Errno("stat", shown);
      ::close(fd);
      return err;
    }
    if (S_ISLNK(st.st_mode)) {
      ::close(fd);
      return Status::Invalid("path " + shown + " became a symbolic link");
    }
  }
  return fd;
}

}  // namespace kubepp::kubelet::volumes
