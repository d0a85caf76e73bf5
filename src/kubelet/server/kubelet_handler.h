// KubeletHandler: the request handling behind KubeletServer — routing,
// authorization and the endpoints listed in kubelet_server.h — without the
// listener, so it can be driven with plain requests in tests.
//
// Thread safety: Handle() may be called from any thread. Log streams run on
// threads of their own, which Stop() (and the destructor) end and join;
// call Stop() after the listener stopped, so no new stream starts.
#pragma once

#include <atomic>
#include <memory>

#include "base/task_threads.h"
#include "kubelet/server/kubelet_server.h"
#include "net/http.h"
#include "net/reverse_proxy.h"

namespace kubepp::kubelet::server {

class KubeletHandler {
 public:
  KubeletHandler(KubeletServerHooks hooks, std::unique_ptr<net::ReverseProxy> runtime_proxy);
  ~KubeletHandler();

  void Handle(net::HttpRequest& request, std::shared_ptr<net::Responder> out);
  void Stop();

 private:
  void ServeContainerLogs(const std::vector<std::string>& parts, net::HttpRequest& request,
                          std::shared_ptr<net::Responder> out);
  void ServeStream(StreamRequest::Kind kind, const std::vector<std::string>& parts, net::HttpRequest& request,
                   std::shared_ptr<net::Responder> out);
  void ServePods(net::Responder& out);
  void ServeHealthz(const net::HttpRequest& request, net::Responder& out);
  // Runs `fn` on a thread of its own (log streams block on files and on the
  // client); joins the ones that have ended.
  void RunStream(std::function<void()> fn);

  // Constant after construction:
  const KubeletServerHooks hooks_;
  const std::unique_ptr<net::ReverseProxy> runtime_proxy_;

  std::atomic<bool> stopping_{false};
  TaskThreads streams_;
};

}  // namespace kubepp::kubelet::server
