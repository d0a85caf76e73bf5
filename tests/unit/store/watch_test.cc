// Watches: history replay, live events, prev_kv, compaction, progress
// notifications, cancellation and many watchers on one prefix.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store_test_util.h"

namespace kubepp::store {
namespace {

using testing::MustOpen;
using testing::TempDir;
using testing::TestOptions;
using testing::WaitFor;

// Collects batches from a watch callback.
class Recorder {
 public:
  WatchCallback Callback() {
    return [this](const WatchBatch& b) {
      std::lock_guard<std::mutex> lock(mu_);
      batches_.push_back(b);
      for (const Event& e : b.events) events_.push_back(e);
    };
  }
  size_t events() {
    std::lock_guard<std::mutex> lock(mu_);
    return events_.size();
  }
  std::vector<Event> Events() {
    std::lock_guard<std::mutex> lock(mu_);
    return events_;
  }
  std::vector<WatchBatch> Batches() {
    std::lock_guard<std::mutex> lock(mu_);
    return batches_;
  }

 private:
  std::mutex mu_;
  std::vector<WatchBatch> batches_;
  std::vector<Event> events_;
};

class WatchTest : public ::testing::Test {
 protected:
  void Open(int64_t progress_ms = 600000, int64_t queue_limit = 1024) {
    auto o = TestOptions(dir_.path());
    o.fsync = false;
    o.progress_notify_interval_ms = progress_ms;
    o.watch_queue_limit = queue_limit;
    store_ = MustOpen(o);
    ASSERT_NE(store_, nullptr);
  }
  void SetUp() override { Open(); }
  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(WatchTest, FromPastRevisionWithPrevKv) {
  ASSERT_TRUE(store_->Put("/r/a", "1").ok());  // 2
  ASSERT_TRUE(store_->Put("/r/a", "2").ok());  // 3
  ASSERT_TRUE(store_->Put("/other", "x").ok());  // 4
  ASSERT_TRUE(store_->Delete("/r/a").ok());    // 5
  Recorder rec;
  WatchRequest req;
  req.key = "/r/";
  req.range_end = PrefixEnd("/r/");
  req.start_revision = 2;
  req.prev_kv = true;
  auto h = store_->Watch(req, rec.Callback());
  ASSERT_TRUE(WaitFor([&] { return rec.events() == 3; }));
  ASSERT_TRUE(store_->Put("/r/b", "live").ok());  // 6
  ASSERT_TRUE(WaitFor([&] { return rec.events() == 4; }));
  auto ev = rec.Events();
  EXPECT_EQ(ev[0].type, Event::Type::kPut);
  EXPECT_EQ(ev[0].kv.mod_revision, 2);
  EXPECT_FALSE(ev[0].has_prev);
  EXPECT_EQ(ev[1].kv.value, "2");
  EXPECT_EQ(ev[1].kv.version, 2);
  ASSERT_TRUE(ev[1].has_prev);
  EXPECT_EQ(ev[1].prev_kv.value, "1");
  EXPECT_EQ(ev[2].type, Event::Type::kDelete);
  EXPECT_EQ(ev[2].kv.key, "/r/a");
  EXPECT_EQ(ev[2].kv.mod_revision, 5);
  ASSERT_TRUE(ev[2].has_prev);
  EXPECT_EQ(ev[2].prev_kv.value, "2");
  EXPECT_EQ(ev[3].kv.key, "/r/b");
  EXPECT_EQ(ev[3].kv.mod_revision, 6);
  EXPECT_EQ(store_->Stats().watchers, 1);
}

TEST_F(WatchTest, LiveSingleKeyWithoutPrev) {
  Recorder rec;
  WatchRequest req;
  req.key = "k";
  auto h = store_->Watch(req, rec.Callback());
  ASSERT_TRUE(store_->Put("k", "1").ok());
  ASSERT_TRUE(store_->Put("kk", "not me").ok());
  ASSERT_TRUE(store_->Put("k", "2").ok());
  ASSERT_TRUE(WaitFor([&] { return rec.events() == 2; }));
  auto ev = rec.Events();
  EXPECT_EQ(ev[0].kv.value, "1");
  EXPECT_EQ(ev[1].kv.value, "2");
  EXPECT_FALSE(ev[1].has_prev);  // not asked for
}

TEST_F(WatchTest, FutureStartRevision) {
  Recorder rec;
  WatchRequest req;
  req.key = "k";
  req.start_revision = 4;
  auto h = store_->Watch(req, rec.Callback());
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(store_->Put("k", std::to_string(i)).ok());  // 2..5
  ASSERT_TRUE(WaitFor([&] { return rec.events() == 2; }));
  auto ev = rec.Events();
  EXPECT_EQ(ev[0].kv.mod_revision, 4);
  EXPECT_EQ(ev[1].kv.mod_revision, 5);
}

TEST_F(WatchTest, CompactedStartIsGone) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store_->Put("k", std::to_string(i)).ok());  // 2..6
  ASSERT_TRUE(store_->Compact(5).ok());
  Recorder rec;
  WatchRequest req;
  req.key = "k";
  req.start_revision = 3;
  auto h = store_->Watch(req, rec.Callback());
  ASSERT_TRUE(WaitFor([&] { return rec.Batches().size() == 1; }));
  auto b = rec.Batches()[0];
  EXPECT_TRUE(b.status.IsGone());
  EXPECT_EQ(b.compact_revision, 5);
  EXPECT_TRUE(b.events.empty());
  // Nothing follows the terminal batch.
  ASSERT_TRUE(store_->Put("k", "after").ok());
  EXPECT_TRUE(WaitFor([&] { return store_->Stats().watchers == 0; }));
  EXPECT_EQ(rec.Batches().size(), 1u);
}

TEST_F(WatchTest, ProgressNotify) {
  store_->Close();
  Open(/*progress_ms=*/20);
  ASSERT_TRUE(store_->Put("x", "1").ok());
  Recorder rec;
  WatchRequest req;
  req.key = "w";
  req.progress_notify = true;
  auto h = store_->Watch(req, rec.Callback());
  ASSERT_TRUE(WaitFor([&] { return rec.Batches().size() >= 2; }));
  for (const WatchBatch& b : rec.Batches()) {
    EXPECT_TRUE(b.events.empty());
    EXPECT_TRUE(b.status.ok());
    EXPECT_EQ(b.revision, 2);
  }
}

TEST_F(WatchTest, NoCallbackAfterCancel) {
  std::atomic<bool> cancelled{false};
  std::atomic<int> late{0};
  std::atomic<int> calls{0};
  WatchRequest req;
  req.key = "c";
  auto h = store_->Watch(req, [&](const WatchBatch&) {
    if (cancelled.load()) late.fetch_add(1);
    calls.fetch_add(1);
  });
  ASSERT_TRUE(store_->Put("c", "1").ok());
  ASSERT_TRUE(WaitFor([&] { return calls.load() == 1; }));
  std::thread writer([&] {
    for (int i = 0; i < 200; ++i) store_->Put("c", std::to_string(i));
  });
  WaitFor([&] { return calls.load() > 10; });
  h->Cancel();
  cancelled.store(true);
  writer.join();
  ASSERT_TRUE(store_->Put("c", "end").ok());
  EXPECT_EQ(late.load(), 0);
  EXPECT_EQ(store_->Stats().watchers, 0);
}

TEST_F(WatchTest, CancelFromInsideCallback) {
  std::atomic<int> calls{0};
  std::unique_ptr<WatchHandle> h;
  std::mutex mu;
  WatchRequest req;
  req.key = "c";
  {
    std::lock_guard<std::mutex> lock(mu);
    h = store_->Watch(req, [&](const WatchBatch&) {
      calls.fetch_add(1);
      std::lock_guard<std::mutex> l(mu);
      h->Cancel();
    });
  }
  ASSERT_TRUE(store_->Put("c", "1").ok());
  ASSERT_TRUE(WaitFor([&] { return calls.load() == 1; }));
  ASSERT_TRUE(store_->Put("c", "2").ok());
  ASSERT_TRUE(WaitFor([&] { return store_->Stats().watchers == 0; }));
  EXPECT_EQ(calls.load(), 1);
}

// A slow watcher falls behind (its queue fills), catches up from history and
// still sees every event exactly once, in order; writers never wait for it.
TEST_F(WatchTest, SlowWatcherLosesNothing) {
  store_->Close();
  Open(600000, /*queue_limit=*/4);
  std::atomic<bool> release{false};
  std::vector<int64_t> revs;
  std::mutex mu;
  WatchRequest req;
  req.key = "/s/";
  req.range_end = PrefixEnd("/s/");
  auto h = store_->Watch(req, [&](const WatchBatch& b) {
    while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::lock_guard<std::mutex> lock(mu);
    for (const Event& e : b.events) revs.push_back(e.kv.mod_revision);
  });
  constexpr int kWrites = 300;
  for (int i = 0; i < kWrites; ++i) ASSERT_TRUE(store_->Put("/s/" + std::to_string(i % 7), std::to_string(i)).ok());
  release.store(true);
  ASSERT_TRUE(WaitFor([&] {
    std::lock_guard<std::mutex> lock(mu);
    return revs.size() >= kWrites;
  }));
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(revs.size(), static_cast<size_t>(kWrites));
  for (int i = 0; i < kWrites; ++i) EXPECT_EQ(revs[i], i + 2);
}

TEST_F(WatchTest, ManyWatchersOnOnePrefix) {
  constexpr int kWatchers = 1000;
  constexpr int kEvents = 200;
  std::atomic<int64_t> delivered{0};
  std::vector<std::unique_ptr<WatchHandle>> handles;
  WatchRequest req;
  req.key = "/pods/";
  req.range_end = PrefixEnd("/pods/");
  for (int i = 0; i < kWatchers; ++i) {
    handles.push_back(store_->Watch(req, [&](const WatchBatch& b) { delivered.fetch_add(b.events.size()); }));
  }
  EXPECT_EQ(store_->Stats().watchers, kWatchers);
  for (int i = 0; i < kEvents; ++i) ASSERT_TRUE(store_->Put("/pods/p" + std::to_string(i), "x").ok());
  ASSERT_TRUE(WaitFor([&] { return delivered.load() == int64_t{kWatchers} * kEvents; }, std::chrono::seconds(60)));
  handles.clear();
  EXPECT_EQ(store_->Stats().watchers, 0);
}

// All synced watchers of one range receive the same batch, so what a
// consumer memoizes on it (the etcd API's wire encoding) is made once per
// batch, not once per watcher.
TEST_F(WatchTest, WatchersOfOneRangeShareEachBatchsMemo) {
  constexpr int kWatchers = 50;
  constexpr int kEvents = 20;
  static const char kKey = 0;
  std::atomic<int> made{0};
  std::atomic<int64_t> delivered{0};
  std::atomic<int> wrong{0};
  std::vector<std::unique_ptr<WatchHandle>> handles;
  WatchRequest req;
  req.key = "/memo/";
  req.range_end = PrefixEnd("/memo/");
  for (int i = 0; i < kWatchers; ++i) {
    handles.push_back(store_->Watch(req, [&](const WatchBatch& b) {
      if (b.events.empty()) return;
      auto first_key = b.memo.Get<std::string>(&kKey, [&] {
        made.fetch_add(1);
        return std::make_shared<const std::string>(b.events.front().kv.key);
      });
      if (*first_key != b.events.front().kv.key) wrong.fetch_add(1);
      delivered.fetch_add(static_cast<int64_t>(b.events.size()));
    }));
  }
  for (int i = 0; i < kEvents; ++i) ASSERT_TRUE(store_->Put("/memo/k" + std::to_string(i), "x").ok());
  ASSERT_TRUE(WaitFor([&] { return delivered.load() == int64_t{kWatchers} * kEvents; }, std::chrono::seconds(30)));
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GE(made.load(), 1);
  EXPECT_LE(made.load(), kEvents);  // one per batch; without sharing it would be 1,000
}

TEST(BatchMemoTest, KeysAreIndependentAndCopiesStartEmpty) {
  static const char kA = 0, kB = 0;
  WatchBatch batch;
  int makes = 0;
  auto make = [&](int v) {
    ++makes;
    return std::make_shared<const int>(v);
  };
  EXPECT_EQ(*batch.memo.Get<int>(&kA, [&] { return make(1); }), 1);
  EXPECT_EQ(*batch.memo.Get<int>(&kA, [&] { return make(2); }), 1);
  EXPECT_EQ(*batch.memo.Get<int>(&kB, [&] { return make(3); }), 3);
  EXPECT_EQ(makes, 2);
  WatchBatch copy = batch;
  EXPECT_EQ(*copy.memo.Get<int>(&kA, [&] { return make(4); }), 4);
  EXPECT_EQ(*batch.memo.Get<int>(&kA, [&] { return make(5); }), 1);
}

}  // namespace
}  // namespace kubepp::store
