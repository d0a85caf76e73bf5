// A fixed set of threads running posted tasks in order of posting: where kubepp's gRPC server
// runs unary handlers, so that a slow one holds up neither its connection nor the others.
//
// Thread safety: Post may be called from any thread; destruction runs what is queued, then joins.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kubepp::net::grpc {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Post(std::function<void()> task);

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable ready_;
  // Guarded by mu_.
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;

  std::vector<std::thread> threads_;
};

}  // namespace kubepp::net::grpc
