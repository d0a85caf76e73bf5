// The etcd Lease service: grant, revoke, time-to-live, and the keep-alive
// stream, on the store's leases.
//
// The store keeps each lease's TTL and deadline; the TTL first granted is
// remembered here (for LeaseTimeToLive's grantedTTL) for leases granted
// through this server. Keys attached to a lease are not listed (the store
// interface has no such query): LeaseTimeToLive's `keys` stays empty.
// Thread safety: gRPC calls the methods from any of its threads at once.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>

#include "etcdapi/wire.h"
#include "etcdserverpb/rpc.grpc.pb.h"
#include "store/store.h"

namespace kubepp::etcdapi {

class LeaseService final : public etcdserverpb::Lease::CallbackService {
 public:
  // REQUIRES: store outlives the service and every stream it opened.
  LeaseService(store::Store* store, ServerIdentity id) : store_(store), id_(id) {}

  // etcdserverpb::Lease
  grpc::ServerUnaryReactor* LeaseGrant(grpc::CallbackServerContext* ctx, const etcdserverpb::LeaseGrantRequest* req,
                                       etcdserverpb::LeaseGrantResponse* resp) override;
  grpc::ServerUnaryReactor* LeaseRevoke(grpc::CallbackServerContext* ctx, const etcdserverpb::LeaseRevokeRequest* req,
                                        etcdserverpb::LeaseRevokeResponse* resp) override;
  grpc::ServerBidiReactor<etcdserverpb::LeaseKeepAliveRequest, etcdserverpb::LeaseKeepAliveResponse>* LeaseKeepAlive(
      grpc::CallbackServerContext* ctx) override;
  grpc::ServerUnaryReactor* LeaseTimeToLive(grpc::CallbackServerContext* ctx,
                                            const etcdserverpb::LeaseTimeToLiveRequest* req,
                                            etcdserverpb::LeaseTimeToLiveResponse* resp) override;

 private:
  // Constant after construction
  store::Store* const store_;
  const ServerIdentity id_;

  std::mutex mu_;
  std::map<int64_t, int64_t> granted_ttl_;  // Guarded by mu_
};

}  // namespace kubepp::etcdapi
