#include "kubelet/volumes/host_path.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kubepp::kubelet::volumes {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

// Go's os.MkdirAll(path, 0755): missing parents get 0755 too (less the umask).
Status MakeDir(const std::string& path) {
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i != path.size() && path[i] != '/') continue;
    std::string prefix = path.substr(0, i);
    if (::mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) {
      return Status::Internal("mkdir " + prefix + ": " + std::strerror(errno));
    }
  }
  return Status::Ok();
}

Status MakeFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_CREAT | O_RDONLY | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EEXIST) return Status::Ok();
    return Status::Internal("open " + path + ": " + std::strerror(errno));
  }
  ::close(fd);
  return Status::Ok();
}

Status TypeMatchedOrError(const std::string& path, std::string_view expected,
                          std::string_view description) {
  if (!Exists(path)) return Status::NotFound("hostPath " + path + " doesn't exist");
  StatusOr<std::string> actual = HostFileType(path);
  if (!actual.ok()) {
    return Status::Invalid("hostPath type check failed, " + path + " is not a " +
                           std::string(description) +
                           ", unable to determine its type: " + actual.status().message());
  }
  if (*actual != expected) {
    return Status::Invalid("hostPath type check failed: " + path + " is not a " +
                           std::string(description) + ", it's a " + *actual);
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::string> HostFileType(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::NotFound("path \"" + path + "\" does not exist");
    return Status::Internal("stat " + path + ": " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return std::string("Directory");
  if (S_ISREG(st.st_mode)) return std::string("File");
  if (S_ISSOCK(st.st_mode)) return std::string("Socket");
  if (S_ISCHR(st.st_mode)) return std::string("CharDevice");
  if (S_ISBLK(st.st_mode)) return std::string("BlockDevice");
  return Status::Invalid(
      "only recognise file, directory, socket, block device and character device");
}

Status SetUpHostPath(const std::string& path, std::string_view type) {
  size_t i = 0;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string::npos) slash = path.size();
    if (path.compare(i, slash - i, "..") == 0 && slash - i == 2) {
      return Status::Invalid("invalid HostPath `" + path + "`: must not contain '..'");
    }
    i = slash + 1;
  }
  if (type.empty()) return Status::Ok();
  if (type == "DirectoryOrCreate") {
    if (!Exists(path)) return MakeDir(path);
    return TypeMatchedOrError(path, "Directory", "directory");
  }
  if (type == "Directory") return TypeMatchedOrError(path, "Directory", "directory");
  if (type == "FileOrCreate") {
    if (!Exists(path)) return MakeFile(path);
    return TypeMatchedOrError(path, "File", "file");
  }
  if (type == "File") return TypeMatchedOrError(path, "File", "file");
  if (type == "Socket") return TypeMatchedOrError(path, "Socket", "socket file");
  if (type == "CharDevice") return TypeMatchedOrError(path, "CharDevice", "character device");
  if (type == "BlockDevice") return TypeMatchedOrError(path, "BlockDevice", "block device");
  return Status::Invalid(std::string(type) + " is an invalid volume type");
}

}  // namespace kubepp::kubelet::volumes
