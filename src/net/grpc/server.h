// kubepp's own gRPC server over its own HTTP/2 (net/http2/server_connection.h): plaintext
// HTTP/2 with prior knowledge on a TCP port, as etcd serves its http:// client URLs.
//
//   grpc::Server server({.max_receive_message = 2 << 20});
//   server.AddUnaryMethod("/etcdserverpb.KV/Put", put_handler);
//   server.AddStreamingMethod("/etcdserverpb.Watch/Watch", watch_factory);
//   StatusOr<int> port = server.Start("127.0.0.1:0");
//   ...
//   server.Shutdown(std::chrono::seconds(5));
//
// Routing is by :path. A method nobody registered answers Unimplemented; a request that is not
// gRPC (not POST, another content-type) gets the HTTP status gRPC's servers send; a compressed
// request (grpc-encoding other than identity) answers Unimplemented; a message above
// max_receive_message answers ResourceExhausted; grpc-timeout ends a call DeadlineExceeded.
//
// Threads: one accepting thread; the HTTP/2 connection loops (all socket I/O, and the callbacks of
// streaming calls, each connection on one loop); `worker_threads` threads for unary handlers.
//
// Thread safety: Add* before Start, from one thread; Shutdown and Wait from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"
#include "net/grpc/server_handler.h"
#include "net/http2/server_connection.h"

namespace kubepp::net::grpc {

struct Method;
class ServerCall;
class WorkerPool;

struct ServerOptions {
  size_t max_receive_message = 4 * 1024 * 1024;  // gRPC's default
  int worker_threads = 0;                        // 0: one per core, at least 2
  http2::ServerConnectionOptions connection;
};

class Server final : private http2::RequestHandler {
 public:
  explicit Server(ServerOptions options);
  ~Server() override;

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Where a unary handler runs: on a worker thread (the default), or, for a
  // handler that never blocks (it hands its work on and answers from a
  // callback), on the connection's own thread, which saves a thread hand-off
  // per call.
  enum class Dispatch { kWorker, kConnectionThread };
  // `path` is "/package.Service/Method".
  void AddUnaryMethod(std::string path, UnaryHandler handler, Dispatch dispatch = Dispatch::kWorker);
  void AddStreamingMethod(std::string path, StreamFactory factory);

  // Listens on "host:port" ("[::1]:port"; an empty host or port 0 as for bind) and starts
  // serving. The port listened on, or Unavailable.
  StatusOr<int> Start(const std::string& host_port);

  // Stops accepting and sends GOAWAY on every connection. Streaming calls end at once with
  // Unavailable; unary calls in flight have `grace` to finish before their connections close.
  // When it returns, every handler has seen OnDone and no unary handler is running.
  void Shutdown(std::chrono::milliseconds grace = std::chrono::seconds(5));
  // Blocks until Shutdown has finished.
  void Wait();

 private:
  // http2::RequestHandler
  std::shared_ptr<http2::StreamObserver> OnRequest(std::shared_ptr<http2::ServerStream> stream,
                                                   http2::HeaderList headers) override;

  void AcceptLoop();
  void ForgetCall(ServerCall* call);

  // Constant after Start.
  const ServerOptions options_;
  std::map<std::string, std::unique_ptr<Method>, std::less<>> methods_;
  std::unique_ptr<WorkerPool> pool_;
  int listen_fd_ = -1;
  int wake_fd_ = -1;
  std::thread acceptor_;

  std::mutex mu_;
  std::condition_variable stopped_cv_;
  // Guarded by mu_.
  std::vector<std::shared_ptr<http2::ServerConnection>> connections_;
  bool shutting_down_ = false;
  bool stopped_ = false;

  std::mutex calls_mu_;
  // Open streaming calls, ended by Shutdown. Guarded by calls_mu_.
  std::map<ServerCall*, std::weak_ptr<ServerCall>> streaming_calls_;
};

}  // namespace kubepp::net::grpc
