// ServerCall: one gRPC call on one HTTP/2 stream of kubepp's gRPC server (server.h) — the
// server's internals, not for services. It reads the request messages (message_reader.h), hands
// a unary request to the worker pool or each message of a stream to its StreamHandler, and writes
// the response: headers before the first message, trailers with grpc-status and the
// percent-encoded grpc-message at the end, or one trailers-only block when nothing else was sent.
//
// Lifetime: shared by the connection (as the stream's observer) and the service's handles; it
// outlives its stream harmlessly (later writes are refused).
// Lock order: mu_, then the connection's lock (ServerStream). Handler callbacks run without mu_.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "net/grpc/message_reader.h"
#include "net/grpc/server_handler.h"
#include "net/grpc/worker_pool.h"
#include "net/http2/server_connection.h"

namespace kubepp::net::grpc {

// A registered method: exactly one of the two is set.
struct Method {
  UnaryHandler unary;
  StreamFactory streaming;
  bool on_connection_thread = false;  // unary: run the handler where the request ended
};

class ServerCall final : public http2::StreamObserver,
                         public UnaryCall,
                         public StreamCall,
                         public std::enable_shared_from_this<ServerCall> {
 public:
  // REQUIRES: method and pool outlive the call's connection; on_done (may be empty) runs on the
  // connection's thread when the stream ends.
  ServerCall(std::shared_ptr<http2::ServerStream> stream, const Method* method, WorkerPool* pool,
             size_t max_message, std::function<void(ServerCall*)> on_done);

  // Starts a streaming call's handler. Called once, on the connection's thread, before data.
  void StartStreaming();

  // Answers a request the server refuses before any handler sees it.
  static void RejectTrailersOnly(http2::ServerStream& stream, const CallStatus& status);

  // http2::StreamObserver
  void OnData(std::string_view data, bool end_stream) override;
  void OnDrained() override;
  void OnDeadline() override;
  void OnClosed(http2::ErrorCode code) override;

  // UnaryCall
  void Reply(std::string response) override;
  void Fail(CallStatus status) override;

  // StreamCall
  bool Write(std::string message) override;
  void Finish(CallStatus status) override;

 private:
  // REQUIRES: mu_ held.
  bool WriteLocked(std::string message);
  void FinishLocked(const CallStatus& status);

  // Constant after construction.
  const std::shared_ptr<http2::ServerStream> stream_;
  const Method* const method_;
  WorkerPool* const pool_;
  const std::function<void(ServerCall*)> on_done_;

  // The connection's thread only.
  MessageReader reader_;
  bool have_request_ = false;
  std::string request_;  // a unary call's message
  std::unique_ptr<StreamHandler> handler_;

  std::mutex mu_;
  // Guarded by mu_.
  bool headers_sent_ = false;
  bool finished_ = false;  // trailers queued, or the stream ended
};

}  // namespace kubepp::net::grpc
