// Durability: restart recovery, snapshots, torn tails, corruption, a full
// disk and group commit.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/embedded_store.h"
#include "store/record_file.h"
#include "store_test_util.h"

namespace kubepp::store {
namespace {

using testing::Get;
using testing::MustOpen;
using testing::TempDir;
using testing::TestOptions;

namespace fs = std::filesystem;

std::vector<fs::path> FilesWithSuffix(const std::string& dir, const std::string& suffix) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().string().ends_with(suffix)) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReadWhole(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// Bytes of zeros after the last record of the WAL segment `wal` (0: none, or unreadable).
uint64_t ZeroTail(const fs::path& wal) {
  std::string data = ReadWhole(wal);
  auto parsed = ParseRecords(data, wal.string());
  return parsed.ok() && parsed->zero_tail ? data.size() - parsed->valid_bytes : 0;
}

// `writers` threads each put /w/<writer> `each` times, all at once; returns the puts acknowledged.
int PutFromWriters(Store& s, int writers, int each) {
  std::vector<std::thread> threads;
  std::atomic<int> acked{0};
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < each; ++i) {
        if (s.Put("/w/" + std::to_string(w), std::to_string(i)).ok()) acked.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  return acked.load();
}

// Every key with its metadata, at the newest revision.
std::vector<KeyValue> All(Store& s) {
  RangeRequest r;
  r.key = std::string(1, '\0');
  r.range_end = std::string(1, '\0');
  auto resp = s.Range(r);
  EXPECT_TRUE(resp.ok());
  return resp.ok() ? resp->kvs : std::vector<KeyValue>{};
}

void ExpectSameKvs(const std::vector<KeyValue>& a, const std::vector<KeyValue>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].key, b[i].key);
    EXPECT_EQ(a[i].value, b[i].value);
    EXPECT_EQ(a[i].create_revision, b[i].create_revision);
    EXPECT_EQ(a[i].mod_revision, b[i].mod_revision);
    EXPECT_EQ(a[i].version, b[i].version);
    EXPECT_EQ(a[i].lease, b[i].lease);
  }
}

// Writes a history with puts, deletes, txns, a lease and a compaction.
void WriteHistory(Store& s) {
  auto lease = s.LeaseGrant(100, 77);
  ASSERT_TRUE(lease.ok());
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(s.Put("/k/" + std::to_string(i % 5), "v" + std::to_string(i)).ok());
  ASSERT_TRUE(s.Put("/leased", "l", 77).ok());
  ASSERT_TRUE(s.Delete("/k/3").ok());
  ASSERT_TRUE(s.Compact(10).ok());
  TxnRequest t;
  t.success.push_back(Op::Put("/t/a", "1"));
  t.success.push_back(Op::Put("/t/b", "1"));
  t.success.push_back(Op::Delete("/k/4"));
  ASSERT_TRUE(s.TxnSync(std::move(t)).ok());
}

void ExpectRecovered(Store& before_copy_revision_holder, int64_t rev, int64_t compact,
                     const std::vector<KeyValue>& kvs, Store& after) {
  (void)before_copy_revision_holder;
  EXPECT_EQ(after.CurrentRevision(), rev);
  EXPECT_EQ(after.Stats().compact_revision, compact);
  ExpectSameKvs(kvs, All(after));
}

// Options of a store whose writers commit their own lone writes, as `kubepp store` opens it.
EmbeddedOptions WritersCommitOptions(const std::string& dir, TestEnv* env) {
  EmbeddedOptions options = TestOptions(dir, env);
  options.writers_commit = true;
  return options;
}

// Options of a store whose committer waits for company as the apiserver's does, for at most
// `linger_us` or until as many writes as the last group had (three at most) have come.
EmbeddedOptions LingeringOptions(const std::string& dir, TestEnv* env, int64_t linger_us) {
  EmbeddedOptions options = TestOptions(dir, env);
  options.commit_linger_us = linger_us;
  options.commit_linger_writes = 3;
  return options;
}

// A put whose acknowledgement the test can wait for.
std::shared_ptr<std::atomic<bool>> PutAsync(Store& s, const std::string& key) {
  auto done = std::make_shared<std::atomic<bool>>(false);
  TxnRequest t;
  t.success.push_back(Op::Put(key, "v"));
  s.Txn(std::move(t), [done](StatusOr<TxnResponse> r) {
    EXPECT_TRUE(r.ok());
    done->store(true);
  });
  return done;
}

// Gives the committer company: `n` writes gather while the disk holds the fsync of the one
// before them, so the last group committed had `n` writes.
void CommitAGroupOf(Store& s, TestEnv& env, int n) {
  env.HoldSyncs(true);
  int64_t syncs = env.syncs();
  auto first = PutAsync(s, "/company/first");
  ASSERT_TRUE(testing::WaitFor([&] { return env.syncs() == syncs + 1; }));
  std::vector<std::shared_ptr<std::atomic<bool>>> group;
  for (int i = 0; i < n; ++i) group.push_back(PutAsync(s, "/company/" + std::to_string(i)));
  env.HoldSyncs(false);
  ASSERT_TRUE(testing::WaitFor([&] {
    return *first &&
           std::all_of(group.begin(), group.end(), [](const auto& done) { return done->load(); });
  }));
}

class DurabilityTest : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(DurabilityTest, RestartRecoversExactly) {
  auto s = MustOpen(TestOptions(dir_.path()));
  ASSERT_NE(s, nullptr);
  WriteHistory(*s);
  int64_t rev = s->CurrentRevision();
  int64_t compact = s->Stats().compact_revision;
  auto kvs = All(*s);
  KeyValue old_value = Get(*s, "/k/0", 12);
  s->Close();

  auto r = MustOpen(TestOptions(dir_.path()));
  ASSERT_NE(r, nullptr);
  ExpectRecovered(*r, rev, compact, kvs, *r);
  EXPECT_EQ(Get(*r, "/k/0", 12).value, old_value.value);
  EXPECT_TRUE(r->LeaseTimeToLive(77).ok());
  // Revisions continue where they stopped.
  auto p = r->Put("/new", "x");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->revision, rev + 1);
}

TEST_F(DurabilityTest, SnapshotThenRestart) {
  auto o = TestOptions(dir_.path());
  o.snapshot_every_bytes = 1 << 30;
  auto s = MustOpen(o);
  ASSERT_NE(s, nullptr);
  WriteHistory(*s);
  auto* impl = dynamic_cast<EmbeddedStore*>(s.get());
  ASSERT_NE(impl, nullptr);
  ASSERT_TRUE(impl->SnapshotNow().ok());
  // Writes after the snapshot go to the new segment.
  ASSERT_TRUE(s->Put("/after", "snap").ok());
  ASSERT_TRUE(s->Compact(15).ok());
  int64_t rev = s->CurrentRevision();
  auto kvs = All(*s);
  KeyValue at20 = Get(*s, "/k/1", 20);
  s->Close();
  EXPECT_EQ(FilesWithSuffix(dir_.path(), ".snap").size(), 1u);
  EXPECT_EQ(FilesWithSuffix(dir_.path(), ".log").size(), 1u);  // older segments removed

  auto r = MustOpen(o);
  ASSERT_NE(r, nullptr);
  ExpectRecovered(*r, rev, 15, kvs, *r);
  // History after the compaction survives the snapshot too.
  KeyValue again = Get(*r, "/k/1", 20);
  EXPECT_EQ(again.value, at20.value);
  EXPECT_EQ(again.mod_revision, at20.mod_revision);
  EXPECT_TRUE(r->LeaseTimeToLive(77).ok());
}

TEST_F(DurabilityTest, AutomaticSnapshots) {
  auto o = TestOptions(dir_.path());
  o.snapshot_every_bytes = 4096;
  o.fsync = false;
  auto s = MustOpen(o);
  ASSERT_NE(s, nullptr);
  std::string big(200, 'x');
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(s->Put("/big/" + std::to_string(i % 40), big + std::to_string(i)).ok());
  ASSERT_TRUE(testing::WaitFor([&] { return !FilesWithSuffix(dir_.path(), ".snap").empty(); }));
  int64_t rev = s->CurrentRevision();
  auto kvs = All(*s);
  s->Close();
  auto r = MustOpen(o);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->CurrentRevision(), rev);
  ExpectSameKvs(kvs, All(*r));
}

TEST_F(DurabilityTest, TornTailIsTruncated) {
  auto s = MustOpen(TestOptions(dir_.path()));
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->Put("a", "1").ok());
  ASSERT_TRUE(s->Put("b", "2").ok());
  s->Close();
  auto wal = FilesWithSuffix(dir_.path(), ".log").back();
  auto good = fs::file_size(wal);
  {
    std::ofstream f(wal, std::ios::binary | std::ios::app);
    f.write("\x40\x00\x00\x00\x12\x34", 6);  // a record header cut short
  }
  auto r = MustOpen(TestOptions(dir_.path()));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->CurrentRevision(), 3);
  EXPECT_EQ(fs::file_size(wal), good);
  r->Close();

  // A complete-length last record whose checksum is wrong is torn too.
  {
    std::ofstream f(wal, std::ios::binary | std::ios::app);
    f.write("\x03\x00\x00\x00\x00\x00\x00\x00xyz", 11);
  }
  r = MustOpen(TestOptions(dir_.path()));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(Get(*r, "b").value, "2");
  EXPECT_EQ(fs::file_size(wal), good);
}

// A crash right after a new segment was created (empty, or holding only the
// zeros it reserved) and while the previous one was half written: the torn
// tail is still just a torn tail.
class TornTailBeforeAnEmptySegment : public DurabilityTest,
                                     public ::testing::WithParamInterface<size_t> {};

TEST_P(TornTailBeforeAnEmptySegment, IsStillATornTail) {
  auto s = MustOpen(TestOptions(dir_.path()));
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->Put("a", "1").ok());
  s->Close();
  auto wal = FilesWithSuffix(dir_.path(), ".log").back();
  {
    std::ofstream f(wal, std::ios::binary | std::ios::app);
    f.write("\x40\x00\x00", 3);
  }
  {
    std::ofstream next(fs::path(dir_.path()) / "wal-0000000000000002.log", std::ios::binary);
    next << std::string(GetParam(), '\0');
  }
  auto r = MustOpen(TestOptions(dir_.path()));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(Get(*r, "a").value, "1");
  ASSERT_TRUE(r->Put("b", "2").ok());
  r->Close();
  r = MustOpen(TestOptions(dir_.path()));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(Get(*r, "b").value, "2");
  EXPECT_EQ(r->CurrentRevision(), 3);
}

INSTANTIATE_TEST_SUITE_P(EmptyOrZeros, TornTailBeforeAnEmptySegment,
                         ::testing::Values(0, 64 << 10));

// The WAL keeps zeros reserved after its end. A crash (here: a copy of the open store's
// files) leaves them there; recovery keeps every record before them, appends go on after the
// last record, and a record torn inside the zeros is a torn tail, not corruption.
TEST_F(DurabilityTest, ReservedZerosAfterTheWalSurviveACrash) {
  auto s = MustOpen(TestOptions(dir_.path()));
  ASSERT_NE(s, nullptr);
  for (int i = 0; i < 50; ++i)
    ASSERT_TRUE(s->Put("/k/" + std::to_string(i), std::string(100, 'a' + i % 26)).ok());
  auto wal = FilesWithSuffix(dir_.path(), ".log").back();
  ASSERT_TRUE(testing::WaitFor([&] { return ZeroTail(wal) >= 4096; }));
  std::string data = ReadWhole(wal);
  StatusOr<ParsedFile> parsed = ParseRecords(data, wal.string());
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->zero_tail);
  EXPECT_EQ(parsed->payloads.size(), 50u);
  const uint64_t records = parsed->valid_bytes;
  auto kvs = All(*s);
  TempDir crashed;
  fs::copy(dir_.path(), crashed.path(),
           fs::copy_options::overwrite_existing | fs::copy_options::recursive);
  s->Close();

  auto r = MustOpen(TestOptions(crashed.path()));
  ASSERT_NE(r, nullptr);
  ExpectSameKvs(kvs, All(*r));
  auto copied = FilesWithSuffix(crashed.path(), ".log").back();
  ASSERT_TRUE(r->Put("/after", "x").ok());
  r->Close();
  data = ReadWhole(copied);
  parsed = ParseRecords(data, copied.string());
  ASSERT_TRUE(parsed.ok());
  EXPECT_GT(parsed->valid_bytes, records);  // the new record follows the old ones directly
  EXPECT_EQ(parsed->payloads.size(), 51u);
  EXPECT_EQ(data.size(), parsed->valid_bytes);  // a clean close leaves no zeros

  // A record cut short by a crash, zeros after it.
  {
    std::ofstream f(copied, std::ios::binary | std::ios::app);
    f.write(
        "\x20\x00\x00\x00\x12\x34\x56\x78"
        "abc",
        11);
    f.write(std::string(4096, '\0').data(), 4096);
  }
  r = MustOpen(TestOptions(crashed.path()));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(Get(*r, "/after").value, "x");
  EXPECT_EQ(Get(*r, "/k/49").value, std::string(100, 'a' + 49 % 26));
  EXPECT_EQ(fs::file_size(copied), parsed->valid_bytes);
}

TEST_F(DurabilityTest, CorruptionBeforeTheTailIsDataLoss) {
  auto s = MustOpen(TestOptions(dir_.path()));
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->Put("a", "1").ok());
  ASSERT_TRUE(s->Put("b", "2").ok());
  ASSERT_TRUE(s->Put("c", "3").ok());
  s->Close();
  auto wal = FilesWithSuffix(dir_.path(), ".log").back();
  {
    // Flip a byte inside the first record's payload.
    std::fstream f(wal, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(10);
    f.put('\x7f');
  }
  auto r = OpenEmbedded(TestOptions(dir_.path()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), Reason::kDataLoss);
  EXPECT_NE(r.status().message().find(wal.string()), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("byte offset 0"), std::string::npos) << r.status().message();
}

TEST_F(DurabilityTest, DiskFullFailsWritesButNotReads) {
  TestEnv env;
  auto s = MustOpen(TestOptions(dir_.path(), &env));
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->Put("a", "1").ok());
  env.SetDiskFull(true);
  // Writes go on into the zeros the WAL reserved, then fail.
  const std::string value(1000, 'v');
  StatusOr<TxnResponse> p = Status::Ok();
  int64_t written = 0;
  while (written < 10000 && (p = s->Put("a", value + std::to_string(written))).ok()) ++written;
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().reason(), Reason::kUnavailable);
  EXPECT_NE(p.status().message().find("No space left on device"), std::string::npos) << p.status().message();
  EXPECT_NE(p.status().message().find("database space exceeded"), std::string::npos);
  EXPECT_FALSE(s->LeaseGrant(10).ok());
  // Nothing was applied; reads go on.
  EXPECT_EQ(s->CurrentRevision(), 2 + written);
  EXPECT_EQ(Get(*s, "a").value, written == 0 ? "1" : value + std::to_string(written - 1));
  env.SetDiskFull(false);
  auto ok = s->Put("a", "3");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->revision, 3 + written);
  s->Close();
  auto r = MustOpen(TestOptions(dir_.path()));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(Get(*r, "a").value, "3");
  EXPECT_EQ(Get(*r, "a").version, 2 + written);
}

TEST_F(DurabilityTest, GroupCommitSharesFsyncs) {
  TestEnv env;
  auto s = MustOpen(TestOptions(dir_.path(), &env));
  ASSERT_NE(s, nullptr);
  constexpr int kWriters = 64;
  constexpr int kEach = 20;
  int64_t syncs_before = env.syncs();
  EXPECT_EQ(PutFromWriters(*s, kWriters, kEach), kWriters * kEach);
  int64_t syncs = env.syncs() - syncs_before;
  EXPECT_LT(syncs, kWriters * kEach);
  EXPECT_GT(syncs, 0);
  EXPECT_EQ(s->CurrentRevision(), 1 + kWriters * kEach);
  RecordProperty("fsyncs", static_cast<int>(syncs));
}

// A write that finds nothing else waiting for the disk is made durable by its own thread:
// its callback has run, on that thread, by the time Txn returns.
TEST_F(DurabilityTest, ALoneWriteCommitsOnItsWritersThread) {
  TestEnv env;
  auto s = MustOpen(WritersCommitOptions(dir_.path(), &env));
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->Put("/first", "x").ok());  // the store is idle again once this returns
  int64_t syncs_before = env.syncs();
  std::thread::id replied_on;
  bool replied = false;
  TxnRequest t;
  t.success.push_back(Op::Put("/lone", "1"));
  s->Txn(std::move(t), [&](StatusOr<TxnResponse> r) {
    EXPECT_TRUE(r.ok());
    replied_on = std::this_thread::get_id();
    replied = true;
  });
  ASSERT_TRUE(replied);
  EXPECT_EQ(replied_on, std::this_thread::get_id());
  EXPECT_EQ(env.syncs() - syncs_before, 1);
  EXPECT_EQ(Get(*s, "/lone").value, "1");
}

// Writers that commit their own groups and the committer's groups interleave; watchers still
// see every revision once, in order.
TEST_F(DurabilityTest, GroupsFromEveryCommittingThreadArePublishedInOrder) {
  TestEnv env;
  auto s = MustOpen(WritersCommitOptions(dir_.path(), &env));
  ASSERT_NE(s, nullptr);
  std::mutex mu;
  std::vector<int64_t> revs;
  WatchRequest req;
  req.key = "/w/";
  req.range_end = PrefixEnd("/w/");
  auto watch = s->Watch(req, [&](const WatchBatch& b) {
    std::lock_guard<std::mutex> lock(mu);
    for (const Event& e : b.events) revs.push_back(e.kv.mod_revision);
  });
  constexpr int kWriters = 8;
  constexpr int kEach = 50;
  EXPECT_EQ(PutFromWriters(*s, kWriters, kEach), kWriters * kEach);
  ASSERT_TRUE(testing::WaitFor([&] {
    std::lock_guard<std::mutex> lock(mu);
    return revs.size() >= static_cast<size_t>(kWriters * kEach);
  }));
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(revs.size(), static_cast<size_t>(kWriters * kEach));
  for (size_t i = 0; i < revs.size(); ++i) EXPECT_EQ(revs[i], static_cast<int64_t>(i) + 2);
}

// Records that land in the WAL's reserved zeros wait for their group's one write(2).
TEST_F(DurabilityTest, GroupCommitSharesWritesInReservedZeros) {
  TestEnv env;
  auto s = MustOpen(TestOptions(dir_.path(), &env));
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->Put("/first", "x").ok());
  ASSERT_TRUE(
      testing::WaitFor([&] { return ZeroTail(FilesWithSuffix(dir_.path(), ".log").back()) > 0; }));
  constexpr int kWriters = 64;
  constexpr int kEach = 10;
  int64_t appends_before = env.appends();
  EXPECT_EQ(PutFromWriters(*s, kWriters, kEach), kWriters * kEach);
  int64_t appends = env.appends() - appends_before;
  EXPECT_LT(appends, kWriters * kEach / 2);
  EXPECT_GT(appends, 0);
  RecordProperty("appends", static_cast<int>(appends));
  s->Close();
  auto r = MustOpen(TestOptions(dir_.path()));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->CurrentRevision(), 2 + kWriters * kEach);
  EXPECT_EQ(Get(*r, "/w/63").value, std::to_string(kEach - 1));
}

// Under load, the committer holds a group's first write back until as many writes as the last
// group had have joined it: here the third, which commits the three with one fsync.
TEST_F(DurabilityTest, UnderLoadAGroupWaitsForMoreWritesToShareItsFsync) {
  TestEnv env;
  auto s =
      MustOpen(LingeringOptions(dir_.path(), &env, 600'000'000));  // only company ends the wait
  ASSERT_NE(s, nullptr);
  CommitAGroupOf(*s, env, 3);
  EXPECT_EQ(s->Stats().commit_lingers, 0);  // the groups before had no company
  int64_t syncs = env.syncs();
  env.HoldSyncs(true);
  auto d = PutAsync(*s, "d");
  ASSERT_TRUE(testing::WaitFor([&] { return s->Stats().commit_lingers == 1; }));
  auto e = PutAsync(*s, "e");
  auto f = PutAsync(*s, "f");
  ASSERT_TRUE(testing::WaitFor([&] { return env.syncs() == syncs + 1; }));
  env.HoldSyncs(false);
  ASSERT_TRUE(testing::WaitFor([&] { return *d && *e && *f; }));
  EXPECT_EQ(env.syncs(), syncs + 1);
  StoreStats stats = s->Stats();
  EXPECT_EQ(stats.committed_writes, 7);
  EXPECT_EQ(stats.commit_groups, 3);  // {first}, {0, 1, 2}, {d, e, f}
}

// Writers that wait for their answers before writing again come back as many as they were:
// the group commits when the last of them is back, not at the deadline.
TEST_F(DurabilityTest, AGroupAsBigAsTheLastCommitsAtOnce) {
  TestEnv env;
  auto s = MustOpen(LingeringOptions(dir_.path(), &env, 600'000'000));
  ASSERT_NE(s, nullptr);
  CommitAGroupOf(*s, env, 2);
  auto d = PutAsync(*s, "d");
  ASSERT_TRUE(testing::WaitFor([&] { return s->Stats().commit_lingers == 1; }));
  auto e = PutAsync(*s, "e");
  ASSERT_TRUE(testing::WaitFor([&] { return *d && *e; }));
  EXPECT_EQ(s->Stats().commit_groups, 3);  // {first}, {0, 1}, {d, e}
}

// A write with no company in sight waits only until the linger's deadline.
TEST_F(DurabilityTest, AGroupThatFindsNoCompanyCommitsAtTheDeadline) {
  TestEnv env;
  auto s = MustOpen(LingeringOptions(dir_.path(), &env, 20'000));
  ASSERT_NE(s, nullptr);
  CommitAGroupOf(*s, env, 2);
  auto d = PutAsync(*s, "d");
  ASSERT_TRUE(testing::WaitFor([&] { return d->load(); }));
  EXPECT_EQ(s->Stats().commit_lingers, 1);
  EXPECT_EQ(Get(*s, "d").value, "v");
}

// One writer at a time never has company, and never waits for it.
TEST_F(DurabilityTest, ALoneWriterNeverWaitsForCompany) {
  TestEnv env;
  auto s = MustOpen(LingeringOptions(dir_.path(), &env, 600'000'000));
  ASSERT_NE(s, nullptr);
  for (int i = 0; i < 20; ++i) {
    auto done = PutAsync(*s, "/lone/" + std::to_string(i));
    ASSERT_TRUE(testing::WaitFor([&] { return done->load(); })) << i;
  }
  StoreStats stats = s->Stats();
  EXPECT_EQ(stats.commit_lingers, 0);
  EXPECT_EQ(stats.committed_writes, 20);
}

}  // namespace
}  // namespace kubepp::store
