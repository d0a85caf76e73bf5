// The etcd Maintenance service, Status only: what `etcdctl endpoint status`
// and health checks ask. kubepp is a single member that is always leader.
#pragma once

#include <memory>
#include <string>

#include "etcdapi/wire.h"
#include "net/grpc/server_handler.h"
#include "store/store.h"

namespace kubepp::etcdapi {

// The etcd version kubepp's API matches; clients print it and some check it.
inline constexpr char kEtcdApiVersion[] = "3.5.0";

class MaintenanceService {
 public:
  // REQUIRES: store outlives the service.
  MaintenanceService(store::Store* store, ServerIdentity id) : store_(store), id_(id) {}

  // etcdserverpb.Maintenance
  void Status(std::string request, std::shared_ptr<net::grpc::UnaryCall> call);

 private:
  // Constant after construction
  store::Store* const store_;
  const ServerIdentity id_;
};

}  // namespace kubepp::etcdapi
