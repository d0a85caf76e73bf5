// The etcd Lease service: grant, revoke, time-to-live, and the keep-alive
// stream, on the store's leases.
//
// The store keeps each lease's TTL and deadline; the TTL first granted is
// remembered here (for LeaseTimeToLive's grantedTTL) for leases granted
// through this server. Keys attached to a lease are not listed (the store
// interface has no such query): LeaseTimeToLive's `keys` stays empty.
// Thread safety: the methods may run on any threads at once.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "etcdapi/wire.h"
#include "net/grpc/server_handler.h"
#include "store/store.h"

namespace kubepp::etcdapi {

class LeaseService {
 public:
  // REQUIRES: store outlives the service and every stream it opened.
  LeaseService(store::Store* store, ServerIdentity id) : store_(store), id_(id) {}

  // etcdserverpb.Lease
  void LeaseGrant(std::string request, std::shared_ptr<net::grpc::UnaryCall> call);
  void LeaseRevoke(std::string request, std::shared_ptr<net::grpc::UnaryCall> call);
  void LeaseTimeToLive(std::string request, std::shared_ptr<net::grpc::UnaryCall> call);
  // The bidirectional keep-alive stream: one answer per request, in order.
  std::unique_ptr<net::grpc::StreamHandler> LeaseKeepAlive(
      std::shared_ptr<net::grpc::StreamCall> call);

 private:
  // Constant after construction
  store::Store* const store_;
  const ServerIdentity id_;

  std::mutex mu_;
  std::map<int64_t, int64_t> granted_ttl_;  // Guarded by mu_
};

}  // namespace kubepp::etcdapi
