#include "client/object_arena.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>
#include <thread>
#include <vector>

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
  arena.Seal();
  EXPECT_GT(arena.used(), 0u);
  EXPECT_LE(arena.used(), text.size() * 2);
  EXPECT_EQ(json::serialize(v), json::serialize(json::parse(text)));
}

TEST(ObjectArenaTest, ABlockTooSmallOverflowsToTheHeap) {
  std::string_view text(kPod);
  ObjectArena arena(64);
  json::value v = json::parse(text, arena.storage());
  arena.Seal();
  EXPECT_LE(arena.used(), 64u);
  EXPECT_GT(arena.needed(), 64u);  // what did not fit went to the heap, and counts
  EXPECT_EQ(v.at("metadata").at("name").as_string(), "web-7d4b9c8f6d-x2x7k");
}

// What one parse of kPod needs, with a block that holds it all.
size_t PodNeeds() {
  std::string_view text(kPod);
  ObjectArena arena(text.size() * 8);
  json::value v = json::parse(text, arena.storage());
  arena.Seal();
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
    arena.Seal();
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
    arena.Seal();
    sizer.Learn(text.size(), arena.needed());
  }
  EXPECT_GE(sizer.BlockFor(text.size()), PodNeeds() - PodNeeds() / 16);
}

TEST(ObjectArenaTest, CopiesAfterSealingNeverTakeFromTheBlock) {
  std::string_view text(kPod);
  ObjectArena arena(text.size() * 4);  // room to spare
  json::value v = json::parse(text, arena.storage());
  arena.Seal();
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
    arena.Seal();
    pod.emplace(std::move(v.as_object()));  // moved, not copied: keeps the arena's storage
    EXPECT_EQ(pod->storage().get(), arena.storage().get());
  }
  EXPECT_EQ(pod->at("metadata").at("name").as_string(), "web-7d4b9c8f6d-x2x7k");
  json::object copy = *pod;
  pod.reset();
  EXPECT_EQ(copy.at("spec").at("nodeName").as_string(), "node-a");
}

}  // namespace
}  // namespace kubepp::client
