// EtcdApiServer: kubepp's store served over the etcd v3 gRPC API.
//
// KV, Watch, Lease and Maintenance(Status) on a host:port, plaintext (like
// etcd's http:// client URLs), so etcdctl, the etcd client libraries and the
// store benchmark talk to kubepp exactly as they talk to etcd. Served by
// kubepp's own gRPC server (net/grpc/server.h).
//
//   auto server = EtcdApiServer::Start(store.get(), {.listen = "127.0.0.1:0"});
//   ... (*server)->port() ...
//   (*server)->Shutdown();   // before the store closes
//
// Thread safety: Shutdown may be called from any thread, once or more.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"
#include "etcdapi/wire.h"
#include "store/store.h"

namespace kubepp::net::grpc {
class Server;
}

namespace kubepp::etcdapi {

class KvService;
class WatchService;
class LeaseService;
class MaintenanceService;

struct EtcdApiOptions {
  // host:port, or a client URL ("http://127.0.0.1:2379"). Port 0 picks a free one.
  std::string listen = "127.0.0.1:2379";
  ServerIdentity identity{0x6b756265707063ull /* "kubeppc" */, 0x6b75626570706dull /* "kubeppm" */};
};

class EtcdApiServer {
 public:
  // REQUIRES: store outlives the server (or at least its Shutdown()).
  static StatusOr<std::unique_ptr<EtcdApiServer>> Start(store::Store* store,
                                                        const EtcdApiOptions& options);
  ~EtcdApiServer();

  int port() const { return port_; }
  // Ends every call (open watch streams included) and stops listening.
  void Shutdown();
  // Blocks until Shutdown has been called and the server has stopped.
  void Wait();

 private:
  EtcdApiServer() = default;

  int port_ = 0;
  std::unique_ptr<KvService> kv_;
  std::unique_ptr<WatchService> watch_;
  std::unique_ptr<LeaseService> lease_;
  std::unique_ptr<MaintenanceService> maintenance_;
  std::unique_ptr<net::grpc::Server> server_;  // declared last: stopped before the services go
};

}  // namespace kubepp::etcdapi
