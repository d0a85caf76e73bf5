// What a gRPC service implements for kubepp's own gRPC server (server.h), and the handles its
// calls answer through. Messages are serialized bytes: the server knows no protobuf.
//
// Unary methods: the handler runs on one of the server's worker threads with the request and a
// UnaryCall; it answers once, then or later, from any thread (a store's commit callback, say).
//
//   server.AddUnaryMethod("/pkg.Svc/Get", [](std::string request, std::shared_ptr<UnaryCall> call)
//   {
//     call->Reply(response_bytes);           // or call->Fail({StatusCode::kNotFound, "..."})
//   });
//
// Streaming methods (server-streaming and bidirectional alike): the factory makes one
// StreamHandler per call. Its callbacks run on the call's connection thread, one at a time and
// in order; they must not block (a handler with slow work hands it elsewhere). The handler writes
// through its StreamCall from any thread; writes never block and go out in order.
//
// Thread safety: UnaryCall and StreamCall may be used from any thread.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "net/grpc/status_code.h"

namespace kubepp::net::grpc {

class UnaryCall {
 public:
  virtual ~UnaryCall() = default;
  // Answers with `response` and status OK. Only the first Reply or Fail counts; both do nothing
  // once the client has gone.
  virtual void Reply(std::string response) = 0;
  // REQUIRES: !status.ok().
  virtual void Fail(CallStatus status) = 0;
};

class StreamCall {
 public:
  virtual ~StreamCall() = default;
  // Queues a response message; false once the call has ended (finished, cancelled, or lost).
  virtual bool Write(std::string message) = 0;
  // Ends the call with `status` (trailers). Later writes are refused.
  virtual void Finish(CallStatus status) = 0;
};

class StreamHandler {
 public:
  virtual ~StreamHandler() = default;
  // One request message.
  virtual void OnMessage(std::string message) = 0;
  // The client sent its last message (half-close).
  virtual void OnHalfClose() {}
  // Every message written so far has left the call's queue: a producer that keeps one write in
  // flight writes the next now (the socket's backpressure reaches it this way).
  virtual void OnWritesDone() {}
  // The last callback: the call is over (finished, cancelled by the client, or its connection
  // went). The handler is destroyed after it returns.
  virtual void OnDone() = 0;
};

using UnaryHandler = std::function<void(std::string request, std::shared_ptr<UnaryCall> call)>;
using StreamFactory = std::function<std::unique_ptr<StreamHandler>(std::shared_ptr<StreamCall>)>;

}  // namespace kubepp::net::grpc
