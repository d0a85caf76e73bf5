#include "etcdapi/lease_service.h"

#include <utility>

namespace kubepp::etcdapi {
namespace {

// etcd's MaxLeaseTTL: 9,000,000,000 seconds.
constexpr int64_t kMaxLeaseTtl = 9'000'000'000;

grpc::ServerUnaryReactor* Done(grpc::CallbackServerContext* ctx, const grpc::Status& status) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

// One keep-alive stream: read a request, renew, write the answer, read the
// next. One operation at a time, so no lock is needed. Deletes itself in OnDone.
class KeepAliveStream final
    : public grpc::ServerBidiReactor<etcdserverpb::LeaseKeepAliveRequest, etcdserverpb::LeaseKeepAliveResponse> {
 public:
  KeepAliveStream(store::Store* store, ServerIdentity id) : store_(store), id_(id) { StartRead(&request_); }

  // grpc::ServerBidiReactor
  void OnReadDone(bool ok) override {
    if (!ok) return Finish(grpc::Status::OK);
    response_.Clear();
    response_.set_id(request_.id());
    StatusOr<int64_t> ttl = store_->LeaseKeepAlive(request_.id());
    // As etcd: an unknown (or expired) lease answers TTL 0 and the stream goes on.
    response_.set_ttl(ttl.ok() ? *ttl : 0);
    FillHeader(id_, store_->CurrentRevision(), response_.mutable_header());
    StartWrite(&response_);
  }
  void OnWriteDone(bool ok) override {
    if (!ok) return Finish(grpc::Status::OK);
    StartRead(&request_);
  }
  void OnDone() override { delete this; }

 private:
  store::Store* const store_;
  const ServerIdentity id_;
  etcdserverpb::LeaseKeepAliveRequest request_;
  etcdserverpb::LeaseKeepAliveResponse response_;
};

}  // namespace

grpc::ServerUnaryReactor* LeaseService::LeaseGrant(grpc::CallbackServerContext* ctx,
                                                   const etcdserverpb::LeaseGrantRequest* req,
                                                   etcdserverpb::LeaseGrantResponse* resp) {
  if (req->ttl() > kMaxLeaseTtl) {
    return Done(ctx, grpc::Status(grpc::StatusCode::OUT_OF_RANGE, "etcdserver: too large lease TTL"));
  }
  StatusOr<int64_t> id = store_->LeaseGrant(req->ttl(), req->id());
  if (!id.ok()) return Done(ctx, ToGrpcStatus(id.status()));
  int64_t ttl = req->ttl() > 0 ? req->ttl() : 1;
  {
    std::lock_guard<std::mutex> lock(mu_);
    granted_ttl_[*id] = ttl;
  }
  FillHeader(id_, store_->CurrentRevision(), resp->mutable_header());
  resp->set_id(*id);
  resp->set_ttl(ttl);
  return Done(ctx, grpc::Status::OK);
}

grpc::ServerUnaryReactor* LeaseService::LeaseRevoke(grpc::CallbackServerContext* ctx,
                                                    const etcdserverpb::LeaseRevokeRequest* req,
                                                    etcdserverpb::LeaseRevokeResponse* resp) {
  Status s = store_->LeaseRevoke(req->id());
  if (!s.ok()) return Done(ctx, ToGrpcStatus(s));
  {
    std::lock_guard<std::mutex> lock(mu_);
    granted_ttl_.erase(req->id());
  }
  FillHeader(id_, store_->CurrentRevision(), resp->mutable_header());
  return Done(ctx, grpc::Status::OK);
}

grpc::ServerBidiReactor<etcdserverpb::LeaseKeepAliveRequest, etcdserverpb::LeaseKeepAliveResponse>*
LeaseService::LeaseKeepAlive(grpc::CallbackServerContext* ctx) {
  return new KeepAliveStream(store_, id_);
}

grpc::ServerUnaryReactor* LeaseService::LeaseTimeToLive(grpc::CallbackServerContext* ctx,
                                                        const etcdserverpb::LeaseTimeToLiveRequest* req,
                                                        etcdserverpb::LeaseTimeToLiveResponse* resp) {
  FillHeader(id_, store_->CurrentRevision(), resp->mutable_header());
  resp->set_id(req->id());
  StatusOr<int64_t> left = store_->LeaseTimeToLive(req->id());
  if (!left.ok() && !left.status().IsNotFound()) return Done(ctx, ToGrpcStatus(left.status()));
  if (!left.ok()) {
    // etcd answers a lease it does not know with TTL -1, not an error.
    resp->set_ttl(-1);
    return Done(ctx, grpc::Status::OK);
  }
  resp->set_ttl(*left);
  int64_t granted = *left;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = granted_ttl_.find(req->id());
    if (it != granted_ttl_.end()) granted = it->second;
  }
  resp->set_grantedttl(granted);
  return Done(ctx, grpc::Status::OK);
}

}  // namespace kubepp::etcdapi
