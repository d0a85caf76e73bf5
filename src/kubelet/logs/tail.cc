#include "kubelet/logs/tail.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace kubepp::kubelet::logs {

StatusOr<int64_t> FindTailLineStart(int fd, int64_t n) {
  if (n < 0) return int64_t{0};
  struct stat st;
  if (::fstat(fd, &st) != 0) return Status::Internal(std::string("fstat: ") + std::strerror(errno));
  constexpr int64_t kBlock = 4096;
  std::vector<char> buf(kBlock);
  int64_t seen = 0;  // newlines found so far, from the end
  for (int64_t right = st.st_size; right > 0;) {
    int64_t left = right > kBlock ? right - kBlock : 0;
    ssize_t got = ::pread(fd, buf.data(), static_cast<size_t>(right - left), left);
    if (got < 0) {
      if (errno == EINTR) continue;
      return Status::Internal(std::string("read: ") + std::strerror(errno));
    }
    if (got != right - left) return Status::Internal("read: the file shrank while tailing it");
    for (int64_t i = right - left - 1; i >= 0; --i) {
      if (buf[static_cast<size_t>(i)] != '\n') continue;
      // The (n+1)-th newline from the end ends the line before the tail.
      if (++seen == n + 1) return left + i + 1;
    }
    right = left;
  }
  return int64_t{0};
}

}  // namespace kubepp::kubelet::logs
