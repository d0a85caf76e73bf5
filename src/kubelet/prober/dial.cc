#include "kubelet/prober/dial.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <vector>

namespace kubepp::kubelet::prober {
namespace {

// Go spells syscall errors in lower case ("connection refused").
std::string ErrnoText(int err) {
  std::string text = std::strerror(err);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

int MillisLeft(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(std::min<int64_t>(left.count(), 1 << 30));
}

// One address: 0 on success (fd set), else errno (ETIMEDOUT for the deadline).
int ConnectOne(const sockaddr* addr, socklen_t len, std::chrono::steady_clock::time_point deadline, int* fd_out) {
  int fd = socket(addr->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  struct linger lg {1, 1};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
  int err = 0;
  if (connect(fd, addr, len) != 0) {
    err = errno;
    if (err == EINPROGRESS) {
      struct pollfd p {fd, POLLOUT, 0};
      int ready = poll(&p, 1, MillisLeft(deadline));
      if (ready == 0) {
        err = ETIMEDOUT;
      } else if (ready < 0) {
        err = errno;
      } else {
        socklen_t elen = sizeof(err);
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen);
      }
    }
  }
  if (err != 0) {
    close(fd);
    return err;
  }
  // Back to blocking: callers read and write with their own timeouts.
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  *fd_out = fd;
  return 0;
}

}  // namespace

std::string JoinHostPort(std::string_view host, int port) {
  if (host.find(':') != std::string_view::npos) return "[" + std::string(host) + "]:" + std::to_string(port);
  return std::string(host) + ":" + std::to_string(port);
}

StatusOr<int> DialTcp(std::string_view host, int port, std::chrono::steady_clock::time_point deadline) {
  std::string h(host);
  std::vector<sockaddr_storage> addrs;
  std::vector<socklen_t> lens;
  sockaddr_in v4{};
  sockaddr_in6 v6{};
  if (inet_pton(AF_INET, h.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    v4.sin_port = htons(static_cast<uint16_t>(port));
    sockaddr_storage s{};
    std::memcpy(&s, &v4, sizeof(v4));
    addrs.push_back(s);
    lens.push_back(sizeof(v4));
  } else if (inet_pton(AF_INET6, h.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(static_cast<uint16_t>(port));
    sockaddr_storage s{};
    std::memcpy(&s, &v6, sizeof(v6));
    addrs.push_back(s);
    lens.push_back(sizeof(v6));
  } else {
    struct addrinfo hints {};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    struct addrinfo* res = nullptr;
    std::string service = std::to_string(port);
    int rc = getaddrinfo(h.c_str(), service.c_str(), &hints, &res);
    if (rc != 0 || !res) {
      return Status::Unavailable("dial tcp: lookup " + h + ": no such host");
    }
    for (struct addrinfo* r = res; r; r = r->ai_next) {
      sockaddr_storage s{};
      std::memcpy(&s, r->ai_addr, r->ai_addrlen);
      addrs.push_back(s);
      lens.push_back(static_cast<socklen_t>(r->ai_addrlen));
    }
    freeaddrinfo(res);
  }
  std::string target = "dial tcp " + JoinHostPort(host, port) + ": ";
  int last = 0;
  for (size_t i = 0; i < addrs.size(); ++i) {
    if (MillisLeft(deadline) == 0) {
      last = ETIMEDOUT;
      break;
    }
    int fd = -1;
    last = ConnectOne(reinterpret_cast<const sockaddr*>(&addrs[i]), lens[i], deadline, &fd);
    if (last == 0) return fd;
  }
  if (last == ETIMEDOUT) return Status::Timeout(target + "i/o timeout");
  return Status::Unavailable(target + "connect: " + ErrnoText(last));
}

}  // namespace kubepp::kubelet::prober
