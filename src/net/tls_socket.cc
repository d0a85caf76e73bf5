#include "net/tls_socket.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace kubepp::net {
namespace {

// Bigger than one TLS record, so that a busy stream is read a few records at
// a time (with read-ahead) rather than one recv per 16 KiB.
constexpr long kReadAheadBytes = 64 * 1024;

bool IsIpLiteral(const std::string& host) {
  in6_addr addr6;
  in_addr addr4;
  return inet_pton(AF_INET, host.c_str(), &addr4) == 1 ||
         inet_pton(AF_INET6, host.c_str(), &addr6) == 1;
}

// A BIO over our socket: send() with MSG_NOSIGNAL, so that writing to a
// connection the peer has closed is an EPIPE error rather than a signal.
int SocketBioWrite(BIO* bio, const char* data, int size) {
  int fd = static_cast<int>(reinterpret_cast<intptr_t>(BIO_get_data(bio)));
  BIO_clear_retry_flags(bio);
  ssize_t n = ::send(fd, data, static_cast<size_t>(size), MSG_NOSIGNAL);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    BIO_set_retry_write(bio);
  return static_cast<int>(n);
}

int SocketBioRead(BIO* bio, char* out, int size) {
  int fd = static_cast<int>(reinterpret_cast<intptr_t>(BIO_get_data(bio)));
  BIO_clear_retry_flags(bio);
  ssize_t n = ::recv(fd, out, static_cast<size_t>(size), 0);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_read(bio);
  return static_cast<int>(n);
}

long SocketBioCtrl(BIO*, int cmd, long, void*) { return cmd == BIO_CTRL_FLUSH ? 1 : 0; }

int SocketBioCreate(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

const BIO_METHOD* SocketBioMethod() {
  static const BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "kubepp socket");
    BIO_meth_set_write(m, SocketBioWrite);
    BIO_meth_set_read(m, SocketBioRead);
    BIO_meth_set_ctrl(m, SocketBioCtrl);
    BIO_meth_set_create(m, SocketBioCreate);
    return m;
  }();
  return method;
}

// The reasons OpenSSL queued for the last failure (and an empty queue after),
// with the certificate check's own words when that is what failed.
std::string TakeSslErrors(SSL* ssl) {
  std::string text;
  while (unsigned long e = ERR_get_error()) {
    const char* reason = ERR_reason_error_string(e);
    if (!text.empty()) text += "; ";
    text += reason ? reason : "error " + std::to_string(e);
  }
  long verify = ssl ? SSL_get_verify_result(ssl) : X509_V_OK;
  if (verify != X509_V_OK) {
    text += text.empty() ? "" : ": ";
    text += X509_verify_cert_error_string(verify);
  }
  return text.empty() ? "TLS error" : text;
}

// Waits for one of `events` on fd until the deadline. Returns 1 when ready,
// 0 on timeout, -1 on failure (errno set).
int PollUntil(int fd, short events, TlsSocket::Deadline deadline) {
  for (;;) {
    auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return 0;
    pollfd p{fd, events, 0};
    int r = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 1 << 30)));
    if (r < 0 && errno == EINTR) continue;
    return r;
  }
}

// A connected non-blocking TCP socket to one of `host`'s addresses.
StatusOr<int> ConnectTcp(const TlsSocket::Target& t, TlsSocket::Deadline deadline) {
  std::string where = t.host + ":" + std::to_string(t.port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int gai = ::getaddrinfo(t.host.c_str(), std::to_string(t.port).c_str(), &hints, &found);
  if (gai != 0) return Status::Unavailable("resolving " + t.host + ": " + gai_strerror(gai));
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, &freeaddrinfo);
  std::string last_error = "no address";
  for (addrinfo* a = found; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    int err = 0;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      err = errno;
      if (err == EINPROGRESS) {
        int ready = PollUntil(fd, POLLOUT, deadline);
        if (ready == 0) {
          ::close(fd);
          return Status::Timeout("connecting to " + where + ": timed out");
        }
        socklen_t len = sizeof(err);
        if (ready < 0)
          err = errno;
        else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
          err = errno;
      }
    }
    if (err == 0) {
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
      return fd;
    }
    last_error = std::strerror(err);
    ::close(fd);
  }
  return Status::Unavailable("connecting to " + where + ": " + last_error);
}

}  // namespace

StatusOr<std::unique_ptr<TlsSocket>> TlsSocket::Connect(SSL_CTX* ctx, const Target& target,
                                                        Deadline deadline) {
  auto fd = ConnectTcp(target, deadline);
  if (!fd.ok()) return fd.status();
  SSL* ssl = SSL_new(ctx);
  BIO* bio = ssl ? BIO_new(SocketBioMethod()) : nullptr;
  if (!bio) {
    SSL_free(ssl);
    ::close(*fd);
    return Status::Internal("TLS with " + target.host + ": out of memory");
  }
  BIO_set_data(bio, reinterpret_cast<void*>(static_cast<intptr_t>(*fd)));
  SSL_set_bio(ssl, bio, bio);
  std::unique_ptr<TlsSocket> socket(new TlsSocket(*fd, ssl));

  const std::string& name = target.server_name.empty() ? target.host : target.server_name;
  bool ip = IsIpLiteral(name);
  // SNI carries names only, never IP literals (RFC 6066).
  if (!ip) SSL_set_tlsext_host_name(ssl, name.c_str());
  if (SSL_get_verify_mode(ssl) & SSL_VERIFY_PEER) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    int ok = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str())
                : X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size());
    if (ok != 1) return Status::Internal("TLS with " + target.host + ": bad server name " + name);
  }
  SSL_set_read_ahead(ssl, 1);
  SSL_set_default_read_buffer_len(ssl, kReadAheadBytes);
  SSL_set_mode(ssl, SSL_MODE_RELEASE_BUFFERS);  // idle connections hold no record buffers
  // A server that closes without close_notify ends the stream like one that
  // sends it; HTTP framing tells whether the response was whole.
  SSL_set_options(ssl, SSL_OP_IGNORE_UNEXPECTED_EOF);

  for (;;) {
    int r = SSL_connect(ssl);
    if (r == 1) return socket;
    int error = SSL_get_error(ssl, r);
    Status waited;
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
      if (socket->WaitFor(error, deadline, &waited)) continue;
      return Status(waited.reason(), "TLS handshake with " + target.host + ": " + waited.message());
    }
    if (error == SSL_ERROR_SYSCALL && errno != 0) {
      std::string text = std::strerror(errno);
      ERR_clear_error();
      return Status::Unavailable("TLS handshake with " + target.host + ": " + text);
    }
    return Status::Unavailable("TLS handshake with " + target.host + ": " + TakeSslErrors(ssl));
  }
}

TlsSocket::~TlsSocket() {
  SSL_free(ssl_);  // frees the BIO too
  ::close(fd_);
}

bool TlsSocket::WaitFor(int ssl_error, Deadline deadline, Status* error) {
  int ready = PollUntil(fd_, ssl_error == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN, deadline);
  if (ready > 0) return true;
  *error = ready == 0 ? Status::Timeout("timed out") : Status::Unavailable(std::strerror(errno));
  return false;
}

Status TlsSocket::WriteAll(std::string_view data, Deadline deadline) {
  while (!data.empty()) {
    size_t n = 0;
    int r = SSL_write_ex(ssl_, data.data(), data.size(), &n);
    if (r == 1) {
      data.remove_prefix(n);
      continue;
    }
    int error = SSL_get_error(ssl_, r);
    Status waited;
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
      if (WaitFor(error, deadline, &waited)) continue;
      return waited;
    }
    if (error == SSL_ERROR_SYSCALL && errno != 0) {
      int e = errno;
      ERR_clear_error();
      peer_closed_ = e == EPIPE || e == ECONNRESET;
      return Status::Unavailable(std::strerror(e));
    }
    peer_closed_ = error == SSL_ERROR_ZERO_RETURN;
    return Status::Unavailable(TakeSslErrors(nullptr));
  }
  return Status::Ok();
}

StatusOr<size_t> TlsSocket::ReadSome(char* out, size_t size, Deadline deadline) {
  for (;;) {
    size_t n = 0;
    int r = SSL_read_ex(ssl_, out, size, &n);
    if (r == 1) {
      // One call returns one record at most; take the ones already here too.
      size_t more = 0;
      while (n < size && SSL_has_pending(ssl_) && SSL_read_ex(ssl_, out + n, size - n, &more) == 1)
        n += more;
      ERR_clear_error();  // a record still on its way leaves a WANT_READ behind
      return n;
    }
    int error = SSL_get_error(ssl_, r);
    Status waited;
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
      if (WaitFor(error, deadline, &waited)) continue;
      return waited;
    }
    // OpenSSL words a bare end of stream either way.
    if (error == SSL_ERROR_ZERO_RETURN || (error == SSL_ERROR_SYSCALL && errno == 0)) {
      ERR_clear_error();
      peer_closed_ = true;
      return size_t{0};
    }
    if (error == SSL_ERROR_SYSCALL && errno != 0) {
      int e = errno;
      ERR_clear_error();
      peer_closed_ = e == ECONNRESET;
      return Status::Unavailable(std::strerror(e));
    }
    return Status::Unavailable(TakeSslErrors(nullptr));
  }
}

}  // namespace kubepp::net
