#include "kubelet/volumes/termination_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include "kubelet/pod_fields.h"

namespace kubepp::kubelet::volumes {
namespace {

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

std::string RandomId() {
  static thread_local std::mt19937 rng{std::random_device{}()};
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%08x", static_cast<unsigned>(rng()));
  return buf;
}

}  // namespace

StatusOr<std::optional<Mount>> MakeTerminationLogMount(const std::string& pod_container_dir,
                                                       const boost::json::object& container) {
  std::string message_path = Str(&container, "terminationMessagePath");
  if (message_path.empty()) return std::optional<Mount>();
  KUBEPP_RETURN_IF_ERROR(MkdirAll(pod_container_dir, 0750));
  std::string file = pod_container_dir + "/" + RandomId();
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0)
    return Status::Internal("error on creating termination-log file " + file + ": " +
                            std::strerror(errno));
  // The umask applied at creation; containers running as any user must be able to write.
  int chmod_result = ::fchmod(fd, 0666);
  ::close(fd);
  if (chmod_result != 0)
    return Status::Internal("unable to set termination-log file permissions " + file);
  Mount mount;
  mount.name = "termination-log";
  mount.host_path = file;
  mount.container_path = message_path[0] == '/' ? message_path : "/" + message_path;
  return std::optional<Mount>(std::move(mount));
}

}  // namespace kubepp::kubelet::volumes
