#include "client/object_arena.h"

#include <gtest/gtest.h>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "client/key_pool.h"

namespace kubepp::client {
namespace {

namespace json = boost::json;

constexpr const char* kPod =
    R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-7d4b9c8f6d-x2x7k",
  "namespace":"default","uid":"1c7a0a51-33d5-4c1e-9a43-2b1f2d7f7e10","resourceVersion":"123456",
  "labels":{"app":"web","pod-template-hash":"7d4b9c8f6d"}},"spec":{"containers":[{"name":"nginx",
  "image":"nginx:1.27","resources":{"requests":{"cpu":"100m","memory":"128Mi"}},
  "terminationMessagePath":"/dev/termination-log","imagePullPolicy":"IfNotPresent"}],
  "nodeName":"node-a","tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists",
  "effect":"NoExecute","tolerationSeconds":300}]},"status":{"phase":"Running","podIP":"10.244.1.7"}})";

TEST(ObjectArenaTest, AParsedObjectLivesInTheBlock) {
  std::string_view text(kPod);
  ObjectArena arena(text.size() * 2);
  json::value v = json::parse(text, arena.storage());
  arena.Seal(v);
  EXPECT_GT(arena.used(), 0u);
  EXPECT_LE(arena.used(), text.size() * 2);
  EXPECT_EQ(json::serialize(v), json::serialize(json::parse(text)));
}

TEST(ObjectArenaTest, ABlockTooSmallOverflowsToTheHeap) {
  std::string_view text(kPod);
  ObjectArena arena(64);
  json::value v = json::parse(text, arena.storage());
  arena.Seal(v);
  EXPECT_LE(arena.used(), 64u);
  EXPECT_GT(arena.needed(), 64u);  // what did not fit went to the heap, and counts
  EXPECT_EQ(v.at("metadata").at("name").as_string(), "web-7d4b9c8f6d-x2x7k");
}

// What one parse of kPod needs, with a block that holds it all.
size_t PodNeeds() {
  std::string_view text(kPod);
  ObjectArena arena(text.size() * 8);
  json::value v = json::parse(text, arena.storage());
  arena.Seal(v);
  EXPECT_EQ(arena.needed(), arena.used());
  return arena.needed();
}

TEST(BlockSizerTest, LearnsTheRatioOfItsObjectsAndLeavesLittleTail) {
  std::string_view text(kPod);
  const size_t needs = PodNeeds();
  BlockSizer sizer;
  EXPECT_GE(sizer.BlockFor(text.size()), 2 * text.size());  // before learning: generous
  for (int i = 0; i < 40; ++i) {
    ObjectArena arena(sizer.BlockFor(text.size()));
    json::value v = json::parse(text, arena.storage());
    arena.Seal(v);
    sizer.Learn(text.size(), arena.needed());
  }
  size_t block = sizer.BlockFor(text.size());
  EXPECT_GE(block, needs - needs / 16);  // the next pod fits, but for a sixteenth at most
  EXPECT_LE(block, needs + needs / 4);   // with at most a quarter to spare
}

// Blocks come in the allocator's sizes (four per doubling), rounded down when
// little of the object would be left over.
TEST(BlockSizerTest, BlocksAreAllocatorSizeClasses) {
  BlockSizer sizer;
  for (int i = 0; i < 40; ++i) sizer.Learn(1000, 3000);  // three bytes parsed per byte of text
  EXPECT_EQ(sizer.BlockFor(2800), 8192u);   // needs 8464: 3% over 8 KiB, the rest to the heap
  EXPECT_EQ(sizer.BlockFor(3000), 10240u);  // needs 9064: 11% over 8 KiB, so 10 KiB
  EXPECT_EQ(sizer.BlockFor(5000), 14336u);  // needs 15064: 5% over 14 KiB
  EXPECT_EQ(sizer.BlockFor(5200), 16384u);  // needs 15664
  EXPECT_EQ(sizer.BlockFor(10), 94u);       // small: as needed
}

TEST(BlockSizerTest, ABlockTooSmallTeachesALargerOne) {
  std::string_view text(kPod);
  BlockSizer sizer;
  for (int i = 0; i < 40; ++i) sizer.Learn(text.size(), text.size() / 2);  // tiny objects
  ASSERT_LT(sizer.BlockFor(text.size()), PodNeeds());
  for (int i = 0; i < 40; ++i) {
    ObjectArena arena(sizer.BlockFor(text.size()));
    json::value v = json::parse(text, arena.storage());
    arena.Seal(v);
    sizer.Learn(text.size(), arena.needed());
  }
  EXPECT_GE(sizer.BlockFor(text.size()), PodNeeds() - PodNeeds() / 16);
}

TEST(ObjectArenaTest, CopiesAfterSealingNeverTakeFromTheBlock) {
  std::string_view text(kPod);
  ObjectArena arena(text.size() * 4);  // room to spare
  json::value v = json::parse(text, arena.storage());
  arena.Seal(v);
  size_t used = arena.used();
  // Boost.JSON copies into the original's storage; from several threads at once here.
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&v] {
      for (int n = 0; n < 200; ++n) {
        json::object copy = v.as_object();
        copy["metadata"].as_object()["name"] = "a name long enough to need its own allocation";
        ASSERT_EQ(copy.storage().get(), v.storage().get());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(arena.used(), used);
}

TEST(ObjectArenaTest, TheObjectOutlivesItsHandle) {
  std::optional<json::object> pod;
  {
    std::string_view text(kPod);
    ObjectArena arena(text.size() * 2);
    json::value v = json::parse(text, arena.storage());
    arena.Seal(v);
    pod.emplace(std::move(v.as_object()));  // moved, not copied: keeps the arena's storage
    EXPECT_EQ(pod->storage().get(), arena.storage().get());
  }
  EXPECT_EQ(pod->at("metadata").at("name").as_string(), "web-7d4b9c8f6d-x2x7k");
  json::object copy = *pod;
  pod.reset();
  EXPECT_EQ(copy.at("spec").at("nodeName").as_string(), "node-a");
}

// Two objects sealed apart point at one copy of each member name, the pool's,
// and their blocks hold no names at all.
TEST(ObjectArenaTest, SealedObjectsShareTheirMemberNames) {
  std::string_view text(kPod);
  ObjectArena first(text.size() * 4), second(text.size() * 4);
  json::value a = json::parse(text, first.storage());
  json::value b = json::parse(text, second.storage());
  first.Seal(a);
  second.Seal(b);
  EXPECT_EQ(json::serialize(a), json::serialize(json::parse(text)));
  size_t names = 0, name_bytes = 0;
  const json::object& am = a.at("metadata").as_object();
  const json::object& bm = b.at("metadata").as_object();
  for (auto ai = am.begin(), bi = bm.begin(); ai != am.end(); ++ai, ++bi) {
    EXPECT_EQ(ai->key().data(), bi->key().data()) << ai->key();
    EXPECT_TRUE(KeyPool::Shared().Owns(ai->key().data())) << ai->key();
  }
  // Count every name of the pod: none of those bytes is in the block.
  std::vector<const json::value*> todo{&a};
  while (!todo.empty()) {
    const json::value* v = todo.back();
    todo.pop_back();
    if (const json::object* o = v->if_object()) {
      for (const auto& kv : *o) {
        ++names;
        name_bytes += kv.key().size() + 1;
        todo.push_back(&kv.value());
      }
    } else if (const json::array* arr = v->if_array()) {
      for (const auto& e : *arr) todo.push_back(&e);
    }
  }
  // What a parse onto the heap asks for, names included.
  struct Counting : json::memory_resource {
    size_t bytes = 0;
    void* do_allocate(size_t n, size_t align) override {
      bytes += n;
      return ::operator new(n, std::align_val_t(align));
    }
    void do_deallocate(void* p, size_t, size_t align) override {
      ::operator delete(p, std::align_val_t(align));
    }
    bool do_is_equal(const memory_resource& other) const noexcept override {
      return this == &other;
    }
  } counting;
  { json::value plain = json::parse(text, json::storage_ptr(&counting)); }
  EXPECT_GT(names, 20u);
  EXPECT_EQ(first.needed(), second.needed());
  // The block is short of at least half the names' bytes (alignment takes some back).
  EXPECT_LE(first.needed(), counting.bytes - name_bytes / 2);
}

// A sealed object may still change: members erased and added, copies made and
// dropped. The shared names are never freed, the object's own ones are.
TEST(ObjectArenaTest, ASealedObjectWithSharedNamesStillChanges) {
  std::string_view text(kPod);
  ObjectArena arena(text.size() * 4);
  json::value v = json::parse(text, arena.storage());
  arena.Seal(v);
  json::object& pod = v.as_object();
  pod.erase("status");
  pod["metadata"].as_object().erase("labels");
  pod["a member added after sealing, with a name long enough"] = "x";
  json::value copy(v);  // into the same storage
  json::value elsewhere(v, json::make_shared_resource<json::monotonic_resource>());
  v = nullptr;
  EXPECT_EQ(copy.at("spec").at("nodeName").as_string(), "node-a");
  EXPECT_FALSE(copy.as_object().contains("status"));
  EXPECT_EQ(json::serialize(copy), json::serialize(elsewhere));
}

// A name the pool declines (longer than it shares) is copied into the object's
// block and lives as long as the object.
TEST(ObjectArenaTest, ANameThePoolDeclinesStaysWithTheObject) {
  std::string long_name(KeyPool::kMaxKeyBytes + 40, 'k');
  std::string text = R"({"spec":{")" + long_name + R"(":1,"short":2}})";
  ObjectArena arena(text.size() * 8);
  json::value v = json::parse(text, arena.storage());
  arena.Seal(v);
  const json::object& spec = v.at("spec").as_object();
  ASSERT_EQ(spec.size(), 2u);
  EXPECT_EQ(spec.begin()->key(), long_name);
  EXPECT_FALSE(KeyPool::Shared().Owns(spec.begin()->key().data()));
  EXPECT_TRUE(KeyPool::Shared().Owns((spec.begin() + 1)->key().data()));
  EXPECT_GE(arena.used(), long_name.size() + 1);  // in the block
  json::value copy(v, json::storage_ptr());
  v = nullptr;
  EXPECT_EQ(copy.at("spec").as_object().begin()->key(), long_name);
}

// A parse that fails midway frees the names still on its stack, and Boost.JSON
// frees those with another alignment than it asked for: the arena must know
// them by their address (under ASan a wrong free is reported here).
TEST(ObjectArenaTest, AFailedParseFreesItsNamesCleanly) {
  for (size_t block : {size_t{16}, size_t{4096}}) {
    ObjectArena arena(block);
    boost::system::error_code ec;
    json::value v =
        json::parse(R"({"metadata":{"name":"x","labels":{"app":"web","tier")", ec, arena.storage());
    ASSERT_TRUE(ec);
    arena.Seal(v);
    json::value ok = json::parse(R"({"spec":{"nodeName":"n"}})", json::storage_ptr());
    EXPECT_EQ(ok.at("spec").at("nodeName").as_string(), "n");
  }
}

TEST(KeyPoolTest, OneCopyPerNameUntilFull) {
  KeyPool pool(32);
  const char* a = pool.Intern("metadata");
  ASSERT_NE(a, nullptr);
  EXPECT_STREQ(a, "metadata");
  EXPECT_EQ(pool.Intern("metadata"), a);
  EXPECT_TRUE(pool.Owns(a));
  EXPECT_EQ(pool.used(), 9u);
  EXPECT_NE(pool.Intern("namespace"), nullptr);          // 19 bytes used
  EXPECT_EQ(pool.Intern("creationTimestamp"), nullptr);  // 18 more do not fit
  EXPECT_EQ(pool.Intern("metadata"), a);                 // what is there still is
  EXPECT_EQ(pool.Intern(std::string(KeyPool::kMaxKeyBytes + 1, 'x')), nullptr);
  std::string outside = "metadata";
  EXPECT_FALSE(pool.Owns(outside.data()));
}

// Names are remembered per thread; a pool made where an earlier one was (the
// same address) still answers with its own copies, and threads agree.
TEST(KeyPoolTest, EachPoolAnswersWithItsOwnCopiesOnEveryThread) {
  for (int round = 0; round < 3; ++round) {
    auto pool = std::make_unique<KeyPool>(4096);
    const char* name = pool->Intern("metadata");
    ASSERT_NE(name, nullptr);
    EXPECT_TRUE(pool->Owns(name));
    EXPECT_EQ(pool->Intern("metadata"), name);
    const char* other = nullptr;
    std::thread([&] { other = pool->Intern("metadata"); }).join();
    EXPECT_EQ(other, name);
  }
}

}  // namespace
}  // namespace kubepp::client
