#include "etcdapi/kv_service.h"

#include <algorithm>
#include <string>
#include <utility>

#include "etcdapi/wire_encoding.h"

namespace kubepp::etcdapi {
namespace {

using net::grpc::CallStatus;
using net::grpc::StatusCode;
using net::grpc::UnaryCall;

// etcd's default --max-txn-ops.
constexpr int kMaxTxnOps = 128;

}  // namespace

void KvService::Range(std::string request, std::shared_ptr<UnaryCall> call) {
  std::optional<etcdserverpb::RangeRequest> req =
      ParseRequest<etcdserverpb::RangeRequest>(request, *call);
  if (!req) return;
  if (req->key().empty()) return call->Fail(EmptyKeyStatus());
  RangePlan plan = PlanRange(*req);
  StatusOr<store::RangeResponse> result = store_->Range(plan.store_request);
  if (!result.ok()) return call->Fail(ToGrpcStatus(result.status()));
  // etcd's header carries the store's newest revision, even for a read in the past.
  int64_t revision = req->revision() > 0 ? std::max(result->revision, store_->CurrentRevision())
                                         : result->revision;
  etcdserverpb::ResponseHeader header;
  FillHeader(id_, revision, &header);
  ShapeRange(*req, plan, &*result);
  call->Reply(EncodeRangeResponse(header, result->kvs, result->more, result->count));
}

void KvService::Put(std::string request, std::shared_ptr<UnaryCall> call) {
  std::optional<etcdserverpb::PutRequest> req =
      ParseRequest<etcdserverpb::PutRequest>(request, *call);
  if (!req) return;
  if (req->key().empty()) return call->Fail(EmptyKeyStatus());
  if (req->ignore_value() || req->ignore_lease()) {
    return call->Fail({StatusCode::kInvalidArgument,
                       "etcdserver: kubepp does not support ignore_value or ignore_lease"});
  }
  store::TxnRequest txn;
  txn.success.push_back(ToStoreOp(*req));
  store_->Txn(std::move(txn), [call, id = id_](StatusOr<store::TxnResponse> result) {
    if (!result.ok()) return call->Fail(ToGrpcStatus(result.status()));
    etcdserverpb::PutResponse resp;
    FillHeader(id, result->revision, resp.mutable_header());
    if (!result->results.empty() && !result->results[0].prev_kvs.empty()) {
      ToProto(result->results[0].prev_kvs.front(), resp.mutable_prev_kv());
    }
    call->Reply(resp.SerializeAsString());
  });
}

void KvService::DeleteRange(std::string request, std::shared_ptr<UnaryCall> call) {
  std::optional<etcdserverpb::DeleteRangeRequest> req =
      ParseRequest<etcdserverpb::DeleteRangeRequest>(request, *call);
  if (!req) return;
  if (req->key().empty()) return call->Fail(EmptyKeyStatus());
  store::TxnRequest txn;
  txn.success.push_back(ToStoreOp(*req));
  store_->Txn(std::move(txn), [call, id = id_](StatusOr<store::TxnResponse> result) {
    if (!result.ok()) return call->Fail(ToGrpcStatus(result.status()));
    etcdserverpb::DeleteRangeResponse resp;
    FillHeader(id, result->revision, resp.mutable_header());
    if (!result->results.empty()) {
      resp.set_deleted(result->results[0].deleted);
      for (const store::KeyValue& kv : result->results[0].prev_kvs)
        ToProto(kv, resp.add_prev_kvs());
    }
    call->Reply(resp.SerializeAsString());
  });
}

void KvService::Txn(std::string request, std::shared_ptr<UnaryCall> call) {
  auto req = std::make_shared<etcdserverpb::TxnRequest>();
  if (!req->ParseFromString(request)) {
    return call->Fail({StatusCode::kInternal, "grpc: error unmarshalling request"});
  }
  if (req->compare_size() > kMaxTxnOps || req->success_size() > kMaxTxnOps ||
      req->failure_size() > kMaxTxnOps) {
    return call->Fail(
        {StatusCode::kInvalidArgument, "etcdserver: too many operations in txn request"});
  }
  StatusOr<store::TxnRequest> txn = ToStoreTxn(*req);
  if (!txn.ok()) return call->Fail(ToGrpcStatus(txn.status()));
  // The response is shaped after the request: it stays alive until the store answers.
  store_->Txn(std::move(*txn), [call, req, id = id_](StatusOr<store::TxnResponse> result) {
    if (!result.ok()) return call->Fail(ToGrpcStatus(result.status()));
    etcdserverpb::TxnResponse resp;
    FillTxnResponse(id, *req, *result, &resp);
    call->Reply(resp.SerializeAsString());
  });
}

void KvService::Compact(std::string request, std::shared_ptr<UnaryCall> call) {
  std::optional<etcdserverpb::CompactionRequest> req =
      ParseRequest<etcdserverpb::CompactionRequest>(request, *call);
  if (!req) return;
  Status s = store_->Compact(req->revision());
  if (!s.ok()) return call->Fail(ToGrpcStatus(s));
  etcdserverpb::CompactionResponse resp;
  FillHeader(id_, store_->CurrentRevision(), resp.mutable_header());
  call->Reply(resp.SerializeAsString());
}

}  // namespace kubepp::etcdapi
