#include "etcdapi/kv_service.h"

#include <algorithm>
#include <string>
#include <utility>

#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/proto_buffer_reader.h>

#include "etcdapi/wire_encoding.h"

namespace kubepp::etcdapi {
namespace {

// etcd's default --max-txn-ops.
constexpr int kMaxTxnOps = 128;

grpc::ServerUnaryReactor* Done(grpc::CallbackServerContext* ctx, const grpc::Status& status) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

}  // namespace

grpc::ServerUnaryReactor* KvService::Range(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                           grpc::ByteBuffer* response) {
  etcdserverpb::RangeRequest req;
  grpc::ByteBuffer copy(*request);  // Deserialize consumes its buffer
  if (!grpc::SerializationTraits<etcdserverpb::RangeRequest>::Deserialize(&copy, &req).ok()) {
    return Done(ctx, grpc::Status(grpc::StatusCode::INTERNAL, "grpc: error unmarshalling request"));
  }
  if (req.key().empty()) return Done(ctx, EmptyKeyStatus());
  RangePlan plan = PlanRange(req);
  StatusOr<store::RangeResponse> result = store_->Range(plan.store_request);
  if (!result.ok()) return Done(ctx, ToGrpcStatus(result.status()));
  // etcd's header carries the store's newest revision, even for a read in the past.
  int64_t revision = req.revision() > 0 ? std::max(result->revision, store_->CurrentRevision()) : result->revision;
  etcdserverpb::ResponseHeader header;
  FillHeader(id_, revision, &header);
  ShapeRange(req, plan, &*result);
  grpc::Slice slice = OwnedSlice(EncodeRangeResponse(header, result->kvs, result->more, result->count));
  *response = grpc::ByteBuffer(&slice, 1);
  return Done(ctx, grpc::Status::OK);
}

grpc::ServerUnaryReactor* KvService::Put(grpc::CallbackServerContext* ctx, const etcdserverpb::PutRequest* req,
                                         etcdserverpb::PutResponse* resp) {
  if (req->key().empty()) return Done(ctx, EmptyKeyStatus());
  if (req->ignore_value() || req->ignore_lease()) {
    return Done(ctx, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                  "etcdserver: kubepp does not support ignore_value or ignore_lease"));
  }
  store::TxnRequest txn;
  txn.success.push_back(ToStoreOp(*req));
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  ServerIdentity id = id_;
  store_->Txn(std::move(txn), [reactor, resp, id](StatusOr<store::TxnResponse> result) {
    if (!result.ok()) return reactor->Finish(ToGrpcStatus(result.status()));
    FillHeader(id, result->revision, resp->mutable_header());
    if (!result->results.empty() && !result->results[0].prev_kvs.empty()) {
      ToProto(result->results[0].prev_kvs.front(), resp->mutable_prev_kv());
    }
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* KvService::DeleteRange(grpc::CallbackServerContext* ctx,
                                                 const etcdserverpb::DeleteRangeRequest* req,
                                                 etcdserverpb::DeleteRangeResponse* resp) {
  if (req->key().empty()) return Done(ctx, EmptyKeyStatus());
  store::TxnRequest txn;
  txn.success.push_back(ToStoreOp(*req));
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  ServerIdentity id = id_;
  store_->Txn(std::move(txn), [reactor, resp, id](StatusOr<store::TxnResponse> result) {
    if (!result.ok()) return reactor->Finish(ToGrpcStatus(result.status()));
    FillHeader(id, result->revision, resp->mutable_header());
    if (!result->results.empty()) {
      resp->set_deleted(result->results[0].deleted);
      for (const store::KeyValue& kv : result->results[0].prev_kvs) ToProto(kv, resp->add_prev_kvs());
    }
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* KvService::Txn(grpc::CallbackServerContext* ctx, const etcdserverpb::TxnRequest* req,
                                         etcdserverpb::TxnResponse* resp) {
  if (req->compare_size() > kMaxTxnOps || req->success_size() > kMaxTxnOps || req->failure_size() > kMaxTxnOps) {
    return Done(ctx, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                  "etcdserver: too many operations in txn request"));
  }
  StatusOr<store::TxnRequest> txn = ToStoreTxn(*req);
  if (!txn.ok()) return Done(ctx, ToGrpcStatus(txn.status()));
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  ServerIdentity id = id_;
  // req and resp live until Finish, so the callback may read and fill them.
  store_->Txn(std::move(*txn), [reactor, req, resp, id](StatusOr<store::TxnResponse> result) {
    if (!result.ok()) return reactor->Finish(ToGrpcStatus(result.status()));
    FillTxnResponse(id, *req, *result, resp);
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* KvService::Compact(grpc::CallbackServerContext* ctx,
                                             const etcdserverpb::CompactionRequest* req,
                                             etcdserverpb::CompactionResponse* resp) {
  Status s = store_->Compact(req->revision());
  if (!s.ok()) return Done(ctx, ToGrpcStatus(s));
  FillHeader(id_, store_->CurrentRevision(), resp->mutable_header());
  return Done(ctx, grpc::Status::OK);
}

}  // namespace kubepp::etcdapi
