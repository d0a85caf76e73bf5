// The etcd KV service (Range, Put, DeleteRange, Txn, Compact) on a Store.
//
// Served by kubepp's gRPC server (net/grpc/server.h) as unary methods taking the request's
// bytes: a write hands its completion to the store and returns, so no thread waits on an fsync
// and concurrent writes from many clients share the store's group commit.
// Thread safety: the methods may run on any threads at once.
#pragma once

#include <memory>
#include <string>

#include "etcdapi/wire.h"
#include "net/grpc/server_handler.h"
#include "store/store.h"

namespace kubepp::etcdapi {

class KvService {
 public:
  // REQUIRES: store outlives the service.
  KvService(store::Store* store, ServerIdentity id) : store_(store), id_(id) {}

  // etcdserverpb.KV. Range's response, which may hold thousands of values, is encoded by
  // wire_encoding.h straight from the store's answer.
  void Range(std::string request, std::shared_ptr<net::grpc::UnaryCall> call);
  void Put(std::string request, std::shared_ptr<net::grpc::UnaryCall> call);
  void DeleteRange(std::string request, std::shared_ptr<net::grpc::UnaryCall> call);
  void Txn(std::string request, std::shared_ptr<net::grpc::UnaryCall> call);
  void Compact(std::string request, std::shared_ptr<net::grpc::UnaryCall> call);

 private:
  // Constant after construction
  store::Store* const store_;
  const ServerIdentity id_;
};

}  // namespace kubepp::etcdapi
