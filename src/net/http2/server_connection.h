// The server end of one HTTP/2 connection (RFC 9113) in prior-knowledge cleartext ("h2c", the
// way gRPC clients and etcdctl connect): the client preface and SETTINGS exchange, request
// streams, flow control both ways, PING answers, RST_STREAM and GOAWAY.
//
//   auto conn = ServerConnection::Start(accepted_fd, &handler, {});
//   ...  handler.OnRequest(stream, headers) answers through `stream` from any thread
//   conn->GoAway();  // graceful: no new streams, closes when the open ones have ended
//   conn->Close();   // at once: every open stream ends as cancelled
//   conn->Join();
//
// Threads: a few loop threads (one per core) run every connection's socket I/O, non-blocking,
// through epoll; each connection stays on one loop, which runs every callback of the application
// for it (RequestHandler::OnRequest, StreamObserver) one at a time and never while holding the
// connection's lock. Callbacks must not block: they hold up the loop's other connections. The
// application answers from any thread through ServerStream, which only queues frames and wakes the
// connection's thread: a caller never waits on the socket or on the peer's flow-control window.
//
// Flow control: DATA the peer sends is credited back (WINDOW_UPDATE) once the observer's
// OnData has returned, i.e. as the application consumes it. Outgoing DATA waits for the peer's
// windows and is cut to its SETTINGS_MAX_FRAME_SIZE; at most `max_output_buffer` bytes are taken
// from the streams' queues ahead of the socket, so a peer that stops reading stops the
// OnDrained callbacks that producers pace themselves by.
//
// Errors: malformed input from the peer is a connection error (GOAWAY with the RFC's code, then
// the socket closes) or a stream error (RST_STREAM), never a crash.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "net/http2/frame.h"
#include "net/http2/header_field.h"

namespace kubepp::net::http2 {

class ServerConnection;
class ConnectionLoop;

struct ServerConnectionOptions {
  uint32_t stream_window = 1 << 20;           // SETTINGS_INITIAL_WINDOW_SIZE this side advertises
  uint32_t connection_window = 16 << 20;      // the connection's receive window
  uint32_t max_concurrent_streams = 1000;     // SETTINGS_MAX_CONCURRENT_STREAMS
  uint32_t max_header_list_size = 64 * 1024;  // SETTINGS_MAX_HEADER_LIST_SIZE
  size_t max_output_buffer = 256 * 1024;      // bytes of frames taken ahead of the socket
};

// The application's view of one request stream: the response goes out through it. Calls after
// the stream has ended do nothing (and Send* answer false).
class ServerStream {
 public:
  uint32_t id() const { return id_; }

  // The response's header block (or its trailers, when sent after DATA); end_stream ends the
  // response. Not flow-controlled.
  bool SendHeaders(HeaderList headers, bool end_stream);
  // DATA, split by the peer's frame size and windows as they allow.
  bool SendData(std::string data, bool end_stream);
  // Ends the stream with RST_STREAM.
  void Reset(ErrorCode code);
  // The observer's OnDeadline runs at `deadline` unless the stream ended before.
  void SetDeadline(std::chrono::steady_clock::time_point deadline);

 private:
  friend class ServerConnection;
  class ConnectionLoop;
  ServerStream(std::weak_ptr<ServerConnection> connection, uint32_t id)
      : connection_(std::move(connection)), id_(id) {}

  const std::weak_ptr<ServerConnection> connection_;
  const uint32_t id_;
};

// The events of one request stream, on the connection's thread, one at a time, in order.
class StreamObserver {
 public:
  virtual ~StreamObserver() = default;
  // A piece of the request body; end_stream: the request is complete (trailers or END_STREAM).
  virtual void OnData(std::string_view data, bool end_stream) = 0;
  // Everything the application queued has been taken towards the socket.
  virtual void OnDrained() {}
  // The stream's deadline (ServerStream::SetDeadline) passed.
  virtual void OnDeadline() {}
  // The last call: kNoError when the response went out whole; otherwise why the stream ended
  // early (the peer's RST_STREAM code, or kCancel when the connection went).
  virtual void OnClosed(ErrorCode code) = 0;
};

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // A new request with well-formed headers (pseudo-headers first). Returns the stream's
  // observer, or nullptr when the request was answered already and its body does not matter.
  virtual std::shared_ptr<StreamObserver> OnRequest(std::shared_ptr<ServerStream> stream,
                                                    HeaderList headers) = 0;
};

class ServerConnection : public std::enable_shared_from_this<ServerConnection> {
 public:
  // Takes ownership of `fd` (an accepted stream socket) and starts the connection's thread.
  // REQUIRES: handler outlives Join().
  static std::shared_ptr<ServerConnection> Start(int fd, RequestHandler* handler,
                                                 const ServerConnectionOptions& options = {});
  ~ServerConnection();

  ServerConnection(const ServerConnection&) = delete;
  ServerConnection& operator=(const ServerConnection&) = delete;

  // Sends GOAWAY: streams the peer opens from now on are refused; the connection closes once
  // the open ones have ended.
  void GoAway();
  // Ends every stream (OnClosed(kCancel)) and closes the socket.
  void Close();
  // Waits until the connection has ended, at most until `deadline`; true if it has.
  bool WaitUntilFinished(std::chrono::steady_clock::time_point deadline);
  // Waits until the connection has ended; every OnClosed has run when it returns. Not from a
  // callback of any connection: the loop that would end it may be the caller's.
  void Join();
  // True once the connection has ended.
  bool finished() const;
  size_t active_streams() const;

 private:
  friend class ServerStream;
  friend class ConnectionLoop;
  class Impl;

  explicit ServerConnection(std::unique_ptr<Impl> impl);

  const std::unique_ptr<Impl> impl_;
};

}  // namespace kubepp::net::http2
