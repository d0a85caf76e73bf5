// WatchCache fan-out: each event reaches the watchers of its namespace and
// those of every namespace, never the watchers of other namespaces, and a
// watcher whose stream has closed is dropped. Streaming lists: the state first,
// then the annotated bookmark, then the changes after it, each once.
#include "apiserver/watch_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "apiserver/registry.h"
#include "store/store.h"
#include "unit/eventually.h"

namespace kubepp::apiserver {
namespace {

using namespace std::chrono_literals;

// Records the names of the objects in the watch lines it is sent.
class LineRecorder : public net::Responder {
 public:
  void Respond(net::HttpResponse) override {}
  void StartStream(int, std::string, net::Headers) override {}
  void WriteShared(std::shared_ptr<const std::string> chunk) override {
    std::lock_guard lock(mu_);
    chunks_.push_back(chunk);
    static const std::string kName = "\"name\":\"";
    size_t at = chunk->find(kName);
    if (at != std::string::npos) {
      at += kName.size();
      names_.push_back(chunk->substr(at, chunk->find('"', at) - at));
    }
  }
  void End() override { Close(); }
  void EndAfter(std::chrono::milliseconds) override {}
  bool Closed() const override {
    std::lock_guard lock(mu_);
    return closed_;
  }
  void OnClose(std::function<void()> fn) override {
    std::lock_guard lock(mu_);
    on_close_ = std::move(fn);
  }
  void OnDrained(size_t, std::function<void()> fn) override { fn(); }

  // The client goes away: later lines are not for it.
  void Close() {
    std::function<void()> fn;
    {
      std::lock_guard lock(mu_);
      closed_ = true;
      fn = std::move(on_close_);
    }
    if (fn) fn();
  }
  std::vector<std::string> names() const {
    std::lock_guard lock(mu_);
    return names_;
  }
  std::vector<std::shared_ptr<const std::string>> chunks() const {
    std::lock_guard lock(mu_);
    return chunks_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> names_;
  std::vector<std::shared_ptr<const std::string>> chunks_;
  bool closed_ = false;
  std::function<void()> on_close_;
};

class WatchCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kubepp-watchcache-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    store::EmbeddedOptions options;
    options.dir = dir_.string();
    options.fsync = false;
    options.maintenance_interval_ms = 5;  // packs superseded values soon
    auto opened = store::OpenEmbedded(options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    configmaps_ = api::Catalog::Get().Find("", "v1", "configmaps");
    ASSERT_NE(configmaps_, nullptr);
    cache_ = std::make_unique<WatchCache>(store_.get(), *configmaps_,
                                          Registry::Prefix(*configmaps_, ""));
  }
  void TearDown() override {
    cache_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::shared_ptr<LineRecorder> Watch(const std::string& namespace_name, int64_t from = -1) {
    auto out = std::make_shared<LineRecorder>();
    WatchParams params;
    params.namespace_name = namespace_name;
    params.resource_version = std::to_string(from < 0 ? cache_->revision() : from);
    cache_->AddWatcher(*configmaps_, params, out);
    return out;
  }

  std::shared_ptr<LineRecorder> StreamingList(bool send_initial_events, bool allow_bookmarks) {
    auto out = std::make_shared<LineRecorder>();
    WatchParams params;
    params.namespace_name = "a";
    params.send_initial_events = send_initial_events;
    params.allow_bookmarks = allow_bookmarks;
    cache_->AddWatcher(*configmaps_, params, out);
    return out;
  }

  void PutConfigMap(const std::string& ns, const std::string& name, const std::string& data = "",
                    const std::string& labels = "{}") {
    std::string json = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name +
                       R"(","namespace":")" + ns + R"(","labels":)" + labels +
                       R"(},"data":{"v":")" + data + R"("}})";
    ASSERT_TRUE(store_->Put(Registry::Prefix(*configmaps_, ns) + name, json).ok());
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  const api::ResourceInfo* configmaps_ = nullptr;
  std::unique_ptr<WatchCache> cache_;
};

using Names = std::vector<std::string>;

TEST_F(WatchCacheTest, EventsReachTheirNamespacesWatchersAndThoseOfAllNamespaces) {
  auto in_a = Watch("a"), in_b = Watch("b"), everywhere = Watch("");
  PutConfigMap("a", "one");
  PutConfigMap("b", "two");
  PutConfigMap("a", "three");
  PutConfigMap("c", "four");
  ASSERT_TRUE(Eventually([&] { return everywhere->names().size() == 4; }));
  EXPECT_EQ(everywhere->names(), (Names{"one", "two", "three", "four"}));
  EXPECT_EQ(in_a->names(), (Names{"one", "three"}));
  EXPECT_EQ(in_b->names(), (Names{"two"}));
}

TEST_F(WatchCacheTest, AWatcherWhoseStreamClosedIsDropped) {
  auto stays = Watch("a"), leaves = Watch("a"), everywhere = Watch("");
  EXPECT_EQ(cache_->watcher_count(), 3u);
  PutConfigMap("a", "one");
  ASSERT_TRUE(
      Eventually([&] { return leaves->names().size() == 1 && stays->names().size() == 1; }));
  leaves->Close();
  EXPECT_EQ(cache_->watcher_count(), 2u);
  PutConfigMap("a", "two");
  ASSERT_TRUE(
      Eventually([&] { return stays->names().size() == 2 && everywhere->names().size() == 2; }));
  EXPECT_EQ(leaves->names(), (Names{"one"}));
  everywhere->Close();
  stays->Close();
  EXPECT_EQ(cache_->watcher_count(), 0u);
}

// One encoding of an event serves every watcher of the moment; the window
// keeps the event but not that line (a later watcher encodes its own).
TEST_F(WatchCacheTest, TheLineOfAnEventIsSharedByItsWatchersAndNotKept) {
  int64_t before = cache_->revision();
  auto first = Watch("a"), second = Watch("");
  PutConfigMap("a", "one");
  ASSERT_TRUE(Eventually([&] { return first->chunks().size() == 1 && second->chunks().size() == 1; }));
  std::shared_ptr<const std::string> line = first->chunks()[0];
  EXPECT_EQ(line, second->chunks()[0]);
  EXPECT_EQ(line.use_count(), 3);  // the two watchers and `line`: nothing in the cache
  auto later = Watch("a", before);
  ASSERT_EQ(later->names(), (Names{"one"}));
  EXPECT_EQ(*later->chunks()[0], *line);
}

// The window keeps events, not their values: the store holds the newest
// value of each key and packs the older ones, and a watch starting inside
// the window gets every value back from the store, exact.
TEST_F(WatchCacheTest, TheWindowHoldsNoValuesAndReplaysThemFromTheStore) {
  int64_t before = cache_->revision();
  auto live = Watch("a");
  const std::string filler(2000, 'x');
  for (int n = 0; n < 10; ++n)
    PutConfigMap("a", "cm", std::to_string(n) + filler, R"({"keep":"yes"})");
  PutConfigMap("a", "cm", "10" + filler, R"({"keep":"no"})");  // leaves a label selector's view
  ASSERT_TRUE(store_->Delete(Registry::Prefix(*configmaps_, "a") + "cm").ok());
  ASSERT_TRUE(Eventually([&] { return live->chunks().size() == 12; }));
  live->Close();

  // Only the store holds the newest value now (nothing did after the delete:
  // check a live key instead).
  PutConfigMap("a", "other", "o");
  ASSERT_TRUE(Eventually([&] { return cache_->revision() == store_->CurrentRevision(); }));
  store::RangeRequest req;
  req.key = Registry::Prefix(*configmaps_, "a") + "other";
  auto latest = store_->Range(req);
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->kvs.size(), 1u);
  EXPECT_EQ(latest->kvs[0].value.shared().use_count(), 2);  // the store's index and `latest`

  // The superseded values of "cm" are packed by the store and gone from memory.
  // (db size: the WAL since the last snapshot, about 11 x 2 KB, and what memory holds.)
  ASSERT_TRUE(
      Eventually([&] { return store_->Stats().db_size_bytes < 11 * 2000 * 13 / 10 + 2000; }));
  auto later = Watch("a", before);
  auto lines = later->chunks();
  ASSERT_EQ(lines.size(), 13u);
  for (int n = 0; n <= 10; ++n) {
    EXPECT_NE(lines[n]->find("\"v\":\"" + std::to_string(n) + "xx"), std::string::npos)
        << *lines[n];
    EXPECT_EQ(lines[n]->rfind(n == 0 ? "{\"type\":\"ADDED\"" : "{\"type\":\"MODIFIED\"", 0), 0u);
  }
  // A DELETED event carries the last state.
  EXPECT_EQ(lines[11]->rfind("{\"type\":\"DELETED\"", 0), 0u);
  EXPECT_NE(lines[11]->find("\"v\":\"10xx"), std::string::npos);

  // Filtered: the object leaving the selector is DELETED with its previous state.
  auto selected = std::make_shared<LineRecorder>();
  WatchParams params;
  params.namespace_name = "a";
  params.resource_version = std::to_string(before);
  auto selector = api::LabelSelector::Parse("keep=yes");
  ASSERT_TRUE(selector.ok());
  params.label_selector = *selector;
  cache_->AddWatcher(*configmaps_, params, selected);
  auto filtered = selected->chunks();
  ASSERT_EQ(filtered.size(), 11u);
  EXPECT_EQ(filtered[10]->rfind("{\"type\":\"DELETED\"", 0), 0u);
  EXPECT_NE(filtered[10]->find("\"v\":\"9xx"), std::string::npos);
}

bool StartsWith(const std::shared_ptr<const std::string>& line, const std::string& prefix) {
  return line->rfind(prefix, 0) == 0;
}

TEST_F(WatchCacheTest, AStreamingListSendsTheStateThenAnAnnotatedBookmarkThenTheChanges) {
  PutConfigMap("a", "one");
  PutConfigMap("a", "two");
  PutConfigMap("b", "elsewhere");
  // Asked for before the cache has necessarily seen those writes: the state is the store's
  // newest, and the cache's later dispatch of the same writes is not sent again.
  auto streaming = StreamingList(true, true);
  const int64_t start = store_->CurrentRevision();
  auto lines = streaming->chunks();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_TRUE(StartsWith(lines[0], "{\"type\":\"ADDED\"")) << *lines[0];
  EXPECT_TRUE(StartsWith(lines[1], "{\"type\":\"ADDED\"")) << *lines[1];
  EXPECT_EQ(*lines[2],
            "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"ConfigMap\","
            "\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"" +
                std::to_string(start) +
                "\",\"creationTimestamp\":null,\"annotations\":{\"k8s.io/"
                "initial-events-end\":\"true\"}}}}\n");
  EXPECT_EQ(streaming->names(), (Names{"one", "two"}));

  PutConfigMap("a", "three");
  ASSERT_TRUE(Eventually([&] { return streaming->names().size() == 3; }));
  ASSERT_TRUE(Eventually([&] { return cache_->revision() == store_->CurrentRevision(); }));
  EXPECT_EQ(streaming->names(), (Names{"one", "two", "three"}));
  EXPECT_TRUE(StartsWith(streaming->chunks()[3], "{\"type\":\"ADDED\""));

  // Periodic bookmarks are not annotated, and never older than where the watch started.
  cache_->SendBookmarks();
  auto bookmark = streaming->chunks().back();
  EXPECT_TRUE(StartsWith(bookmark, "{\"type\":\"BOOKMARK\"")) << *bookmark;
  EXPECT_EQ(bookmark->find("initial-events-end"), std::string::npos);
}

TEST_F(WatchCacheTest, WithoutBookmarksOrInitialEventsAStreamingListSendsLess) {
  PutConfigMap("a", "one");
  auto no_bookmark = StreamingList(true, false);
  EXPECT_EQ(no_bookmark->chunks().size(), 1u);  // the state, and no bookmark to end it
  auto no_state = StreamingList(false, true);
  EXPECT_TRUE(no_state->chunks().empty());  // starts at the newest revision
  PutConfigMap("a", "two");
  ASSERT_TRUE(Eventually([&] { return no_state->names().size() == 1; }));
  ASSERT_TRUE(Eventually([&] { return no_bookmark->names().size() == 2; }));
  ASSERT_TRUE(Eventually([&] { return cache_->revision() == store_->CurrentRevision(); }));
  EXPECT_EQ(no_state->names(), (Names{"two"}));
  EXPECT_EQ(no_bookmark->names(), (Names{"one", "two"}));
}

}  // namespace
}  // namespace kubepp::apiserver
