// The etcd Maintenance service, Status only: what `etcdctl endpoint status`
// and health checks ask. kubepp is a single member that is always leader.
#pragma once

#include "etcdapi/wire.h"
#include "etcdserverpb/rpc.grpc.pb.h"
#include "store/store.h"

namespace kubepp::etcdapi {

// The etcd version kubepp's API matches; clients print it and some check it.
inline constexpr char kEtcdApiVersion[] = "3.5.0";

class MaintenanceService final : public etcdserverpb::Maintenance::CallbackService {
 public:
  // REQUIRES: store outlives the service.
  MaintenanceService(store::Store* store, ServerIdentity id) : store_(store), id_(id) {}

  // etcdserverpb::Maintenance
  grpc::ServerUnaryReactor* Status(grpc::CallbackServerContext* ctx, const etcdserverpb::StatusRequest* req,
                                   etcdserverpb::StatusResponse* resp) override;

 private:
  // Constant after construction
  store::Store* const store_;
  const ServerIdentity id_;
};

}  // namespace kubepp::etcdapi
