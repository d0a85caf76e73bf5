// The etcd API over gRPC directly: what etcdctl cannot show (many watchers on
// one stream, cancel, progress, concurrent writers, txn responses, codes).
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <map>
#include <thread>
#include <vector>

#include "etcdserverpb/rpc.grpc.pb.h"
#include "net/grpc/unary_channel.h"
#include "unit/etcdapi/etcdctl_harness.h"

namespace kubepp::etcdapi::testing {
namespace {

using WatchStreamRW = grpc::ClientReaderWriter<etcdserverpb::WatchRequest, etcdserverpb::WatchResponse>;

class GrpcApiTest : public EtcdApiServerTest {
 protected:
  std::shared_ptr<grpc::Channel> Channel() {
    return grpc::CreateChannel(endpoint_, grpc::InsecureChannelCredentials());
  }
  grpc::Status Put(etcdserverpb::KV::Stub* kv, const std::string& key, const std::string& value,
                   etcdserverpb::PutResponse* resp = nullptr) {
    etcdserverpb::PutResponse ignored;
    grpc::ClientContext ctx;
    etcdserverpb::PutRequest req;
    req.set_key(key);
    req.set_value(value);
    return kv->Put(&ctx, req, resp ? resp : &ignored);
  }
  // Reads one response with a deadline-free stream; the test's ctx carries the deadline.
  etcdserverpb::WatchResponse Next(WatchStreamRW* rw) {
    etcdserverpb::WatchResponse resp;
    EXPECT_TRUE(rw->Read(&resp));
    return resp;
  }
};

TEST_F(GrpcApiTest, ConcurrentPutsAllLand) {
  constexpr int kClients = 64;
  constexpr int kPuts = 10;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      auto kv = etcdserverpb::KV::NewStub(Channel());
      for (int i = 0; i < kPuts; ++i) {
        if (!Put(kv.get(), "c/" + std::to_string(c) + "/" + std::to_string(i), "v").ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto kv = etcdserverpb::KV::NewStub(Channel());
  grpc::ClientContext ctx;
  etcdserverpb::RangeRequest req;
  req.set_key("c/");
  req.set_range_end("c0");
  req.set_count_only(true);
  etcdserverpb::RangeResponse resp;
  ASSERT_TRUE(kv->Range(&ctx, req, &resp).ok());
  EXPECT_EQ(resp.count(), kClients * kPuts);
  EXPECT_EQ(resp.kvs_size(), 0);
  EXPECT_EQ(resp.header().revision(), 1 + kClients * kPuts);
}

TEST_F(GrpcApiTest, TxnResponsesAndLimits) {
  auto kv = etcdserverpb::KV::NewStub(Channel());
  ASSERT_TRUE(Put(kv.get(), "a", "1").ok());
  etcdserverpb::TxnRequest txn;
  etcdserverpb::Compare* cmp = txn.add_compare();
  cmp->set_key("a");
  cmp->set_target(etcdserverpb::Compare::VERSION);
  cmp->set_result(etcdserverpb::Compare::EQUAL);
  cmp->set_version(1);
  auto* put = txn.add_success()->mutable_request_put();
  put->set_key("a");
  put->set_value("2");
  put->set_prev_kv(true);
  txn.add_success()->mutable_request_range()->set_key("a");
  auto* del = txn.add_success()->mutable_request_delete_range();
  del->set_key("missing");
  grpc::ClientContext ctx;
  etcdserverpb::TxnResponse resp;
  ASSERT_TRUE(kv->Txn(&ctx, txn, &resp).ok());
  EXPECT_TRUE(resp.succeeded());
  EXPECT_EQ(resp.header().revision(), 3);
  ASSERT_EQ(resp.responses_size(), 3);
  EXPECT_EQ(resp.responses(0).response_put().prev_kv().value(), "1");
  ASSERT_EQ(resp.responses(1).response_range().kvs_size(), 1);
  EXPECT_EQ(resp.responses(1).response_range().kvs(0).value(), "2");
  EXPECT_EQ(resp.responses(2).response_delete_range().deleted(), 0);

  etcdserverpb::TxnRequest big;
  for (int i = 0; i < 129; ++i) big.add_success()->mutable_request_put()->set_key("k" + std::to_string(i));
  grpc::ClientContext ctx2;
  grpc::Status s = kv->Txn(&ctx2, big, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "etcdserver: too many operations in txn request");

  etcdserverpb::TxnRequest dup;
  dup.add_success()->mutable_request_put()->set_key("d");
  dup.add_success()->mutable_request_put()->set_key("d");
  grpc::ClientContext ctx3;
  s = kv->Txn(&ctx3, dup, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "etcdserver: duplicate key given in txn request");

  grpc::ClientContext ctx4;
  etcdserverpb::CompactionRequest compact;
  compact.set_revision(99);
  etcdserverpb::CompactionResponse cresp;
  s = kv->Compact(&ctx4, compact, &cresp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(s.error_message(), "etcdserver: mvcc: required revision is a future revision");
}

TEST_F(GrpcApiTest, ManyWatchersOnOneStream) {
  auto kv = etcdserverpb::KV::NewStub(Channel());
  auto watch = etcdserverpb::Watch::NewStub(Channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto rw = watch->Watch(&ctx);

  etcdserverpb::WatchRequest prefix;
  prefix.mutable_create_request()->set_key("p/");
  prefix.mutable_create_request()->set_range_end("p0");
  ASSERT_TRUE(rw->Write(prefix));
  etcdserverpb::WatchResponse created = Next(rw.get());
  EXPECT_TRUE(created.created());
  const int64_t prefix_id = created.watch_id();

  etcdserverpb::WatchRequest single;
  single.mutable_create_request()->set_key("p/b");
  single.mutable_create_request()->set_prev_kv(true);
  single.mutable_create_request()->add_filters(etcdserverpb::WatchCreateRequest::NODELETE);
  single.mutable_create_request()->set_watch_id(42);
  ASSERT_TRUE(rw->Write(single));
  created = Next(rw.get());
  EXPECT_TRUE(created.created());
  EXPECT_EQ(created.watch_id(), 42);

  // A watch id already in use is refused.
  ASSERT_TRUE(rw->Write(single));
  etcdserverpb::WatchResponse dup = Next(rw.get());
  EXPECT_TRUE(dup.created());
  EXPECT_TRUE(dup.canceled());
  EXPECT_EQ(dup.watch_id(), -1);

  ASSERT_TRUE(Put(kv.get(), "p/b", "1").ok());  // rev 2
  ASSERT_TRUE(Put(kv.get(), "p/b", "2").ok());  // rev 3
  {
    grpc::ClientContext dctx;
    etcdserverpb::DeleteRangeRequest d;
    d.set_key("p/b");
    etcdserverpb::DeleteRangeResponse dr;
    ASSERT_TRUE(kv->DeleteRange(&dctx, d, &dr).ok());  // rev 4
    EXPECT_EQ(dr.deleted(), 1);
  }
  // Prefix watcher: 3 events; single-key watcher: 2 puts (delete filtered), with prev_kv.
  std::map<int64_t, std::vector<mvccpb::Event>> got;
  while (got[prefix_id].size() < 3 || got[42].size() < 2) {
    etcdserverpb::WatchResponse r = Next(rw.get());
    if (::testing::Test::HasFailure()) return;
    for (const auto& e : r.events()) got[r.watch_id()].push_back(e);
  }
  EXPECT_EQ(got[prefix_id][2].type(), mvccpb::Event::DELETE);
  EXPECT_EQ(got[prefix_id][2].kv().mod_revision(), 4);
  EXPECT_EQ(got[42][0].kv().value(), "1");
  EXPECT_FALSE(got[42][0].has_prev_kv());
  EXPECT_EQ(got[42][1].prev_kv().value(), "1");
  EXPECT_EQ(got[42][1].kv().version(), 2);

  etcdserverpb::WatchRequest cancel;
  cancel.mutable_cancel_request()->set_watch_id(prefix_id);
  ASSERT_TRUE(rw->Write(cancel));
  etcdserverpb::WatchResponse canceled = Next(rw.get());
  EXPECT_TRUE(canceled.canceled());
  EXPECT_EQ(canceled.watch_id(), prefix_id);

  etcdserverpb::WatchRequest progress;
  progress.mutable_progress_request();
  ASSERT_TRUE(rw->Write(progress));
  etcdserverpb::WatchResponse p = Next(rw.get());
  EXPECT_EQ(p.watch_id(), -1);
  EXPECT_EQ(p.events_size(), 0);
  EXPECT_EQ(p.header().revision(), 4);

  // The cancelled watcher gets nothing more; the other one still does.
  ASSERT_TRUE(Put(kv.get(), "p/a", "x").ok());
  ASSERT_TRUE(Put(kv.get(), "p/b", "y").ok());
  etcdserverpb::WatchResponse last = Next(rw.get());
  EXPECT_EQ(last.watch_id(), 42);
  ASSERT_EQ(last.events_size(), 1);
  EXPECT_EQ(last.events(0).kv().key(), "p/b");
  rw->WritesDone();
  ctx.TryCancel();
}

TEST_F(GrpcApiTest, LeaseKeepAliveStream) {
  auto lease = etcdserverpb::Lease::NewStub(Channel());
  grpc::ClientContext gctx;
  etcdserverpb::LeaseGrantRequest grant;
  grant.set_ttl(30);
  grant.set_id(7);
  etcdserverpb::LeaseGrantResponse granted;
  ASSERT_TRUE(lease->LeaseGrant(&gctx, grant, &granted).ok());
  EXPECT_EQ(granted.id(), 7);
  EXPECT_EQ(granted.ttl(), 30);

  grpc::ClientContext again_ctx;
  grpc::Status again = lease->LeaseGrant(&again_ctx, grant, &granted);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(again.error_message(), "etcdserver: lease already exists");

  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto rw = lease->LeaseKeepAlive(&ctx);
  for (int64_t id : {int64_t{7}, int64_t{8}, int64_t{7}}) {
    etcdserverpb::LeaseKeepAliveRequest req;
    req.set_id(id);
    ASSERT_TRUE(rw->Write(req));
    etcdserverpb::LeaseKeepAliveResponse resp;
    ASSERT_TRUE(rw->Read(&resp));
    EXPECT_EQ(resp.id(), id);
    EXPECT_EQ(resp.ttl(), id == 7 ? 30 : 0);  // an unknown lease answers TTL 0
  }
  rw->WritesDone();
  EXPECT_TRUE(rw->Finish().ok());
}

// Polls the store's watcher count until it is `want`, up to a deadline.
bool WaitForWatchers(store::Store* store, int64_t want) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (store->Stats().watchers != want) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST_F(GrpcApiTest, CancelledWatchStreamReleasesItsStoreWatches) {
  auto channel = Channel();
  auto watch = etcdserverpb::Watch::NewStub(channel);
  grpc::ClientContext ctx;
  auto rw = watch->Watch(&ctx);
  etcdserverpb::WatchRequest create;
  create.mutable_create_request()->set_key("x");
  ASSERT_TRUE(rw->Write(create));
  ASSERT_TRUE(Next(rw.get()).created());
  ASSERT_TRUE(WaitForWatchers(store_.get(), 1));
  // The client cancels the call (RST_STREAM) while the connection stays up.
  ctx.TryCancel();
  EXPECT_TRUE(WaitForWatchers(store_.get(), 0)) << store_->Stats().watchers;
  EXPECT_EQ(rw->Finish().error_code(), grpc::StatusCode::CANCELLED);
  // The connection still serves.
  auto kv = etcdserverpb::KV::NewStub(channel);
  EXPECT_TRUE(Put(kv.get(), "x", "1").ok());
}

TEST_F(GrpcApiTest, RequestAboveTheLimitIsResourceExhausted) {
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(-1);
  auto kv = etcdserverpb::KV::NewStub(
      grpc::CreateCustomChannel(endpoint_, grpc::InsecureChannelCredentials(), args));
  grpc::Status s = Put(kv.get(), "big", std::string(3 << 20, 'v'));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  // Just under etcd's 1.5 MiB request limit goes through.
  EXPECT_TRUE(Put(kv.get(), "big", std::string(1500 * 1024, 'v')).ok());
}

TEST_F(GrpcApiTest, UnservedMethodIsUnimplemented) {
  // kubepp's own gRPC client: grpc++ has no stub for a service the proto does not declare.
  auto target = net::grpc::ParseTarget(endpoint_);
  ASSERT_TRUE(target.ok());
  net::grpc::UnaryChannel channel(std::move(*target), {});
  net::grpc::CallResult r =
      channel.Call("/etcdserverpb.Cluster/MemberList", "", std::chrono::seconds(10));
  EXPECT_EQ(r.code, net::grpc::StatusCode::kUnimplemented);
  EXPECT_EQ(r.message, "unknown service etcdserverpb.Cluster");
  r = channel.Call("/etcdserverpb.KV/Nope", "", std::chrono::seconds(10));
  EXPECT_EQ(r.code, net::grpc::StatusCode::kUnimplemented);
  EXPECT_EQ(r.message, "unknown method Nope for service etcdserverpb.KV");
  // And a served one, through the same client.
  etcdserverpb::StatusResponse status;
  r = channel.Call("/etcdserverpb.Maintenance/Status", "", std::chrono::seconds(10));
  ASSERT_TRUE(r.ok()) << r.message;
  ASSERT_TRUE(status.ParseFromString(r.response));
  EXPECT_EQ(status.version(), "3.5.0");
}

TEST_F(GrpcApiTest, ShutdownEndsOpenWatchStreams) {
  auto watch = etcdserverpb::Watch::NewStub(Channel());
  grpc::ClientContext ctx;
  auto rw = watch->Watch(&ctx);
  etcdserverpb::WatchRequest create;
  create.mutable_create_request()->set_key("x");
  ASSERT_TRUE(rw->Write(create));
  ASSERT_TRUE(Next(rw.get()).created());
  server_->Shutdown();
  EXPECT_EQ(store_->Stats().watchers, 0);
  etcdserverpb::WatchResponse more;
  EXPECT_FALSE(rw->Read(&more));
  EXPECT_EQ(rw->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace kubepp::etcdapi::testing
