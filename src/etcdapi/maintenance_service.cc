#include "etcdapi/maintenance_service.h"

namespace kubepp::etcdapi {

void MaintenanceService::Status(std::string request, std::shared_ptr<net::grpc::UnaryCall> call) {
  if (!ParseRequest<etcdserverpb::StatusRequest>(request, *call)) return;
  store::StoreStats stats = store_->Stats();
  etcdserverpb::StatusResponse resp;
  FillHeader(id_, stats.revision, resp.mutable_header());
  resp.set_version(kEtcdApiVersion);
  resp.set_dbsize(stats.db_size_bytes);
  resp.set_dbsizeinuse(stats.db_size_bytes);
  resp.set_leader(id_.member_id);
  // No raft: the revision stands in for the log index, which only grows.
  resp.set_raftindex(static_cast<uint64_t>(stats.revision));
  resp.set_raftappliedindex(static_cast<uint64_t>(stats.revision));
  resp.set_raftterm(1);
  call->Reply(resp.SerializeAsString());
}

}  // namespace kubepp::etcdapi
