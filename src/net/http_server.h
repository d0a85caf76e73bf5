// An HTTPS/1.1 server: TLS with optional client certificates checked against
// the cluster CA, keep-alive, request bodies up to a limit, and chunked
// streaming responses (watches). The protocol work lives in http_server.cc;
// this header stays free of Asio so that users compile fast.
//
// Thread safety: Start/Stop from one thread; the handler runs on the
// server's I/O threads and must not block for long.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"
#include "net/http.h"

namespace kubepp::net {

struct HttpServerOptions {
  std::string bind_address = "0.0.0.0";
  uint16_t port = 6443;            // 0 = any free port (see HttpServer::port())
  std::string cert_file, key_file;  // serving certificate and key (PEM)
  std::string client_ca_file;       // verify client certificates against this CA
  size_t max_body_bytes = 3 * 1024 * 1024;
  int threads = 2;
};

class HttpServer {
 public:
  static StatusOr<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options, Handler handler);
  virtual ~HttpServer() = default;
  virtual uint16_t port() const = 0;
  // Closes the listener and every connection, ends open streams, joins threads.
  virtual void Stop() = 0;
};

}  // namespace kubepp::net
