#include "etcdapi/lease_service.h"

#include <utility>

namespace kubepp::etcdapi {
namespace {

using net::grpc::CallStatus;
using net::grpc::StatusCode;
using net::grpc::UnaryCall;

// etcd's MaxLeaseTTL: 9,000,000,000 seconds.
constexpr int64_t kMaxLeaseTtl = 9'000'000'000;

// One keep-alive stream: each request renews its lease and is answered at once. Its callbacks
// run one at a time on the connection's thread; renewing is a quick in-memory update.
class KeepAliveStream final : public net::grpc::StreamHandler {
 public:
  KeepAliveStream(store::Store* store, ServerIdentity id,
                  std::shared_ptr<net::grpc::StreamCall> call)
      : store_(store), id_(id), call_(std::move(call)) {}

  // net::grpc::StreamHandler
  void OnMessage(std::string message) override {
    etcdserverpb::LeaseKeepAliveRequest request;
    if (!request.ParseFromString(message)) {
      return call_->Finish({StatusCode::kInternal, "grpc: error unmarshalling request"});
    }
    etcdserverpb::LeaseKeepAliveResponse response;
    response.set_id(request.id());
    StatusOr<int64_t> ttl = store_->LeaseKeepAlive(request.id());
    // As etcd: an unknown (or expired) lease answers TTL 0 and the stream goes on.
    response.set_ttl(ttl.ok() ? *ttl : 0);
    FillHeader(id_, store_->CurrentRevision(), response.mutable_header());
    call_->Write(response.SerializeAsString());
  }
  void OnHalfClose() override { call_->Finish(CallStatus::Ok()); }
  void OnDone() override {}

 private:
  store::Store* const store_;
  const ServerIdentity id_;
  const std::shared_ptr<net::grpc::StreamCall> call_;
};

}  // namespace

void LeaseService::LeaseGrant(std::string request, std::shared_ptr<UnaryCall> call) {
  std::optional<etcdserverpb::LeaseGrantRequest> req =
      ParseRequest<etcdserverpb::LeaseGrantRequest>(request, *call);
  if (!req) return;
  if (req->ttl() > kMaxLeaseTtl)
    return call->Fail({StatusCode::kOutOfRange, "etcdserver: too large lease TTL"});
  StatusOr<int64_t> id = store_->LeaseGrant(req->ttl(), req->id());
  if (!id.ok()) return call->Fail(ToGrpcStatus(id.status()));
  int64_t ttl = req->ttl() > 0 ? req->ttl() : 1;
  {
    std::lock_guard<std::mutex> lock(mu_);
    granted_ttl_[*id] = ttl;
  }
  etcdserverpb::LeaseGrantResponse resp;
  FillHeader(id_, store_->CurrentRevision(), resp.mutable_header());
  resp.set_id(*id);
  resp.set_ttl(ttl);
  call->Reply(resp.SerializeAsString());
}

void LeaseService::LeaseRevoke(std::string request, std::shared_ptr<UnaryCall> call) {
  std::optional<etcdserverpb::LeaseRevokeRequest> req =
      ParseRequest<etcdserverpb::LeaseRevokeRequest>(request, *call);
  if (!req) return;
  Status s = store_->LeaseRevoke(req->id());
  if (!s.ok()) return call->Fail(ToGrpcStatus(s));
  {
    std::lock_guard<std::mutex> lock(mu_);
    granted_ttl_.erase(req->id());
  }
  etcdserverpb::LeaseRevokeResponse resp;
  FillHeader(id_, store_->CurrentRevision(), resp.mutable_header());
  call->Reply(resp.SerializeAsString());
}

std::unique_ptr<net::grpc::StreamHandler> LeaseService::LeaseKeepAlive(
    std::shared_ptr<net::grpc::StreamCall> call) {
  return std::make_unique<KeepAliveStream>(store_, id_, std::move(call));
}

void LeaseService::LeaseTimeToLive(std::string request, std::shared_ptr<UnaryCall> call) {
  std::optional<etcdserverpb::LeaseTimeToLiveRequest> req =
      ParseRequest<etcdserverpb::LeaseTimeToLiveRequest>(request, *call);
  if (!req) return;
  etcdserverpb::LeaseTimeToLiveResponse resp;
  FillHeader(id_, store_->CurrentRevision(), resp.mutable_header());
  resp.set_id(req->id());
  StatusOr<int64_t> left = store_->LeaseTimeToLive(req->id());
  if (!left.ok() && !left.status().IsNotFound()) return call->Fail(ToGrpcStatus(left.status()));
  if (!left.ok()) {
    // etcd answers a lease it does not know with TTL -1, not an error.
    resp.set_ttl(-1);
    return call->Reply(resp.SerializeAsString());
  }
  resp.set_ttl(*left);
  int64_t granted = *left;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = granted_ttl_.find(req->id());
    if (it != granted_ttl_.end()) granted = it->second;
  }
  resp.set_grantedttl(granted);
  call->Reply(resp.SerializeAsString());
}

}  // namespace kubepp::etcdapi
