#include "etcdapi/etcd_api_server.h"

#include <chrono>
#include <limits>

#include <grpcpp/grpcpp.h>

#include "base/log.h"
#include "etcdapi/kv_service.h"
#include "etcdapi/lease_service.h"
#include "etcdapi/maintenance_service.h"
#include "etcdapi/watch_service.h"

namespace kubepp::etcdapi {
namespace {

// etcd's defaults: --max-request-bytes 1.5 MiB plus 512 KiB of gRPC overhead.
constexpr int kMaxRequestBytes = 1536 * 1024 + 512 * 1024;

std::string HostPort(const std::string& listen) {
  std::string s = listen;
  for (const char* scheme : {"http://", "grpc://"}) {
    if (s.rfind(scheme, 0) == 0) s = s.substr(std::char_traits<char>::length(scheme));
  }
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

StatusOr<std::unique_ptr<EtcdApiServer>> EtcdApiServer::Start(store::Store* store, const EtcdApiOptions& options) {
  if (options.listen.rfind("https://", 0) == 0 || options.listen.rfind("unix", 0) == 0) {
    return Status::BadRequest("etcdapi: only plaintext host:port listeners are supported, not " + options.listen);
  }
  std::unique_ptr<EtcdApiServer> server(new EtcdApiServer());
  server->kv_ = std::make_unique<KvService>(store, options.identity);
  server->watch_ = std::make_unique<WatchService>(store, options.identity);
  server->lease_ = std::make_unique<LeaseService>(store, options.identity);
  server->maintenance_ = std::make_unique<MaintenanceService>(store, options.identity);

  grpc::ServerBuilder builder;
  builder.AddListeningPort(HostPort(options.listen), grpc::InsecureServerCredentials(), &server->port_);
  builder.SetMaxReceiveMessageSize(kMaxRequestBytes);
  builder.SetMaxSendMessageSize(std::numeric_limits<int>::max());
  builder.RegisterService(server->kv_.get());
  builder.RegisterService(server->watch_.get());
  builder.RegisterService(server->lease_.get());
  builder.RegisterService(server->maintenance_.get());
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return Status::Unavailable("etcdapi: cannot listen on " + options.listen);
  }
  KLOG(INFO) << "etcd v3 API listening on " << HostPort(options.listen) << " (port " << server->port_ << ")";
  return server;
}

EtcdApiServer::~EtcdApiServer() { Shutdown(); }

void EtcdApiServer::Shutdown() {
  // A deadline of now cancels open streams (watches never end by themselves)
  // instead of waiting for them.
  if (server_) server_->Shutdown(std::chrono::system_clock::now());
}

void EtcdApiServer::Wait() {
  if (server_) server_->Wait();
}

}  // namespace kubepp::etcdapi
