// TlsSocket: one client TLS connection driven by plain blocking-style calls,
// each bounded by a deadline. HttpsClient::Request() uses it instead of an
// Asio stream: a request is synchronous anyway, and a large response (a LIST
// of 10,000 pods is 70 MB) then costs one recv per several TLS records and
// no completion-handler machinery per record.
//
// The socket is non-blocking underneath; a call that would block waits in
// poll() until the deadline. Writes never raise SIGPIPE.
//
// Thread safety: none; one thread at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace kubepp::net {

class TlsSocket {
 public:
  using Deadline = std::chrono::steady_clock::time_point;

  struct Target {
    std::string host;  // an IP literal or a name to resolve
    uint16_t port = 0;
    std::string server_name;  // SNI and the name to verify; "" = host
  };

  // Connects and completes the handshake. When `ctx` verifies its peer, the
  // certificate must also carry the server name (an IP SAN for IP literals).
  static StatusOr<std::unique_ptr<TlsSocket>> Connect(SSL_CTX* ctx, const Target& target,
                                                      Deadline deadline);
  ~TlsSocket();
  TlsSocket(const TlsSocket&) = delete;
  TlsSocket& operator=(const TlsSocket&) = delete;

  Status WriteAll(std::string_view data, Deadline deadline);

  // Reads at least one byte (up to `size`) into `out`: one TLS record, and
  // those behind it that have arrived already. 0 means the peer closed the
  // connection (cleanly or not).
  StatusOr<size_t> ReadSome(char* out, size_t size, Deadline deadline);

  // True once a call failed or read 0 because the peer had closed or reset
  // the connection, as opposed to a timeout or a TLS error.
  bool peer_closed() const { return peer_closed_; }

 private:
  TlsSocket(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}

  // Waits until the socket is ready for what SSL_get_error asked for;
  // false on deadline or poll failure (then `*error` says which).
  bool WaitFor(int ssl_error, Deadline deadline, Status* error);

  int fd_;
  SSL* ssl_;
  bool peer_closed_ = false;
};

}  // namespace kubepp::net
