// Small servers on 127.0.0.1 for the probe tests: a TCP listener that only
// accepts, and a plain HTTP/1.1 server whose answers a test scripts per
// request path and whose received requests it can read back. Both listen on
// a free port and stop (closing every socket, joining their thread) when
// destroyed.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kubepp::kubelet::prober::testing {

// A listening socket on 127.0.0.1 with a kernel-chosen port.
inline int ListenLocal(int* port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  listen(fd, 64);
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = ntohs(addr.sin_port);
  return fd;
}

// A port on 127.0.0.1 where nothing listens (bound, then closed).
inline int ClosedPort() {
  int port = 0;
  int fd = ListenLocal(&port);
  close(fd);
  return port;
}

// Accepts connections on a thread and runs `serve` on each (then closes it).
class LocalServer {
 public:
  explicit LocalServer(std::function<void(int fd)> serve) : serve_(std::move(serve)) {
    listen_fd_ = ListenLocal(&port_);
    thread_ = std::thread([this] { Loop(); });
  }
  ~LocalServer() {
    stop_ = true;
    thread_.join();
    close(listen_fd_);
  }
  int port() const { return port_; }
  int accepted() const { return accepted_; }

 private:
  void Loop() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++accepted_;
      if (serve_) serve_(fd);
      close(fd);
    }
  }

  std::function<void(int)> serve_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

// Reads one request head (through the blank line) with a 5 s limit.
inline std::string ReadRequestHead(int fd) {
  std::string head;
  char buf[4096];
  while (head.find("\r\n\r\n") == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 5000) <= 0) break;
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n <= 0) break;
    head.append(buf, static_cast<size_t>(n));
  }
  return head;
}

inline void WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

// A connection handler for a plain HTTP server that also meets TLS clients:
// a TLS handshake (its first byte 0x16) is answered with a 400 as Go's and
// nginx's servers do, counted in `*tls_attempts`; a plain request gets
// `respond(head)`.
inline std::function<void(int)> PlainHttpMeetingTls(std::function<std::string(const std::string& head)> respond,
                                                   std::atomic<int>* tls_attempts) {
  return [respond = std::move(respond), tls_attempts](int fd) {
    char first = 0;
    if (::recv(fd, &first, 1, MSG_PEEK) == 1 && first == 0x16) {
      ++*tls_attempts;
      char discard[4096];
      (void)::read(fd, discard, sizeof(discard));
      WriteAll(fd, "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n");
      return;
    }
    WriteAll(fd, respond(ReadRequestHead(fd)));
  };
}

// An HTTP server: `respond(path)` gives the whole response text to send.
class HttpTestServer {
 public:
  explicit HttpTestServer(std::function<std::string(const std::string& path)> respond)
      : respond_(std::move(respond)), server_([this](int fd) { Serve(fd); }) {}

  int port() const { return server_.port(); }
  std::vector<std::string> Requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

  static std::string Response(int code, const std::string& body, const std::string& extra_headers = "") {
    return "HTTP/1.1 " + std::to_string(code) + " X\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n" + extra_headers + "\r\n" + body;
  }

 private:
  void Serve(int fd) {
    std::string head = ReadRequestHead(fd);
    {
      std::lock_guard lock(mu_);
      requests_.push_back(head);
    }
    size_t sp1 = head.find(' ');
    size_t sp2 = head.find(' ', sp1 + 1);
    std::string path = sp1 == std::string::npos ? "" : head.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string response = respond_(path);
    if (!response.empty()) WriteAll(fd, response);
  }

  std::function<std::string(const std::string&)> respond_;
  mutable std::mutex mu_;
  std::vector<std::string> requests_;
  LocalServer server_;  // last: stops before the rest goes
};

}  // namespace kubepp::kubelet::prober::testing
