// The etcd KV service (Range, Put, DeleteRange, Txn, Compact) on a Store.
//
// Written with gRPC's callback API: a write hands its completion to the
// store and returns, so no thread waits on an fsync and concurrent writes
// from many clients share the store's group commit.
// Thread safety: gRPC calls the methods from any of its threads at once.
#pragma once

#include "etcdapi/wire.h"
#include "etcdserverpb/rpc.grpc.pb.h"
#include "store/store.h"

namespace kubepp::etcdapi {

// Range speaks raw bytes: its response, which may hold thousands of values, is
// encoded by wire_encoding.h straight from the store's answer.
using KvServiceBase = etcdserverpb::KV::WithRawCallbackMethod_Range<
    etcdserverpb::KV::WithCallbackMethod_Put<etcdserverpb::KV::WithCallbackMethod_DeleteRange<
        etcdserverpb::KV::WithCallbackMethod_Txn<etcdserverpb::KV::WithCallbackMethod_Compact<etcdserverpb::KV::Service>>>>>;

class KvService final : public KvServiceBase {
 public:
  // REQUIRES: store outlives the service.
  KvService(store::Store* store, ServerIdentity id) : store_(store), id_(id) {}

  // etcdserverpb::KV
  grpc::ServerUnaryReactor* Range(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                  grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* Put(grpc::CallbackServerContext* ctx, const etcdserverpb::PutRequest* req,
                                etcdserverpb::PutResponse* resp) override;
  grpc::ServerUnaryReactor* DeleteRange(grpc::CallbackServerContext* ctx, const etcdserverpb::DeleteRangeRequest* req,
                                        etcdserverpb::DeleteRangeResponse* resp) override;
  grpc::ServerUnaryReactor* Txn(grpc::CallbackServerContext* ctx, const etcdserverpb::TxnRequest* req,
                                etcdserverpb::TxnResponse* resp) override;
  grpc::ServerUnaryReactor* Compact(grpc::CallbackServerContext* ctx, const etcdserverpb::CompactionRequest* req,
                                    etcdserverpb::CompactionResponse* resp) override;

 private:
  // Constant after construction
  store::Store* const store_;
  const ServerIdentity id_;
};

}  // namespace kubepp::etcdapi
