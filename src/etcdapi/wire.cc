#include "etcdapi/wire.h"

#include <algorithm>
#include <string_view>
#include <utility>

namespace kubepp::etcdapi {

using net::grpc::CallStatus;
using net::grpc::StatusCode;

namespace {

constexpr std::string_view kPrefix = "etcdserver: ";

// etcd's messages all start with "etcdserver: "; ours do too except where a
// lower layer spoke (file errors), which we prefix so clients see one shape.
std::string EtcdMessage(const std::string& message) {
  if (message.rfind(kPrefix, 0) == 0) return message;
  return std::string(kPrefix) + message;
}

bool Contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

void Filter(const etcdserverpb::RangeRequest& req, std::vector<store::KeyValue>* kvs) {
  auto drop = [&req](const store::KeyValue& kv) {
    if (req.min_mod_revision() > 0 && kv.mod_revision < req.min_mod_revision()) return true;
    if (req.max_mod_revision() > 0 && kv.mod_revision > req.max_mod_revision()) return true;
    if (req.min_create_revision() > 0 && kv.create_revision < req.min_create_revision()) return true;
    if (req.max_create_revision() > 0 && kv.create_revision > req.max_create_revision()) return true;
    return false;
  };
  kvs->erase(std::remove_if(kvs->begin(), kvs->end(), drop), kvs->end());
}

void Sort(const etcdserverpb::RangeRequest& req, std::vector<store::KeyValue>* kvs) {
  using R = etcdserverpb::RangeRequest;
  R::SortOrder order = req.sort_order();
  // As in etcd: naming a target without an order means ascending.
  if (order == R::NONE && req.sort_target() != R::KEY) order = R::ASCEND;
  if (order == R::NONE) return;
  auto less = [target = req.sort_target()](const store::KeyValue& a, const store::KeyValue& b) {
    switch (target) {
      case R::VERSION: return a.version < b.version;
      case R::CREATE: return a.create_revision < b.create_revision;
      case R::MOD: return a.mod_revision < b.mod_revision;
      case R::VALUE: return a.value.str() < b.value.str();
      default: return a.key < b.key;
    }
  };
  // The store returns keys sorted; a stable sort keeps key order among ties.
  if (order == R::ASCEND) {
    std::stable_sort(kvs->begin(), kvs->end(), less);
  } else {
    std::stable_sort(kvs->begin(), kvs->end(), [&less](const auto& a, const auto& b) { return less(b, a); });
  }
}

store::Compare::Result ToStore(etcdserverpb::Compare::CompareResult r) {
  switch (r) {
    case etcdserverpb::Compare::GREATER: return store::Compare::Result::kGreater;
    case etcdserverpb::Compare::LESS: return store::Compare::Result::kLess;
    case etcdserverpb::Compare::NOT_EQUAL: return store::Compare::Result::kNotEqual;
    default: return store::Compare::Result::kEqual;
  }
}

StatusOr<store::Compare> ToStore(const etcdserverpb::Compare& c) {
  if (!c.range_end().empty()) return Status::BadRequest("etcdserver: kubepp does not support range_end in a txn compare");
  store::Compare out;
  out.key = c.key();
  out.result = ToStore(c.result());
  switch (c.target()) {
    case etcdserverpb::Compare::VERSION:
      out.target = store::Compare::Target::kVersion;
      out.number = c.version();
      break;
    case etcdserverpb::Compare::CREATE:
      out.target = store::Compare::Target::kCreate;
      out.number = c.create_revision();
      break;
    case etcdserverpb::Compare::MOD:
      out.target = store::Compare::Target::kMod;
      out.number = c.mod_revision();
      break;
    case etcdserverpb::Compare::VALUE:
      out.target = store::Compare::Target::kValue;
      out.value = c.value();
      break;
    case etcdserverpb::Compare::LEASE:
      out.target = store::Compare::Target::kLease;
      out.number = c.lease();
      break;
    default:
      return Status::BadRequest("etcdserver: unknown compare target");
  }
  return out;
}

StatusOr<store::Op> ToStore(const etcdserverpb::RequestOp& op) {
  switch (op.request_case()) {
    case etcdserverpb::RequestOp::kRequestRange: {
      if (op.request_range().key().empty()) return Status::BadRequest("etcdserver: key is not provided");
      store::Op out;
      out.type = store::Op::Type::kRange;
      out.range = PlanRange(op.request_range()).store_request;
      return out;
    }
    case etcdserverpb::RequestOp::kRequestPut:
      if (op.request_put().key().empty()) return Status::BadRequest("etcdserver: key is not provided");
      if (op.request_put().ignore_value() || op.request_put().ignore_lease()) {
        return Status::BadRequest("etcdserver: kubepp does not support ignore_value or ignore_lease");
      }
      return ToStoreOp(op.request_put());
    case etcdserverpb::RequestOp::kRequestDeleteRange:
      if (op.request_delete_range().key().empty()) return Status::BadRequest("etcdserver: key is not provided");
      return ToStoreOp(op.request_delete_range());
    case etcdserverpb::RequestOp::kRequestTxn:
      return Status::BadRequest("etcdserver: kubepp does not support nested txns");
    default:
      return Status::BadRequest("etcdserver: empty request in txn");
  }
}

}  // namespace

void FillHeader(const ServerIdentity& id, int64_t revision, etcdserverpb::ResponseHeader* header) {
  header->set_cluster_id(id.cluster_id);
  header->set_member_id(id.member_id);
  header->set_revision(revision);
  header->set_raft_term(1);  // one member, never an election
}

void ToProto(const store::KeyValue& kv, mvccpb::KeyValue* out) {
  out->set_key(kv.key);
  out->set_create_revision(kv.create_revision);
  out->set_mod_revision(kv.mod_revision);
  out->set_version(kv.version);
  out->set_value(kv.value);
  out->set_lease(kv.lease);
}

void ToProto(store::KeyValue&& kv, mvccpb::KeyValue* out) {
  out->set_key(std::move(kv.key));
  out->set_create_revision(kv.create_revision);
  out->set_mod_revision(kv.mod_revision);
  out->set_version(kv.version);
  out->set_value(std::move(kv.value));
  out->set_lease(kv.lease);
}

void ToProto(const store::Event& event, mvccpb::Event* out) {
  out->set_type(event.type == store::Event::Type::kPut ? mvccpb::Event::PUT : mvccpb::Event::DELETE);
  ToProto(event.kv, out->mutable_kv());
  if (event.has_prev) ToProto(event.prev_kv, out->mutable_prev_kv());
}

CallStatus ToGrpcStatus(const Status& status) {
  if (status.ok()) return CallStatus::Ok();
  const std::string message = EtcdMessage(status.message());
  switch (status.reason()) {
    case Reason::kGone:
    case Reason::kExpired:
      return CallStatus{StatusCode::kOutOfRange, message};
    case Reason::kNotFound:
      return CallStatus{StatusCode::kNotFound, message};
    case Reason::kAlreadyExists:
      return CallStatus{StatusCode::kFailedPrecondition, message};
    case Reason::kBadRequest:
    case Reason::kInvalid:
      if (Contains(message, "future revision")) return CallStatus{StatusCode::kOutOfRange, message};
      return CallStatus{StatusCode::kInvalidArgument, message};
    case Reason::kRequestEntityTooLarge:
      return CallStatus{StatusCode::kInvalidArgument, "etcdserver: request is too large"};
    case Reason::kUnavailable:
    case Reason::kServiceUnavailable:
      if (Contains(message, "database space exceeded")) {
        return CallStatus{StatusCode::kResourceExhausted, "etcdserver: mvcc: database space exceeded"};
      }
      return CallStatus{StatusCode::kUnavailable, message};
    case Reason::kTimeout:
    case Reason::kServerTimeout:
      return CallStatus{StatusCode::kUnavailable, "etcdserver: request timed out"};
    case Reason::kTooManyRequests:
      return CallStatus{StatusCode::kResourceExhausted, "etcdserver: too many requests"};
    case Reason::kDataLoss:
      return CallStatus{StatusCode::kDataLoss, message};
    default:
      return CallStatus{StatusCode::kUnknown, message};
  }
}

CallStatus EmptyKeyStatus() {
  return CallStatus{StatusCode::kInvalidArgument, "etcdserver: key is not provided"};
}

RangePlan PlanRange(const etcdserverpb::RangeRequest& req) {
  using R = etcdserverpb::RangeRequest;
  RangePlan plan;
  store::RangeRequest& s = plan.store_request;
  s.key = req.key();
  s.range_end = req.range_end();
  s.revision = req.revision() > 0 ? req.revision() : 0;
  s.keys_only = req.keys_only();
  s.count_only = req.count_only();
  s.limit = req.limit() > 0 ? req.limit() : 0;
  bool key_order = req.sort_target() == R::KEY && req.sort_order() != R::DESCEND;
  bool filtered = req.min_mod_revision() > 0 || req.max_mod_revision() > 0 || req.min_create_revision() > 0 ||
                  req.max_create_revision() > 0;
  if (!req.count_only() && (!key_order || filtered)) {
    // Sorting or filtering needs every match; the limit applies afterwards.
    plan.post_process = true;
    s.limit = 0;
  }
  return plan;
}

void ShapeRange(const etcdserverpb::RangeRequest& req, const RangePlan& plan, store::RangeResponse* result) {
  std::vector<store::KeyValue>& kvs = result->kvs;
  if (plan.post_process) {
    Filter(req, &kvs);
    Sort(req, &kvs);
    result->more = false;
    if (req.limit() > 0 && static_cast<int64_t>(kvs.size()) > req.limit()) {
      kvs.resize(req.limit());
      result->more = true;
    }
  }
  if (req.count_only()) kvs.clear();
}

void FinishRange(const etcdserverpb::RangeRequest& req, const RangePlan& plan, store::RangeResponse result,
                 etcdserverpb::RangeResponse* out) {
  ShapeRange(req, plan, &result);
  out->set_more(result.more);
  out->set_count(result.count);
  out->mutable_kvs()->Reserve(static_cast<int>(result.kvs.size()));
  for (store::KeyValue& kv : result.kvs) ToProto(std::move(kv), out->add_kvs());
}

store::Op ToStoreOp(const etcdserverpb::PutRequest& req) {
  store::Op op = store::Op::Put(req.key(), req.value(), req.lease());
  op.prev_kv = req.prev_kv();
  return op;
}

store::Op ToStoreOp(const etcdserverpb::DeleteRangeRequest& req) {
  store::Op op = store::Op::Delete(req.key(), req.range_end());
  op.prev_kv = req.prev_kv();
  return op;
}

StatusOr<store::TxnRequest> ToStoreTxn(const etcdserverpb::TxnRequest& req) {
  store::TxnRequest out;
  for (const etcdserverpb::Compare& c : req.compare()) {
    StatusOr<store::Compare> sc = ToStore(c);
    if (!sc.ok()) return sc.status();
    out.compare.push_back(std::move(*sc));
  }
  for (const etcdserverpb::RequestOp& op : req.success()) {
    StatusOr<store::Op> so = ToStore(op);
    if (!so.ok()) return so.status();
    out.success.push_back(std::move(*so));
  }
  for (const etcdserverpb::RequestOp& op : req.failure()) {
    StatusOr<store::Op> so = ToStore(op);
    if (!so.ok()) return so.status();
    out.failure.push_back(std::move(*so));
  }
  return out;
}

void FillTxnResponse(const ServerIdentity& id, const etcdserverpb::TxnRequest& req, const store::TxnResponse& result,
                     etcdserverpb::TxnResponse* out) {
  FillHeader(id, result.revision, out->mutable_header());
  out->set_succeeded(result.succeeded);
  const auto& ops = result.succeeded ? req.success() : req.failure();
  for (int i = 0; i < ops.size() && i < static_cast<int>(result.results.size()); ++i) {
    const store::OpResult& r = result.results[i];
    etcdserverpb::ResponseOp* resp = out->add_responses();
    switch (ops[i].request_case()) {
      case etcdserverpb::RequestOp::kRequestRange: {
        etcdserverpb::RangeResponse* rr = resp->mutable_response_range();
        FillHeader(id, result.revision, rr->mutable_header());
        FinishRange(ops[i].request_range(), PlanRange(ops[i].request_range()), r.range, rr);
        break;
      }
      case etcdserverpb::RequestOp::kRequestPut: {
        etcdserverpb::PutResponse* pr = resp->mutable_response_put();
        FillHeader(id, result.revision, pr->mutable_header());
        if (!r.prev_kvs.empty()) ToProto(r.prev_kvs.front(), pr->mutable_prev_kv());
        break;
      }
      case etcdserverpb::RequestOp::kRequestDeleteRange: {
        etcdserverpb::DeleteRangeResponse* dr = resp->mutable_response_delete_range();
        FillHeader(id, result.revision, dr->mutable_header());
        dr->set_deleted(r.deleted);
        for (const store::KeyValue& kv : r.prev_kvs) ToProto(kv, dr->add_prev_kvs());
        break;
      }
      default:
        break;
    }
  }
}

}  // namespace kubepp::etcdapi
