// HttpsClient: a small HTTPS/1.1 client for talking to the apiserver with
// mutual TLS (the cluster CA, a client certificate and key). One client owns
// one connection and reuses it across requests (keep-alive); when a reused
// connection turns out to be closed by the server before any response byte
// arrived, the request is sent again once on a fresh connection.
//
// WatchPool: many long-running streaming requests (watches) multiplexed on a
// few threads of one event loop, for callers that hold hundreds of watches.
//
// Asio and Beast stay in https_client.cc, like http_server.h does it, so users
// of this header compile fast.
//
// Thread safety: an HttpsClient serves one request at a time; call it from
// one thread (Cancel() is the exception: any thread). WatchPool methods may
// be called from any thread; its callbacks run on the pool's threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "net/http.h"

namespace kubepp::net {

struct HttpsClientOptions {
  std::string host = "127.0.0.1";  // also the name the serving certificate must carry
  uint16_t port = 6443;
  std::string ca_file;  // verify the server against this CA (PEM); empty: no verification
  std::string cert_file, key_file;           // the client identity (PEM); empty: anonymous
  // The same as PEM text in memory (kubeconfig *-data); used when the file is "".
  std::string ca_pem, cert_pem, key_pem;
  std::string bearer_token;  // sent as "Authorization: Bearer <token>" when set
  std::string server_name;   // name to verify and send as SNI; "" = host
  std::string user_agent = "kubepp-https-client";
  std::chrono::milliseconds timeout{30000};  // per request, and to connect; not for watch streams
  size_t max_body_bytes = size_t{1} << 30;   // LIST responses can be large
};

struct HttpResult {
  int code = 0;
  Headers headers;  // names lower-cased
  std::string body;

  // nullptr when absent; the first header of that (lower-case) name.
  const std::string* Header(std::string_view lower_name) const;
};

// Called once per line of a streamed response (without the '\n'); return
// false to stop the stream.
using LineCallback = std::function<bool(std::string_view line)>;

class HttpsClient {
 public:
  static StatusOr<std::unique_ptr<HttpsClient>> Create(const HttpsClientOptions& options);
  virtual ~HttpsClient() = default;

  // Sends one request and reads the whole response. Any HTTP status is a
  // result; transport and TLS failures are a Status (Unavailable, Timeout).
  virtual StatusOr<HttpResult> Request(std::string_view method, std::string_view path,
                                       std::string_view content_type = {},
                                       std::string_view body = {},
                                       std::string_view accept = "application/json") = 0;

  // Streams GET `path` and calls on_line per line until the server ends the
  // stream, on_line returns false, or Cancel() is called. Returns the response
  // code (200 for a watch) once the stream is over; a stream that ends because
  // of Cancel() or on_line still returns its code. Uses its own connection.
  virtual StatusOr<int> Watch(std::string_view path, const LineCallback& on_line) = 0;

  // Ends a Watch() in progress (from any thread); the next Watch() starts fresh.
  virtual void Cancel() = 0;
};

class WatchPool {
 public:
  using WatchId = uint64_t;
  struct Callbacks {
    std::function<void(int code)> on_open;  // response headers arrived
    LineCallback on_line;                   // per line; false ends this watch
    std::function<void(Status)> on_done;    // exactly once: ended (OK) or failed
  };

  static StatusOr<std::unique_ptr<WatchPool>> Create(const HttpsClientOptions& options,
                                                     int threads);
  virtual ~WatchPool() = default;

  // Opens a streaming GET of `path` on its own connection. REQUIRES: before Stop().
  virtual WatchId Start(std::string path, Callbacks callbacks) = 0;
  // Ends one watch; its on_done still runs (with OK).
  virtual void Cancel(WatchId id) = 0;
  // Ends every watch, waits for their on_done, joins the threads.
  virtual void Stop() = 0;
};

}  // namespace kubepp::net
