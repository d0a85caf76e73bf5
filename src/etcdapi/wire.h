// Conversions between the store's types (store/store.h) and the etcd v3 wire
// messages (proto/), and the mapping of kubepp Status to etcd's gRPC errors.
//
// etcd clients match errors on (gRPC code, message): "etcdserver: mvcc:
// required revision has been compacted" with OUT_OF_RANGE, and so on. The
// embedded store already words its failures the way etcd does; this file
// picks the gRPC code that etcd sends with each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/status.h"
#include "etcdserverpb/rpc.pb.h"
#include "mvccpb/kv.pb.h"
#include "net/grpc/server_handler.h"
#include "net/grpc/status_code.h"
#include "store/store.h"

namespace kubepp::etcdapi {

// Who answers: etcd clients print these ids and expect them to stay stable.
struct ServerIdentity {
  uint64_t cluster_id = 0;
  uint64_t member_id = 0;
};

void FillHeader(const ServerIdentity& id, int64_t revision, etcdserverpb::ResponseHeader* header);
void ToProto(const store::KeyValue& kv, mvccpb::KeyValue* out);
// Moves key and value: a large range is not copied twice.
void ToProto(store::KeyValue&& kv, mvccpb::KeyValue* out);
void ToProto(const store::Event& event, mvccpb::Event* out);

// The gRPC status etcd sends for the same failure.
net::grpc::CallStatus ToGrpcStatus(const Status& status);
// etcd's "etcdserver: key is not provided" (INVALID_ARGUMENT).
net::grpc::CallStatus EmptyKeyStatus();

// A unary request parsed as `Request`; or nothing, the call failed as gRPC fails a request it
// cannot unmarshal.
template <typename Request>
std::optional<Request> ParseRequest(const std::string& bytes, net::grpc::UnaryCall& call) {
  Request request;
  if (!request.ParseFromString(bytes)) {
    call.Fail({net::grpc::StatusCode::kInternal, "grpc: error unmarshalling request"});
    return std::nullopt;
  }
  return request;
}

// A Range as the store runs it, plus what the store does not do itself
// (sorting other than by key, and the min/max revision filters), which
// FinishRange applies afterwards.
struct RangePlan {
  store::RangeRequest store_request;
  bool post_process = false;
};
RangePlan PlanRange(const etcdserverpb::RangeRequest& req);
// Applies to the store's answer what the store does not do itself; after it,
// result's kvs, more and count are the response's (kvs empty for count_only).
void ShapeRange(const etcdserverpb::RangeRequest& req, const RangePlan& plan,
                store::RangeResponse* result);
void FinishRange(const etcdserverpb::RangeRequest& req, const RangePlan& plan,
                 store::RangeResponse result, etcdserverpb::RangeResponse* out);

// Txn and the single-key calls (Put, DeleteRange) all run as a store Txn.
StatusOr<store::TxnRequest> ToStoreTxn(const etcdserverpb::TxnRequest& req);
store::Op ToStoreOp(const etcdserverpb::PutRequest& req);
store::Op ToStoreOp(const etcdserverpb::DeleteRangeRequest& req);
// Fills `out` from the store's answer to ToStoreTxn(req).
void FillTxnResponse(const ServerIdentity& id, const etcdserverpb::TxnRequest& req,
                     const store::TxnResponse& result, etcdserverpb::TxnResponse* out);

}  // namespace kubepp::etcdapi
