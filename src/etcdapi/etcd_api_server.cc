#include "etcdapi/etcd_api_server.h"

#include <chrono>
#include <utility>

#include "base/log.h"
#include "etcdapi/kv_service.h"
#include "etcdapi/lease_service.h"
#include "etcdapi/maintenance_service.h"
#include "etcdapi/watch_service.h"
#include "net/grpc/server.h"

namespace kubepp::etcdapi {
namespace {

// etcd's defaults: --max-request-bytes 1.5 MiB plus 512 KiB of gRPC overhead.
constexpr size_t kMaxRequestBytes = 1536 * 1024 + 512 * 1024;

// How long unary calls in flight may take to finish at shutdown.
constexpr auto kShutdownGrace = std::chrono::seconds(2);

std::string HostPort(const std::string& listen) {
  std::string s = listen;
  for (const char* scheme : {"http://", "grpc://"}) {
    if (s.rfind(scheme, 0) == 0) s = s.substr(std::char_traits<char>::length(scheme));
  }
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

template <typename Service>
void AddUnary(net::grpc::Server& server, const char* path, Service* service,
              void (Service::*method)(std::string, std::shared_ptr<net::grpc::UnaryCall>),
              net::grpc::Server::Dispatch dispatch = net::grpc::Server::Dispatch::kWorker) {
  server.AddUnaryMethod(
      path,
      [service, method](std::string request, std::shared_ptr<net::grpc::UnaryCall> call) {
        (service->*method)(std::move(request), std::move(call));
      },
      dispatch);
}

}  // namespace

StatusOr<std::unique_ptr<EtcdApiServer>> EtcdApiServer::Start(store::Store* store,
                                                              const EtcdApiOptions& options) {
  if (options.listen.rfind("https://", 0) == 0 || options.listen.rfind("unix", 0) == 0) {
    return Status::BadRequest("etcdapi: only plaintext host:port listeners are supported, not " +
                              options.listen);
  }
  std::unique_ptr<EtcdApiServer> server(new EtcdApiServer());
  server->kv_ = std::make_unique<KvService>(store, options.identity);
  server->watch_ = std::make_unique<WatchService>(store, options.identity);
  server->lease_ = std::make_unique<LeaseService>(store, options.identity);
  server->maintenance_ = std::make_unique<MaintenanceService>(store, options.identity);

  net::grpc::ServerOptions grpc_options;
  grpc_options.max_receive_message = kMaxRequestBytes;
  server->server_ = std::make_unique<net::grpc::Server>(grpc_options);
  net::grpc::Server& grpc = *server->server_;
  KvService* kv = server->kv_.get();
  AddUnary(grpc, "/etcdserverpb.KV/Range", kv, &KvService::Range);
  // Writes hand themselves to the store and answer from its commit callback:
  // they run where their request arrived. Reads (a range may take
  // milliseconds) and the lease calls, which wait, run on workers.
  const auto here = net::grpc::Server::Dispatch::kConnectionThread;
  AddUnary(grpc, "/etcdserverpb.KV/Put", kv, &KvService::Put, here);
  AddUnary(grpc, "/etcdserverpb.KV/DeleteRange", kv, &KvService::DeleteRange, here);
  AddUnary(grpc, "/etcdserverpb.KV/Txn", kv, &KvService::Txn, here);
  AddUnary(grpc, "/etcdserverpb.KV/Compact", kv, &KvService::Compact);
  WatchService* watch = server->watch_.get();
  grpc.AddStreamingMethod("/etcdserverpb.Watch/Watch",
                          [watch](std::shared_ptr<net::grpc::StreamCall> call) {
                            return watch->Watch(std::move(call));
                          });
  LeaseService* lease = server->lease_.get();
  AddUnary(grpc, "/etcdserverpb.Lease/LeaseGrant", lease, &LeaseService::LeaseGrant);
  AddUnary(grpc, "/etcdserverpb.Lease/LeaseRevoke", lease, &LeaseService::LeaseRevoke);
  AddUnary(grpc, "/etcdserverpb.Lease/LeaseTimeToLive", lease, &LeaseService::LeaseTimeToLive);
  grpc.AddStreamingMethod("/etcdserverpb.Lease/LeaseKeepAlive",
                          [lease](std::shared_ptr<net::grpc::StreamCall> call) {
                            return lease->LeaseKeepAlive(std::move(call));
                          });
  AddUnary(grpc, "/etcdserverpb.Maintenance/Status", server->maintenance_.get(),
           &MaintenanceService::Status);

  StatusOr<int> port = grpc.Start(HostPort(options.listen));
  if (!port.ok()) {
    return Status::Unavailable("etcdapi: cannot listen on " + options.listen + ": " +
                               port.status().message());
  }
  server->port_ = *port;
  KLOG(INFO) << "etcd v3 API listening on " << HostPort(options.listen) << " (port "
             << server->port_ << ")";
  return server;
}

EtcdApiServer::~EtcdApiServer() { Shutdown(); }

void EtcdApiServer::Shutdown() {
  if (server_) server_->Shutdown(kShutdownGrace);
}

void EtcdApiServer::Wait() {
  if (server_) server_->Wait();
}

}  // namespace kubepp::etcdapi
