// Raw peers for tests of proxies and upgrades, where an HTTP client library
// would hide the bytes under test:
//
//  * TlsTestClient: a blocking TLS client (OpenSSL) that writes and reads
//    bytes as they are, e.g. an Upgrade request and then SPDY-like frames;
//  * FakeUpgradeBackend: a plain-TCP server standing in for a container
//    runtime's streaming server — it records each request head, answers with
//    a scripted response and then, if asked, echoes what it receives
//    upper-cased until the peer closes.
//
// Header-only; link OpenSSL (kubepp_net does). Reads wait with deadlines,
// never fixed sleeps. Thread safety: a TlsTestClient is used from one
// thread; FakeUpgradeBackend's accessors may be called from any thread.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kubepp::testing {

// Waits until `fd` is readable or `deadline` passes; true when readable.
inline bool WaitReadable(int fd, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 200)));
    if (r > 0) return true;
  }
}

inline int ConnectLoopback(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

class TlsTestClient {
 public:
  TlsTestClient() = default;
  TlsTestClient(const TlsTestClient&) = delete;
  TlsTestClient& operator=(const TlsTestClient&) = delete;
  ~TlsTestClient() { Close(); }

  // Connects to 127.0.0.1:port; presents the certificate when given.
  bool Connect(uint16_t port, const std::string& cert_file = "", const std::string& key_file = "") {
    ctx_ = SSL_CTX_new(TLS_client_method());
    if (!ctx_) return false;
    if (!cert_file.empty() && (SSL_CTX_use_certificate_chain_file(ctx_, cert_file.c_str()) != 1 ||
                               SSL_CTX_use_PrivateKey_file(ctx_, key_file.c_str(), SSL_FILETYPE_PEM) != 1)) {
      return false;
    }
    fd_ = ConnectLoopback(port);
    if (fd_ < 0) return false;
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    return SSL_connect(ssl_) == 1;
  }

  bool Write(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      int n = SSL_write(ssl_, data.data() + off, static_cast<int>(data.size() - off));
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }

  // Reads until `done(received)` holds, the peer closes, or the deadline;
  // returns everything received so far (also kept in received()).
  std::string ReadUntil(const std::function<bool(const std::string&)>& done,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    char buf[4096];
    while (!done(received_) && !closed_) {
      if (SSL_pending(ssl_) == 0 && !WaitReadable(fd_, deadline)) break;
      int n = SSL_read(ssl_, buf, sizeof buf);
      if (n <= 0) {
        int err = SSL_get_error(ssl_, n);
        if (err == SSL_ERROR_WANT_READ) continue;
        closed_ = true;
        break;
      }
      received_.append(buf, static_cast<size_t>(n));
    }
    return received_;
  }
  std::string ReadUntilContains(const std::string& text, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return ReadUntil([&](const std::string& got) { return got.find(text) != std::string::npos; }, timeout);
  }
  // Reads until one whole HTTP response with a Content-Length has arrived
  // (or the peer closes, or the deadline).
  std::string ReadResponse(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return ReadUntil([](const std::string& got) {
      size_t end = got.find("\r\n\r\n");
      if (end == std::string::npos) return false;
      std::string head = got.substr(0, end);
      for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t cl = head.find("content-length:");
      if (cl == std::string::npos) return false;
      size_t length = std::strtoul(head.c_str() + cl + 15, nullptr, 10);
      return got.size() >= end + 4 + length;
    }, timeout);
  }
  // Reads until the peer closes (or the deadline); true if it closed.
  bool ReadUntilClosed(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    ReadUntil([](const std::string&) { return false; }, timeout);
    return closed_;
  }

  const std::string& received() const { return received_; }
  void ClearReceived() { received_.clear(); }
  bool closed() const { return closed_; }

  void Close() {
    if (ssl_) {
      SSL_free(ssl_);
      ssl_ = nullptr;
    }
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
    if (ctx_) {
      SSL_CTX_free(ctx_);
      ctx_ = nullptr;
    }
  }

 private:
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  int fd_ = -1;
  std::string received_;
  bool closed_ = false;
};

class FakeUpgradeBackend {
 public:
  // `reply` is written after each request head; with `echo`, received bytes
  // then come back upper-cased until the peer closes.
  FakeUpgradeBackend(std::string reply, bool echo) : reply_(std::move(reply)), echo_(echo) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listen_fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeUpgradeBackend() { Stop(); }

  uint16_t port() const { return port_; }

  void Stop() {
    if (stop_.exchange(true)) return;
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
  }

  // The request heads received so far.
  std::vector<std::string> heads() const {
    std::lock_guard lock(mu_);
    return heads_;
  }
  // Bytes received after the heads, over all connections.
  std::string body() const {
    std::lock_guard lock(mu_);
    return body_;
  }
  // How many connections the peer has closed.
  int closed_connections() const {
    std::lock_guard lock(mu_);
    return closed_;
  }
  // Waits until `cond()` holds (checked under the lock) or the deadline.
  bool WaitFor(const std::function<bool()>& cond, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, cond);
  }
  // Locked access for WaitFor predicates.
  const std::vector<std::string>& heads_locked() const { return heads_; }
  const std::string& body_locked() const { return body_; }
  int closed_locked() const { return closed_; }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      HandleConnection(fd);
      ::close(fd);
      std::lock_guard lock(mu_);
      ++closed_;
      cv_.notify_all();
    }
  }

  void HandleConnection(int fd) {
    std::string data;
    char buf[4096];
    size_t end = std::string::npos;
    while ((end = data.find("\r\n\r\n")) == std::string::npos) {
      if (!ReadSome(fd, buf, sizeof buf, &data)) return;
    }
    {
      std::lock_guard lock(mu_);
      heads_.push_back(data.substr(0, end + 4));
      cv_.notify_all();
    }
    std::string rest = data.substr(end + 4);
    if (!WriteAll(fd, reply_)) return;
    for (;;) {
      if (!rest.empty()) {
        {
          std::lock_guard lock(mu_);
          body_ += rest;
          cv_.notify_all();
        }
        if (echo_) {
          std::string upper = rest;
          for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          if (!WriteAll(fd, upper)) return;
        }
        rest.clear();
      }
      if (!ReadSome(fd, buf, sizeof buf, &rest)) return;
    }
  }

  // Appends what arrives to *out; false at EOF, on errors or when stopping.
  bool ReadSome(int fd, char* buf, size_t size, std::string* out) {
    while (!stop_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      ssize_t n = ::read(fd, buf, size);
      if (n <= 0) return false;
      out->append(buf, static_cast<size_t>(n));
      return true;
    }
    return false;
  }

  static bool WriteAll(int fd, const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }

  const std::string reply_;
  const bool echo_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> heads_;  // guarded by mu_
  std::string body_;                // guarded by mu_
  int closed_ = 0;                  // guarded by mu_
};

}  // namespace kubepp::testing
