// HTTP requests and responses as the rest of kubepp sees them: plain structs
// and a small streaming interface, with no Asio or Beast in sight, so that
// handlers compile fast and can be tested without sockets.
//
// A handler gets the request and a Responder. It must eventually either call
// Respond() once, or StartStream() followed by any number of Write() and one
// End(), or Hijack() to take the connection over (Upgrade requests: exec,
// attach, port-forward). Every Responder method may be called from any
// thread; writes are queued and sent in order on the connection's own executor.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubepp::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

// A client connection the server handed over after a request: its TLS stream
// and the bytes the client sent past the request. Opaque outside src/net —
// net/reverse_proxy.h relays one to a backend; defined in
// net/hijacked_connection.h, which carries Asio.
class HijackedConnection;

struct PeerIdentity {
  bool verified = false;             // a client certificate signed by the cluster CA
  std::string common_name;           // CN: the user
  std::vector<std::string> organizations;  // O: the groups
};

struct HttpRequest {
  enum class ReadError { kNone, kBodyTooLarge, kMalformed };

  std::string method;   // "GET"
  std::string target;   // "/api/v1/pods?watch=1"
  std::string path;     // "/api/v1/pods" (percent-decoded)
  std::string query;    // "watch=1" (raw)
  Headers headers;      // names lower-cased
  std::string body;
  PeerIdentity peer;
  std::string remote_address;
  ReadError read_error = ReadError::kNone;

  // nullptr when absent; the first header of that (lower-case) name.
  const std::string* Header(std::string_view lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  Headers headers;
  std::string body;
};

class Responder {
 public:
  virtual ~Responder() = default;

  // A whole response. REQUIRES: nothing sent yet.
  virtual void Respond(HttpResponse response) = 0;

  // Starts a chunked response; Write() sends one chunk each; End() finishes it.
  virtual void StartStream(int status, std::string content_type, Headers headers = {}) = 0;
  // The same buffer may go to many streams (one encoded watch event to every
  // watcher); it is sent as it is, without copying.
  virtual void WriteShared(std::shared_ptr<const std::string> chunk) = 0;
  void Write(std::string chunk) { WriteShared(std::make_shared<const std::string>(std::move(chunk))); }
  virtual void End() = 0;
  // Ends the stream by itself after `d` (watch timeouts).
  virtual void EndAfter(std::chrono::milliseconds d) = 0;

  // True once the client has gone or the stream ended; later writes are dropped.
  virtual bool Closed() const = 0;
  // Runs `fn` once, when the stream is closed for any reason (client gone,
  // End(), EndAfter, server shutdown). Runs at once if already closed.
  virtual void OnClose(std::function<void()> fn) = 0;

  // Takes the connection over instead of answering: the server sends nothing
  // more on it, closes this Responder and calls `fn` once, on the
  // connection's executor, with the connection — or with null when there is
  // none to hand over (the client is gone, a test double). REQUIRES: nothing
  // sent yet.
  virtual void Hijack(std::function<void(std::shared_ptr<HijackedConnection>)> fn) { fn(nullptr); }

  // Bytes queued for the client but not yet written: a producer faster than
  // its client waits while this is large.
  virtual size_t PendingBytes() const { return 0; }
  // Runs `fn` once fewer than `below` bytes are pending (at once when that is
  // already so), on one of the server's threads but never inline; never when
  // the stream closes first. One waiter at a time: a producer that writes as
  // fast as its client reads, without queueing its whole output. Wrappers
  // must pass it on: run inline, `fn` would recurse into its producer.
  virtual void OnDrained(size_t below, std::function<void()> fn) = 0;
};

using Handler = std::function<void(HttpRequest&, std::shared_ptr<Responder>)>;

}  // namespace kubepp::net
