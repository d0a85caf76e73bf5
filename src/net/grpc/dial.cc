#include "net/grpc/dial.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace kubepp::net::grpc {
namespace {

using Clock = std::chrono::steady_clock;

// Go spells syscall errors in lower case ("connection refused").
std::string ErrnoText(int err) {
  std::string text = std::strerror(err);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

int MillisLeft(Clock::time_point deadline) {
  if (deadline == Clock::time_point::max()) return -1;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(std::min<int64_t>(left.count(), 1 << 30));
}

// Connects a new socket to `addr` before the deadline: 0 and *fd_out, or an errno.
int ConnectBefore(const sockaddr* addr, socklen_t len, Clock::time_point deadline, int* fd_out) {
  int fd = ::socket(addr->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  int err = 0;
  if (::connect(fd, addr, len) != 0) {
    err = errno;
    if (err == EINPROGRESS) {
      struct pollfd p = {fd, POLLOUT, 0};
      int ready;
      do {
        ready = ::poll(&p, 1, MillisLeft(deadline));
      } while (ready < 0 && errno == EINTR);
      if (ready == 0) {
        err = ETIMEDOUT;
      } else if (ready < 0) {
        err = errno;
      } else {
        socklen_t elen = sizeof(err);
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen);
      }
    }
  }
  if (err != 0) {
    ::close(fd);
    return err;
  }
  // The connection reads and writes blocking, on its own threads.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  *fd_out = fd;
  return 0;
}

}  // namespace

StatusOr<int> DialUnix(const std::string& path, Clock::time_point deadline) {
  std::string prefix = "dial unix " + path + ": ";
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof(addr.sun_path)) return Status::BadRequest(prefix + "path too long");
  std::memcpy(addr.sun_path, path.data(), path.size());
  int fd = -1;
  int err = ConnectBefore(reinterpret_cast<const sockaddr*>(&addr), sizeof(addr), deadline, &fd);
  if (err == 0) return fd;
  if (err == ETIMEDOUT) return Status::Timeout(prefix + "i/o timeout");
  return Status::Unavailable(prefix + "connect: " + ErrnoText(err));
}

StatusOr<int> DialTcp(const std::string& host, int port, Clock::time_point deadline) {
  std::string address = host.find(':') != std::string::npos
                            ? "[" + host + "]:" + std::to_string(port)
                            : host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (::getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0 || found == nullptr) {
    return Status::Unavailable("dial tcp: lookup " + host + ": no such host");
  }
  int err = EHOSTUNREACH;
  int fd = -1;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    err = ConnectBefore(a->ai_addr, a->ai_addrlen, deadline, &fd);
    if (err == 0 || err == ETIMEDOUT) break;
  }
  ::freeaddrinfo(found);
  std::string prefix = "dial tcp " + address + ": ";
  if (err == ETIMEDOUT) return Status::Timeout(prefix + "i/o timeout");
  if (err != 0) return Status::Unavailable(prefix + "connect: " + ErrnoText(err));
  return fd;
}

StatusOr<Target> ParseTarget(std::string_view target) {
  std::string_view path;
  if (target.starts_with("unix://")) {
    path = target.substr(7);
  } else if (target.starts_with("unix:")) {
    path = target.substr(5);
  } else if (target.starts_with("/")) {
    path = target;
  }
  if (!path.empty()) {
    if (path.front() != '/')
      return Status::BadRequest("gRPC target \"" + std::string(target) +
                                "\": unix socket path must be absolute");
    std::string p(path);
    return Target{[p](Clock::time_point deadline) { return DialUnix(p, deadline); }, "localhost"};
  }
  size_t colon = target.rfind(':');
  if (colon == std::string_view::npos || target.find("://") != std::string_view::npos) {
    return Status::BadRequest("gRPC target \"" + std::string(target) +
                              "\": want unix:///path or host:port");
  }
  std::string_view host = target.substr(0, colon);
  if (host.starts_with("[") && host.ends_with("]")) host = host.substr(1, host.size() - 2);
  std::string_view port_text = target.substr(colon + 1);
  int port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port <= 0 ||
      port > 65535 || host.empty()) {
    return Status::BadRequest("gRPC target \"" + std::string(target) + "\": bad host:port");
  }
  std::string h(host);
  return Target{[h, port](Clock::time_point deadline) { return DialTcp(h, port, deadline); },
                std::string(target)};
}

}  // namespace kubepp::net::grpc
