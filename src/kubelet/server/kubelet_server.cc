#include "kubelet/server/kubelet_server.h"

#include "base/log.h"
#include "kubelet/server/kubelet_handler.h"
#include "net/http_server.h"

namespace kubepp::kubelet::server {
namespace {

class KubeletServerImpl final : public KubeletServer {
 public:
  explicit KubeletServerImpl(std::unique_ptr<KubeletHandler> handler) : handler_(std::move(handler)) {}
  ~KubeletServerImpl() override { Stop(); }

  Status Init(const KubeletServerOptions& options) {
    net::HttpServerOptions http;
    http.bind_address = options.bind_address;
    http.port = options.port;
    http.cert_file = options.cert_file;
    http.key_file = options.key_file;
    http.client_ca_file = options.client_ca_file;
    http.threads = options.threads;
    KubeletHandler* handler = handler_.get();
    auto server = net::HttpServer::Start(http, [handler](net::HttpRequest& req, std::shared_ptr<net::Responder> out) {
      handler->Handle(req, std::move(out));
    });
    if (!server.ok()) return server.status();
    http_ = std::move(*server);
    KLOG(INFO) << "kubelet API serving on " << options.bind_address << ":" << http_->port();
    return Status::Ok();
  }

  uint16_t port() const override { return http_ ? http_->port() : 0; }

  void Stop() override {
    // The listener first, so no stream starts while the handler ends them.
    if (http_) http_->Stop();
    if (handler_) handler_->Stop();
  }

 private:
  std::unique_ptr<KubeletHandler> handler_;
  std::unique_ptr<net::HttpServer> http_;
};

}  // namespace

StatusOr<std::unique_ptr<KubeletServer>> KubeletServer::Start(const KubeletServerOptions& options,
                                                              KubeletServerHooks hooks) {
  if (options.client_ca_file.empty()) {
    return Status::BadRequest("the kubelet API needs the cluster CA to authenticate clients");
  }
  // The runtime's streaming server is local and its certificate (when it
  // uses TLS at all) is its own: it is not verified, as upstream does not.
  auto proxy = net::ReverseProxy::Create({});
  if (!proxy.ok()) return proxy.status();
  auto server = std::make_unique<KubeletServerImpl>(
      std::make_unique<KubeletHandler>(std::move(hooks), std::move(*proxy)));
  KUBEPP_RETURN_IF_ERROR(server->Init(options));
  return std::unique_ptr<KubeletServer>(std::move(server));
}

}  // namespace kubepp::kubelet::server
