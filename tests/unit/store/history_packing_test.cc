// Superseded values kept as deltas (value_delta.h, MvccIndex::PackWork): the
// history takes a fraction of the memory and every read of it — a range at a
// past revision, a watch from one, a snapshot — sees the values as written.
#include <gtest/gtest.h>

#include <map>

#include "store/embedded_store.h"
#include "store/mvcc_index.h"
#include "store/value_delta.h"
#include "store_test_util.h"

namespace kubepp::store {
namespace {

using testing::MustOpen;
using testing::TempDir;
using testing::TestOptions;
using testing::WaitFor;

// A pod's stored JSON at its n-th write: mostly the same from one write to the next.
std::string PodValue(const std::string& name, int n) {
  std::string v =
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name +
      R"(","namespace":"default","resourceVersion":")" + std::to_string(1000 + n) +
      R"(","labels":{"app":"web","pod-template-hash":"5fc76d9f4c"}},"spec":{"containers":[{"name":"app",)"
      R"("image":"registry.k8s.io/pause:3.10","resources":{"requests":{"cpu":"10m","memory":"10Mi"}},)"
      R"("terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],)"
      R"("dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler",)"
      R"("tolerations":[{"effect":"NoExecute","key":"node.kubernetes.io/not-ready","operator":"Exists",)"
      R"("tolerationSeconds":300}]},"status":{"phase":")" +
      (n % 2 ? "Running" : "Pending") + R"(","restarts":)" + std::to_string(n) + "}}";
  return v;
}

TEST(ValueDeltaTest, RoundTripsAndIsSmallForNearlyEqualValues) {
  std::string older = PodValue("web-1", 1), newer = PodValue("web-1", 2);
  auto packed = PackDelta(older, newer);
  ASSERT_TRUE(packed.has_value());
  EXPECT_LT(packed->size(), older.size() / 5);
  auto back = UnpackDelta(*packed, newer);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, older);
  // Against another dictionary, or from garbage, it fails rather than guessing.
  EXPECT_FALSE(UnpackDelta(*packed, "something else entirely").ok());
  EXPECT_FALSE(UnpackDelta("not a frame", newer).ok());
}

// The index alone: writes, then a packing pass as the store runs it.
class PackedIndexTest : public ::testing::Test {
 protected:
  void Write(const std::string& key, const std::string& value) {
    ++rev_;
    index_.Put(key, std::make_shared<const std::string>(value), 0, rev_, 0);
    index_.SetCurrent(rev_);
    written_[rev_] = {key, value};
  }
  void Remove(const std::string& key) {
    ++rev_;
    index_.Delete(key, rev_, 0);
    index_.SetCurrent(rev_);
    written_[rev_] = {key, ""};
  }
  void PackAll() {
    for (;;) {
      auto jobs = index_.PackWork(3);  // small passes: the cursor must carry over
      if (jobs.empty()) return;
      MvccIndex::Pack(&jobs);
      index_.InstallPacked(&jobs);
    }
  }
  // Every value written is read back at its revision, by range and by event.
  void ExpectHistoryIntact(int64_t from) {
    for (const auto& [rev, kv] : written_) {
      if (rev < from) continue;
      RangeRequest req;
      req.key = kv.first;
      RangeResponse r = index_.Range(req, rev);
      if (kv.second.empty()) {
        EXPECT_TRUE(r.kvs.empty()) << "revision " << rev;
      } else {
        ASSERT_EQ(r.kvs.size(), 1u) << "revision " << rev;
        EXPECT_EQ(r.kvs[0].value, kv.second) << "revision " << rev;
      }
    }
    std::vector<ChangeEvent> events;
    index_.Events("", std::string(1, '\0'), from, rev_, 1 << 20, &events);
    std::map<std::string, std::string> last;  // the value before each event, per key
    for (const auto& [rev, kv] : written_) {
      if (rev < from) {
        last[kv.first] = kv.second;
      }
    }
    size_t i = 0;
    for (const auto& [rev, kv] : written_) {
      if (rev < from) continue;
      ASSERT_LT(i, events.size());
      const ChangeEvent& e = events[i++];
      EXPECT_EQ(e.version.main, rev);
      if (!kv.second.empty()) {
        EXPECT_EQ(*e.version.value, kv.second) << "revision " << rev;
      }
      const std::string& before = last[kv.first];
      if (before.empty()) {
        EXPECT_EQ(e.prev.version, 0) << "revision " << rev;
      } else {
        ASSERT_NE(e.prev.value, nullptr) << "revision " << rev;
        EXPECT_EQ(*e.prev.value, before) << "revision " << rev;
      }
      last[kv.first] = kv.second;
    }
    EXPECT_EQ(i, events.size());
  }

  MvccIndex index_;
  int64_t rev_ = 1;
  std::map<int64_t, std::pair<std::string, std::string>> written_;  // "" = deleted
};

TEST_F(PackedIndexTest, PackedHistoryReadsBackExactlyAndTakesAFraction) {
  for (int n = 0; n < 60; ++n) {
    for (const char* name : {"web-1", "web-2", "web-3"})
      Write(std::string("/pods/") + name, PodValue(name, n));
  }
  int64_t before = index_.bytes();
  PackAll();
  EXPECT_LT(index_.bytes(), before / 4);
  ExpectHistoryIntact(2);
  // The newest value stays whole: compares and reads of the present never unpack.
  const Version* latest = index_.Latest("/pods/web-2");
  ASSERT_NE(latest, nullptr);
  EXPECT_FALSE(latest->packed);
  EXPECT_EQ(*latest->value, PodValue("web-2", 59));
}

TEST_F(PackedIndexTest, ChainsOfDeltasStayShort) {
  for (int n = 0; n < 100; ++n) {
    Write("/pods/a", PodValue("a", n));
    if (n % 7 == 0) PackAll();  // passes in between, as the store's maintenance runs them
  }
  PackAll();
  ExpectHistoryIntact(2);
  // A snapshot's export at a past revision, made whole outside the lock.
  const int64_t snap_rev = rev_ - 5;
  auto exported = index_.Export("", true, 10, snap_rev);
  ASSERT_EQ(exported.size(), 1u);
  MvccIndex::Unpack(&exported, snap_rev);
  ASSERT_EQ(exported[0].versions.size(), 95u);
  for (const Version& v : exported[0].versions) {
    EXPECT_FALSE(v.packed);
    EXPECT_EQ(*v.value, written_[v.main].second);
  }
  // Count the packed runs as the index holds them.
  int run = 0, longest = 0, packed = 0;
  const auto* held = index_.HeldVersions("/pods/a");
  ASSERT_NE(held, nullptr);
  for (const Version& v : *held) {
    run = v.packed ? run + 1 : 0;
    packed += v.packed;
    longest = std::max(longest, run);
  }
  EXPECT_LE(longest, MvccIndex::kMaxDeltaChain);
  EXPECT_GT(packed, 80);
}

TEST_F(PackedIndexTest, TombstonesCompactionAndRacesWithIt) {
  for (int n = 0; n < 10; ++n) Write("/k", PodValue("k", n));
  Remove("/k");
  for (int n = 10; n < 20; ++n) Write("/k", PodValue("k", n));
  PackAll();
  ExpectHistoryIntact(2);

  for (int n = 20; n < 30; ++n) Write("/k", PodValue("k", n));
  auto jobs = index_.PackWork(100);
  ASSERT_FALSE(jobs.empty());
  int64_t compact_to = rev_ - 3;
  index_.Compact(compact_to);  // drops most of what the pass is about to pack
  MvccIndex::Pack(&jobs);
  index_.InstallPacked(&jobs);
  ExpectHistoryIntact(compact_to + 1);  // events at the compaction revision are gone with it
}

// Through the store: packing runs in its maintenance, and watches from the
// past, ranges at past revisions and a restart from a snapshot see it all.
TEST(HistoryPackingTest, TheStorePacksItsHistoryAndServesItUnchanged) {
  TempDir dir;
  auto o = TestOptions(dir.path());
  o.fsync = false;
  auto store = MustOpen(o);
  ASSERT_NE(store, nullptr);
  std::map<int64_t, std::string> values;  // revision -> value of /pods/a
  int64_t written = 0;
  for (int n = 0; n < 50; ++n) {
    auto r = store->Put("/pods/a", PodValue("a", n));
    ASSERT_TRUE(r.ok());
    values[r->revision] = PodValue("a", n);
    ASSERT_TRUE(store->Put("/pods/b", PodValue("b", n)).ok());
    written += 2 * static_cast<int64_t>(PodValue("a", n).size());
  }
  // db size counts the values held in memory and the WAL's bytes since the
  // last snapshot: whole, both are about `written`. Packed, each pod's 49
  // superseded values nearly vanish from memory.
  ASSERT_TRUE(WaitFor([&] { return store->Stats().db_size_bytes < written * 13 / 10; }))
      << store->Stats().db_size_bytes << " with " << written << " bytes written";

  auto check = [&](Store& s) {
    for (const auto& [rev, value] : values) {
      RangeRequest req;
      req.key = "/pods/a";
      req.revision = rev;
      auto r = s.Range(req);
      ASSERT_TRUE(r.ok());
      ASSERT_EQ(r->kvs.size(), 1u);
      EXPECT_EQ(r->kvs[0].value, value) << "revision " << rev;
    }
    std::mutex mu;
    std::vector<Event> events;
    WatchRequest req;
    req.key = "/pods/a";
    req.start_revision = values.begin()->first;
    req.prev_kv = true;
    auto h = s.Watch(req, [&](const WatchBatch& b) {
      std::lock_guard<std::mutex> lock(mu);
      events.insert(events.end(), b.events.begin(), b.events.end());
    });
    ASSERT_TRUE(WaitFor([&] {
      std::lock_guard<std::mutex> lock(mu);
      return events.size() == values.size();
    }));
    std::lock_guard<std::mutex> lock(mu);
    auto it = values.begin();
    for (size_t i = 0; i < events.size(); ++i, ++it) {
      EXPECT_EQ(events[i].kv.value, it->second);
      if (i > 0) {
        EXPECT_EQ(events[i].prev_kv.value, std::prev(it)->second);
      }
    }
  };
  check(*store);
  auto* impl = dynamic_cast<EmbeddedStore*>(store.get());
  ASSERT_NE(impl, nullptr);
  ASSERT_TRUE(impl->SnapshotNow().ok());  // written from the packed history
  store->Close();
  store = MustOpen(o);
  ASSERT_NE(store, nullptr);
  check(*store);
}

}  // namespace
}  // namespace kubepp::store
