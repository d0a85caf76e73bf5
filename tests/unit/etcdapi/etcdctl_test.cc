// etcdctl (the real etcd v3 client) against kubepp's etcd API.
#include <string>

#include <cstdio>
#include <thread>

#include "unit/etcdapi/etcdctl_harness.h"

namespace kubepp::etcdapi::testing {
namespace {

using ::testing::HasSubstr;

TEST_F(EtcdApiTest, PutGetDelete) {
  CommandResult put = Etcdctl({"put", "foo", "bar"});
  ASSERT_EQ(put.exit_code, 0) << put.output;
  EXPECT_EQ(put.output, "OK\n");
  ASSERT_EQ(Etcdctl({"put", "fox", "baz"}).exit_code, 0);

  CommandResult get = Etcdctl({"get", "foo"});
  ASSERT_EQ(get.exit_code, 0) << get.output;
  EXPECT_EQ(get.output, "foo\nbar\n");

  CommandResult prefix = Etcdctl({"get", "--prefix", "fo"});
  EXPECT_EQ(prefix.output, "foo\nbar\nfox\nbaz\n");

  CommandResult json = Etcdctl({"get", "foo", "-w", "json"});
  EXPECT_THAT(json.output, HasSubstr("\"revision\":3"));
  EXPECT_THAT(json.output, HasSubstr("\"count\":1"));
  EXPECT_THAT(json.output, HasSubstr("\"create_revision\":2"));

  CommandResult sorted = Etcdctl({"get", "--prefix", "fo", "--order", "DESCEND", "--keys-only"});
  EXPECT_EQ(sorted.output, "fox\n\nfoo\n\n");

  CommandResult del = Etcdctl({"del", "--prefix", "fo"});
  ASSERT_EQ(del.exit_code, 0) << del.output;
  EXPECT_EQ(del.output, "2\n");
  EXPECT_EQ(Etcdctl({"get", "foo"}).output, "");
}

TEST_F(EtcdApiTest, GetAtOldRevisionAndCompaction) {
  ASSERT_EQ(Etcdctl({"put", "k", "v1"}).exit_code, 0);  // revision 2
  ASSERT_EQ(Etcdctl({"put", "k", "v2"}).exit_code, 0);  // revision 3
  EXPECT_EQ(Etcdctl({"get", "k", "--rev", "2"}).output, "k\nv1\n");

  CommandResult future = Etcdctl({"get", "k", "--rev", "99"});
  EXPECT_NE(future.exit_code, 0);
  EXPECT_THAT(future.output, HasSubstr("etcdserver: mvcc: required revision is a future revision"));

  CommandResult compact = Etcdctl({"compaction", "3"});
  ASSERT_EQ(compact.exit_code, 0) << compact.output;
  CommandResult old = Etcdctl({"get", "k", "--rev", "2"});
  EXPECT_NE(old.exit_code, 0);
  EXPECT_THAT(old.output, HasSubstr("etcdserver: mvcc: required revision has been compacted"));
  EXPECT_EQ(Etcdctl({"get", "k"}).output, "k\nv2\n");
}

TEST_F(EtcdApiTest, TxnCompareAndSwap) {
  ASSERT_EQ(Etcdctl({"put", "k", "old"}).exit_code, 0);
  // compares, blank line, success ops, blank line, failure ops, blank line.
  CommandResult ok = Etcdctl({"txn"}, "value(\"k\") = \"old\"\n\nput k new\n\nget k\n\n");
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_THAT(ok.output, HasSubstr("SUCCESS"));
  EXPECT_EQ(Etcdctl({"get", "k", "--print-value-only"}).output, "new\n");

  CommandResult failed = Etcdctl({"txn"}, "value(\"k\") = \"old\"\n\nput k newer\n\nget k\n\n");
  ASSERT_EQ(failed.exit_code, 0) << failed.output;
  EXPECT_THAT(failed.output, HasSubstr("FAILURE"));
  EXPECT_THAT(failed.output, HasSubstr("k\nnew\n"));
  EXPECT_EQ(Etcdctl({"get", "k", "--print-value-only"}).output, "new\n");

  CommandResult create = Etcdctl({"txn"}, "create(\"fresh\") = \"0\"\n\nput fresh 1\n\n\n");
  EXPECT_THAT(create.output, HasSubstr("SUCCESS"));
}

TEST_F(EtcdApiTest, WatchSeesHistoryAndNewEvents) {
  ASSERT_EQ(Etcdctl({"put", "w/a", "1"}).exit_code, 0);  // revision 2
  auto watch = StartEtcdctl({"watch", "--prefix", "w/", "--rev", "1"});
  ASSERT_TRUE(watch->ReadUntil([](const std::string& out) { return out.find("w/a\n1\n") != std::string::npos; },
                               std::chrono::seconds(20)))
      << watch->output();
  ASSERT_EQ(Etcdctl({"put", "w/b", "2"}).exit_code, 0);
  ASSERT_EQ(Etcdctl({"del", "w/a"}).exit_code, 0);
  ASSERT_EQ(Etcdctl({"put", "other", "x"}).exit_code, 0);
  ASSERT_TRUE(watch->ReadUntil([](const std::string& out) { return out.find("DELETE\nw/a\n\n") != std::string::npos; },
                               std::chrono::seconds(20)))
      << watch->output();
  // A delete prints the key and an empty value; "other" is outside the prefix.
  EXPECT_EQ(watch->output(), "PUT\nw/a\n1\nPUT\nw/b\n2\nDELETE\nw/a\n\n");
}

TEST_F(EtcdApiTest, WatchEndedByEtcdctlReleasesItsStoreWatch) {
  auto watch = StartEtcdctl({"watch", "--prefix", "w/"});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (store_->Stats().watchers != 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  ASSERT_EQ(store_->Stats().watchers, 1);
  watch.reset();  // etcdctl is killed: its connection goes, and the watch with it
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (store_->Stats().watchers != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  EXPECT_EQ(store_->Stats().watchers, 0);
}

TEST_F(EtcdApiTest, LeaseKeepAliveStreamRenewsUntilStopped) {
  CommandResult grant = Etcdctl({"lease", "grant", "100", "-w", "json"});
  ASSERT_EQ(grant.exit_code, 0) << grant.output;
  const std::string key = "\"ID\":";
  size_t at = grant.output.find(key);
  ASSERT_NE(at, std::string::npos) << grant.output;
  std::string decimal = grant.output.substr(at + key.size());
  decimal = decimal.substr(0, decimal.find_first_not_of("0123456789"));
  char hex[32];
  std::snprintf(hex, sizeof hex, "%llx", std::stoull(decimal));
  // Without --once, etcdctl keeps one stream open and renews about every TTL/3 seconds; the
  // first renewal comes at once.
  auto keepalive = StartEtcdctl({"lease", "keep-alive", hex});
  EXPECT_TRUE(keepalive->ReadUntil(
      [](const std::string& out) { return out.find("keepalived with TTL(100)") != std::string::npos; },
      std::chrono::seconds(20)))
      << keepalive->output();
}

TEST_F(EtcdApiTest, WatchFromCompactedRevisionIsCanceled) {
  ASSERT_EQ(Etcdctl({"put", "k", "1"}).exit_code, 0);
  ASSERT_EQ(Etcdctl({"put", "k", "2"}).exit_code, 0);
  ASSERT_EQ(Etcdctl({"compaction", "3"}).exit_code, 0);
  CommandResult watch = Etcdctl({"watch", "k", "--rev", "1"});
  EXPECT_THAT(watch.output, HasSubstr("required revision has been compacted"));
}

TEST_F(EtcdApiTest, Leases) {
  CommandResult grant = Etcdctl({"lease", "grant", "100"});
  ASSERT_EQ(grant.exit_code, 0) << grant.output;
  // "lease <hex id> granted with TTL(100s)". Parsed by hand: <regex> trips
  // GCC 12's -Wmaybe-uninitialized in the sanitizer build.
  const std::string prefix = "lease ";
  const std::string suffix = " granted with TTL(100s)";
  size_t start = grant.output.find(prefix);
  size_t end = grant.output.find(suffix);
  ASSERT_TRUE(start != std::string::npos && end != std::string::npos && end > start + prefix.size())
      << grant.output;
  std::string id = grant.output.substr(start + prefix.size(), end - start - prefix.size());
  ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << grant.output;

  ASSERT_EQ(Etcdctl({"put", "--lease=" + id, "leased", "v"}).exit_code, 0);
  CommandResult ttl = Etcdctl({"lease", "timetolive", id});
  EXPECT_THAT(ttl.output, HasSubstr("granted with TTL(100s), remaining("));

  CommandResult keepalive = Etcdctl({"lease", "keep-alive", "--once", id});
  EXPECT_THAT(keepalive.output, HasSubstr("keepalived with TTL(100)"));

  CommandResult revoke = Etcdctl({"lease", "revoke", id});
  ASSERT_EQ(revoke.exit_code, 0) << revoke.output;
  EXPECT_THAT(revoke.output, HasSubstr("revoked"));
  EXPECT_EQ(Etcdctl({"get", "leased"}).output, "");

  CommandResult again = Etcdctl({"lease", "revoke", id});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.output, HasSubstr("etcdserver: requested lease not found"));
  EXPECT_THAT(Etcdctl({"lease", "timetolive", id}).output, HasSubstr("already expired"));

  CommandResult bad = Etcdctl({"put", "--lease=1234", "x", "y"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.output, HasSubstr("etcdserver: requested lease not found"));
}

TEST_F(EtcdApiTest, EndpointStatusAndHealth) {
  ASSERT_EQ(Etcdctl({"put", "a", "b"}).exit_code, 0);
  CommandResult status = Etcdctl({"endpoint", "status", "-w", "json"});
  ASSERT_EQ(status.exit_code, 0) << status.output;
  EXPECT_THAT(status.output, HasSubstr("\"version\":\"3.5.0\""));
  EXPECT_THAT(status.output, HasSubstr("\"revision\":2"));
  CommandResult health = Etcdctl({"endpoint", "health"});
  EXPECT_EQ(health.exit_code, 0) << health.output;
  EXPECT_THAT(health.output, HasSubstr("is healthy"));
}

TEST_F(EtcdApiTest, EmptyKeyIsRejected) {
  CommandResult put = Etcdctl({"put", "", "v"});
  EXPECT_NE(put.exit_code, 0);
  EXPECT_THAT(put.output, HasSubstr("key is not provided"));
}

}  // namespace
}  // namespace kubepp::etcdapi::testing
