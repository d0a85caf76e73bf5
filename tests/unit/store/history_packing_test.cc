// Superseded values kept as deltas (value_delta.h, MvccIndex::PackWork) and
// newest values compressed with their family's dictionary
// (value_dictionary.h, MvccIndex::CompressWork): the values take a fraction
// of the memory and every read of them — a range now or at a past revision,
// a watch from one, a compare, a snapshot — sees them as written.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "store/embedded_store.h"
#include "store/mvcc_index.h"
#include "store/value_delta.h"
#include "store/value_dictionary.h"
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
  // Returns the dictionaries trained on the way.
  int CompressAll() {
    int trained = 0;
    for (;;) {
      auto batch = index_.CompressWork(300);
      if (batch.visited == 0) return trained;
      MvccIndex::Compress(&batch);
      for (const auto& t : batch.train) trained += t.dict != nullptr;
      index_.InstallCompressed(&batch);
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

TEST(ValueDictionaryTest, ShrinksValuesLikeItsSamplesAndRoundTrips) {
  std::vector<std::string> values;
  for (int i = 0; i < 1000; ++i) values.push_back(PodValue("web-" + std::to_string(i), i % 9));
  std::vector<std::string_view> samples(values.begin(), values.end());
  auto dict = ValueDictionary::Train(samples);
  ASSERT_NE(dict, nullptr);
  std::string value = PodValue("another-pod", 4);
  auto compressed = dict->Compress(value);
  ASSERT_TRUE(compressed.has_value());
  EXPECT_LT(compressed->size(), value.size() / 5);
  auto back = dict->Decompress(*compressed);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, value);
  EXPECT_EQ(dict->Decompress("not a frame").status().reason(), Reason::kDataLoss);
  // A frame of another dictionary is refused, not misread.
  for (auto& v : values) v = "other-" + v;
  std::vector<std::string_view> other_samples(values.begin(), values.end());
  auto other = ValueDictionary::Train(other_samples);
  ASSERT_NE(other, nullptr);
  EXPECT_FALSE(other->Decompress(*compressed).ok());
}

TEST(ValueDictionaryTest, FamiliesAreTheFirstPathSegments) {
  EXPECT_EQ(MvccIndex::FamilyOf("/registry/pods/default/web-1"), "/registry/pods/");
  EXPECT_EQ(MvccIndex::FamilyOf("/registry/nodes/n1"), "/registry/nodes/");
  EXPECT_EQ(MvccIndex::FamilyOf("/pods/a"), "/pods/");
  EXPECT_EQ(MvccIndex::FamilyOf("plain"), "");
}

std::string PodKey(int i) { return "/registry/pods/default/web-" + std::to_string(i); }

TEST_F(PackedIndexTest, NewestValuesAreCompressedWithTheirFamilysDictionary) {
  const int pods = static_cast<int>(MvccIndex::kTrainSamples) + 200;
  for (int i = 0; i < pods; ++i) Write(PodKey(i), PodValue("web-" + std::to_string(i), i % 5));
  Write("/registry/configmaps/default/few", "a family too small to train on");
  int64_t before = index_.bytes();
  EXPECT_EQ(CompressAll(), 1);
  EXPECT_LT(index_.bytes(), before / 4);
  for (int i = 0; i < pods; ++i) {
    const Version* v = index_.Latest(PodKey(i));
    ASSERT_NE(v, nullptr);
    EXPECT_NE(v->dict, nullptr) << PodKey(i);
    EXPECT_EQ(*MvccIndex::WholeValue(*v), PodValue("web-" + std::to_string(i), i % 5));
  }
  EXPECT_EQ(index_.Latest("/registry/configmaps/default/few")->dict, nullptr);
  ExpectHistoryIntact(2);
  // A range as the store serves it: values still compressed until Materialize.
  RangeRequest req;
  req.key = "/registry/pods/";
  req.range_end = "/registry/pods0";
  auto refs = index_.RangeShared(req, rev_);
  ASSERT_EQ(refs.kvs.size(), static_cast<size_t>(pods));
  EXPECT_NE(refs.kvs[0].second.dict, nullptr);
  RangeResponse r = MvccIndex::Materialize(std::move(refs), req, rev_);
  for (const KeyValue& kv : r.kvs) {
    EXPECT_EQ(kv.value, written_[kv.mod_revision].second) << kv.key;
  }

  // Writes over compressed values: the old ones become history (kept
  // compressed, or deltas against the next), the new ones get compressed.
  for (int n = 5; n < 25; ++n) {
    for (int i = 0; i < 40; ++i) Write(PodKey(i), PodValue("web-" + std::to_string(i), n));
    if (n % 3 == 0) {
      PackAll();
      CompressAll();
    }
  }
  PackAll();
  EXPECT_EQ(CompressAll(), 0);  // the family keeps its dictionary
  ExpectHistoryIntact(2);
  const int64_t snap_rev = rev_ - 30;
  auto exported = index_.Export("", true, 100000, snap_rev);
  MvccIndex::Unpack(&exported, snap_rev);
  size_t versions = 0;
  for (const auto& kv : exported) {
    for (const Version& v : kv.versions) {
      ++versions;
      EXPECT_FALSE(v.packed);
      EXPECT_EQ(v.dict, nullptr);
      EXPECT_EQ(*v.value, written_[v.main].second) << kv.key << " at " << v.main;
    }
  }
  EXPECT_EQ(versions, static_cast<size_t>(snap_rev - 1));
}

TEST_F(PackedIndexTest, ValuesNoDictionaryHalvesStayWhole) {
  std::mt19937 rng(7);
  for (size_t i = 0; i < MvccIndex::kTrainSamples; ++i) {
    std::string value(600, '\0');
    for (char& c : value) c = static_cast<char>(rng());
    Write("/bench/random/" + std::to_string(i), value);
  }
  EXPECT_EQ(CompressAll(), 0);
  EXPECT_EQ(index_.Latest("/bench/random/7")->dict, nullptr);
  // Settled: later writes of the family are neither sampled nor compressed.
  Write("/bench/random/7", "x");
  auto batch = index_.CompressWork(100);
  EXPECT_TRUE(batch.jobs.empty());
  EXPECT_TRUE(batch.train.empty());
}

TEST_F(PackedIndexTest, CompressionSkipsValuesReplacedOrCompactedMeanwhile) {
  const int pods = static_cast<int>(MvccIndex::kTrainSamples);
  for (int i = 0; i < pods; ++i) Write(PodKey(i), PodValue("web-" + std::to_string(i), 0));
  ASSERT_EQ(CompressAll(), 1);
  for (int i = 0; i < 20; ++i) Write(PodKey(i), PodValue("web-" + std::to_string(i), 1));
  auto batch = index_.CompressWork(1000);
  ASSERT_EQ(batch.jobs.size(), 20u);
  for (int i = 0; i < 10; ++i) Write(PodKey(i), PodValue("web-" + std::to_string(i), 2));
  Remove(PodKey(10));
  index_.Compact(rev_ - 1);
  MvccIndex::Compress(&batch);
  index_.InstallCompressed(&batch);
  for (int i = 0; i < 20; ++i) {
    const Version* v = index_.Latest(PodKey(i));
    EXPECT_EQ(v->dict != nullptr, i > 10) << PodKey(i);
  }
  CompressAll();
  EXPECT_NE(index_.Latest(PodKey(3))->dict, nullptr);
  ExpectHistoryIntact(rev_);
  RangeRequest req;
  req.key = PodKey(3);
  EXPECT_EQ(index_.Range(req, rev_).kvs.at(0).value, PodValue("web-3", 2));
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

// Through the store: compression runs in its maintenance; ranges, compares
// and a restart see every value as written.
TEST(ValueCompressionTest, TheStoreCompressesValuesAndServesThemUnchanged) {
  TempDir dir;
  auto o = TestOptions(dir.path());
  o.fsync = false;
  o.compress_values = true;
  auto store = MustOpen(o);
  ASSERT_NE(store, nullptr);
  const int pods = static_cast<int>(MvccIndex::kTrainSamples) + 100;
  int64_t written = 0;
  for (int i = 0; i < pods; ++i) {
    std::string value = PodValue("web-" + std::to_string(i), i % 3);
    ASSERT_TRUE(store->Put(PodKey(i), value).ok());
    written += static_cast<int64_t>(value.size());
  }
  auto* impl = dynamic_cast<EmbeddedStore*>(store.get());
  ASSERT_NE(impl, nullptr);
  ASSERT_TRUE(impl->SnapshotNow().ok());  // db size is then the values held in memory
  ASSERT_TRUE(WaitFor([&] { return store->Stats().db_size_bytes < written / 4; }))
      << store->Stats().db_size_bytes << " with " << written << " bytes written";

  auto check = [&](Store& s) {
    RangeRequest req;
    req.key = "/registry/pods/";
    req.range_end = "/registry/pods0";
    auto r = s.Range(req);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->kvs.size(), static_cast<size_t>(pods));
    for (const KeyValue& kv : r->kvs) {
      int i = std::stoi(kv.key.substr(kv.key.rfind('-') + 1));
      EXPECT_EQ(kv.value, PodValue("web-" + std::to_string(i), i % 3)) << kv.key;
    }
    // A compare on a value reads it whole.
    for (auto [value, want] :
         {std::pair{PodValue("web-5", 2), true}, std::pair{PodValue("web-5", 1), false}}) {
      TxnRequest txn;
      Compare c;
      c.key = PodKey(5);
      c.target = Compare::Target::kValue;
      c.value = value;
      txn.compare.push_back(c);
      auto t = s.TxnSync(txn);
      ASSERT_TRUE(t.ok());
      EXPECT_EQ(t->succeeded, want);
    }
  };
  check(*store);
  ASSERT_TRUE(impl->SnapshotNow().ok());  // written from the compressed values
  store->Close();
  store = MustOpen(o);
  ASSERT_NE(store, nullptr);
  check(*store);
}

}  // namespace
}  // namespace kubepp::store
