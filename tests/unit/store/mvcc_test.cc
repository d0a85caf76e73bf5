// Revisions, versions, ranges, transactions and deletes through the Store API.
#include <gtest/gtest.h>

#include "store_test_util.h"

namespace kubepp::store {
namespace {

using testing::Get;
using testing::MustOpen;
using testing::TempDir;
using testing::TestOptions;

class MvccTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto o = TestOptions(dir_.path());
    o.fsync = false;
    store_ = MustOpen(o);
    ASSERT_NE(store_, nullptr);
  }
  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(MvccTest, RevisionsAndVersions) {
  EXPECT_EQ(store_->CurrentRevision(), 1);  // like etcd, an empty store is at revision 1
  auto r1 = store_->Put("a", "1");
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(r1->revision, 2);
  EXPECT_TRUE(r1->results[0].prev_kvs.empty());
  auto r2 = store_->Put("a", "2");
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->revision, 3);
  ASSERT_EQ(r2->results[0].prev_kvs.size(), 1u);
  EXPECT_EQ(r2->results[0].prev_kvs[0].value, "1");

  KeyValue kv = Get(*store_, "a");
  EXPECT_EQ(kv.value, "2");
  EXPECT_EQ(kv.create_revision, 2);
  EXPECT_EQ(kv.mod_revision, 3);
  EXPECT_EQ(kv.version, 2);

  // Old revisions stay readable.
  EXPECT_EQ(Get(*store_, "a", 2).value, "1");
  EXPECT_EQ(Get(*store_, "a", 2).version, 1);

  // Delete resets the key; a new put starts a new generation.
  auto d = store_->Delete("a");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->revision, 4);
  EXPECT_EQ(d->results[0].deleted, 1);
  EXPECT_EQ(Get(*store_, "a").key, "");
  ASSERT_TRUE(store_->Put("a", "3").ok());
  kv = Get(*store_, "a");
  EXPECT_EQ(kv.create_revision, 5);
  EXPECT_EQ(kv.version, 1);
  EXPECT_EQ(Get(*store_, "a", 4).key, "");
  EXPECT_EQ(Get(*store_, "a", 3).value, "2");

  // Deleting nothing does not create a revision.
  auto none = store_->Delete("nothing");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->results[0].deleted, 0);
  EXPECT_EQ(store_->CurrentRevision(), 5);
}

TEST_F(MvccTest, FutureRevisionIsBadRequest) {
  RangeRequest r;
  r.key = "a";
  r.revision = 100;
  auto resp = store_->Range(r);
  ASSERT_FALSE(resp.ok());
  EXPECT_EQ(resp.status().reason(), Reason::kBadRequest);
  EXPECT_EQ(resp.status().message(), "etcdserver: mvcc: required revision is a future revision");
}

TEST_F(MvccTest, RangeVariants) {
  for (const char* k : {"/a/1", "/a/2", "/a/3", "/b/1", "/c"}) ASSERT_TRUE(store_->Put(k, std::string("v") + k).ok());
  RangeRequest r;
  r.key = "/a/";
  r.range_end = PrefixEnd("/a/");
  auto resp = store_->Range(r);
  ASSERT_TRUE(resp.ok());
  ASSERT_EQ(resp->kvs.size(), 3u);
  EXPECT_EQ(resp->kvs[0].key, "/a/1");
  EXPECT_EQ(resp->kvs[2].key, "/a/3");
  EXPECT_EQ(resp->count, 3);
  EXPECT_FALSE(resp->more);
  EXPECT_EQ(resp->revision, 6);

  r.limit = 2;
  resp = store_->Range(r);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->kvs.size(), 2u);
  EXPECT_TRUE(resp->more);
  EXPECT_EQ(resp->count, 3);

  r.limit = 0;
  r.keys_only = true;
  resp = store_->Range(r);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->kvs[0].value, "");
  EXPECT_EQ(resp->kvs[0].mod_revision, 2);

  r.keys_only = false;
  r.count_only = true;
  resp = store_->Range(r);
  ASSERT_TRUE(resp.ok());
  EXPECT_TRUE(resp->kvs.empty());
  EXPECT_EQ(resp->count, 3);

  RangeRequest all;
  all.key = "/b";
  all.range_end = std::string(1, '\0');
  resp = store_->Range(all);
  ASSERT_TRUE(resp.ok());
  ASSERT_EQ(resp->kvs.size(), 2u);  // "/b/1" and "/c"
  EXPECT_EQ(resp->kvs[1].key, "/c");

  RangeRequest everything;
  everything.key = std::string(1, '\0');
  everything.range_end = std::string(1, '\0');
  resp = store_->Range(everything);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->count, 5);

  // At an older revision only the keys that existed then.
  r.count_only = false;
  r.revision = 3;
  resp = store_->Range(r);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->kvs.size(), 2u);
  EXPECT_EQ(resp->revision, 3);
}

TEST_F(MvccTest, PrefixEnd) {
  EXPECT_EQ(PrefixEnd("/a/"), "/a0");
  EXPECT_EQ(PrefixEnd(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixEnd(""), std::string(1, '\0'));
}

TEST_F(MvccTest, TxnComparesChooseTheBranch) {
  ASSERT_TRUE(store_->Put("k", "v1").ok());  // rev 2
  auto cas = [&](Compare c) {
    TxnRequest t;
    t.compare.push_back(c);
    t.success.push_back(Op::Put("k", "won"));
    t.failure.push_back(Op::Get("k"));
    return store_->TxnSync(std::move(t));
  };
  Compare c;
  c.key = "k";
  c.target = Compare::Target::kMod;
  c.result = Compare::Result::kEqual;
  c.number = 1;
  auto lost = cas(c);
  ASSERT_TRUE(lost.ok());
  EXPECT_FALSE(lost->succeeded);
  ASSERT_EQ(lost->results.size(), 1u);
  ASSERT_EQ(lost->results[0].range.kvs.size(), 1u);
  EXPECT_EQ(lost->results[0].range.kvs[0].value, "v1");
  EXPECT_EQ(lost->revision, 2);  // a read-only branch makes no revision

  c.number = 2;
  auto won = cas(c);
  ASSERT_TRUE(won.ok());
  EXPECT_TRUE(won->succeeded);
  EXPECT_EQ(won->revision, 3);
  EXPECT_EQ(Get(*store_, "k").value, "won");

  // Version, create, value, lease and the other operators.
  Compare v;
  v.key = "k";
  v.target = Compare::Target::kVersion;
  v.result = Compare::Result::kGreater;
  v.number = 1;
  EXPECT_TRUE(cas(v)->succeeded);
  v.result = Compare::Result::kLess;
  EXPECT_FALSE(cas(v)->succeeded);
  Compare cr;
  cr.key = "k";
  cr.target = Compare::Target::kCreate;
  cr.result = Compare::Result::kNotEqual;
  cr.number = 2;
  EXPECT_FALSE(cas(cr)->succeeded);
  Compare val;
  val.key = "k";
  val.target = Compare::Target::kValue;
  val.result = Compare::Result::kEqual;
  val.value = "won";
  EXPECT_TRUE(cas(val)->succeeded);
  Compare l;
  l.key = "k";
  l.target = Compare::Target::kLease;
  l.result = Compare::Result::kEqual;
  l.number = 0;
  EXPECT_TRUE(cas(l)->succeeded);

  // A missing key: numbers are 0, and a value never compares equal.
  Compare missing;
  missing.key = "missing";
  missing.target = Compare::Target::kCreate;
  missing.number = 0;
  EXPECT_TRUE(cas(missing)->succeeded);
  Compare missing_value;
  missing_value.key = "missing";
  missing_value.target = Compare::Target::kValue;
  missing_value.result = Compare::Result::kEqual;
  missing_value.value = "";
  EXPECT_FALSE(cas(missing_value)->succeeded);
}

TEST_F(MvccTest, TxnWritesShareOneRevision) {
  TxnRequest t;
  t.success.push_back(Op::Put("x", "1"));
  t.success.push_back(Op::Put("y", "2"));
  t.success.push_back(Op::Get("x"));
  auto r = store_->TxnSync(std::move(t));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->succeeded);
  EXPECT_EQ(r->revision, 2);
  EXPECT_EQ(Get(*store_, "x").mod_revision, 2);
  EXPECT_EQ(Get(*store_, "y").mod_revision, 2);
  // A read after a write in the same txn sees the write.
  ASSERT_EQ(r->results[2].range.kvs.size(), 1u);
  EXPECT_EQ(r->results[2].range.kvs[0].value, "1");

  TxnRequest dup;
  dup.success.push_back(Op::Put("x", "1"));
  dup.success.push_back(Op::Put("x", "2"));
  auto bad = store_->TxnSync(std::move(dup));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "etcdserver: duplicate key given in txn request");
  EXPECT_EQ(store_->CurrentRevision(), 2);
}

TEST_F(MvccTest, DeleteRangeWithPrevKv) {
  for (const char* k : {"/p/1", "/p/2", "/p/3", "/q"}) ASSERT_TRUE(store_->Put(k, k).ok());
  auto d = store_->Delete("/p/", PrefixEnd("/p/"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->results[0].deleted, 3);
  ASSERT_EQ(d->results[0].prev_kvs.size(), 3u);
  EXPECT_EQ(d->results[0].prev_kvs[1].value, "/p/2");
  EXPECT_EQ(d->revision, 6);  // one revision for the whole range
  RangeRequest all;
  all.key = std::string(1, '\0');
  all.range_end = std::string(1, '\0');
  auto resp = store_->Range(all);
  ASSERT_TRUE(resp.ok());
  ASSERT_EQ(resp->kvs.size(), 1u);
  EXPECT_EQ(resp->kvs[0].key, "/q");
  EXPECT_EQ(store_->Stats().keys, 1);
}

TEST_F(MvccTest, CompactionDropsHistory) {
  ASSERT_TRUE(store_->Put("a", "1").ok());  // 2
  ASSERT_TRUE(store_->Put("a", "2").ok());  // 3
  ASSERT_TRUE(store_->Put("b", "1").ok());  // 4
  ASSERT_TRUE(store_->Delete("b").ok());    // 5
  ASSERT_TRUE(store_->Put("a", "3").ok());  // 6
  ASSERT_TRUE(store_->Compact(5).ok());
  EXPECT_EQ(store_->Stats().compact_revision, 5);

  RangeRequest old;
  old.key = "a";
  old.revision = 4;
  auto r = store_->Range(old);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsGone());
  EXPECT_EQ(r.status().message(), "etcdserver: mvcc: required revision has been compacted");

  // The newest value at or below the compaction stays readable at it.
  EXPECT_EQ(Get(*store_, "a", 5).value, "2");
  EXPECT_EQ(Get(*store_, "a").value, "3");
  EXPECT_EQ(Get(*store_, "a").version, 3);
  EXPECT_EQ(Get(*store_, "b", 5).key, "");

  auto again = store_->Compact(5);
  EXPECT_TRUE(again.IsGone());
  auto future = store_->Compact(100);
  EXPECT_EQ(future.reason(), Reason::kBadRequest);
}

TEST_F(MvccTest, AutoCompactionByRevisions) {
  store_->Close();
  auto o = TestOptions(dir_.path());
  o.fsync = false;
  o.auto_compact_retention_revisions = 10;
  store_ = MustOpen(o);
  ASSERT_NE(store_, nullptr);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(store_->Put("k", std::to_string(i)).ok());
  EXPECT_TRUE(testing::WaitFor([&] { return store_->Stats().compact_revision >= 30; }));
  EXPECT_LE(store_->Stats().compact_revision, store_->CurrentRevision() - 10);
}

TEST_F(MvccTest, ClosedStoreRefusesWork) {
  store_->Close();
  store_->Close();  // idempotent
  EXPECT_EQ(store_->Put("a", "b").status().reason(), Reason::kUnavailable);
  RangeRequest r;
  r.key = "a";
  EXPECT_EQ(store_->Range(r).status().reason(), Reason::kUnavailable);
}

}  // namespace
}  // namespace kubepp::store
