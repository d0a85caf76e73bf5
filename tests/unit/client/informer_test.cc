#include "client/informer.h"

#include <map>
#include <mutex>

#include <gtest/gtest.h>

#include "fakes/fake_api_client.h"
#include "test_util.h"

namespace kubepp::client {
namespace {

using namespace std::chrono_literals;
using fakes::FakeApiClient;
using testing::Json;

const Resource& Pods() {
  static const Resource r = Resource::Of("", "pods");
  return r;
}

boost::json::object Pod(std::string_view name, std::string_view node = "") {
  auto pod = Json(R"({"metadata":{},"spec":{}})");
  pod["metadata"].as_object()["name"] = name;
  if (!node.empty()) pod["spec"].as_object()["nodeName"] = node;
  return pod;
}

// Records handler calls as "add ns/p", "update ns/p", "delete ns/p".
struct Calls {
  std::mutex mu;
  std::vector<std::string> log;
  EventHandler Handler() {
    return {[this](const ObjectPtr& o) { Push("add " + KeyOf(*o)); },
            [this](const ObjectPtr&, const ObjectPtr& o) { Push("update " + KeyOf(*o)); },
            [this](const ObjectPtr& o) { Push("delete " + KeyOf(*o)); }};
  }
  void Push(std::string s) {
    std::lock_guard<std::mutex> l(mu);
    log.push_back(std::move(s));
  }
  std::vector<std::string> Get() {
    std::lock_guard<std::mutex> l(mu);
    return log;
  }
  bool Has(const std::string& s) {
    auto l = Get();
    return std::find(l.begin(), l.end(), s) != l.end();
  }
};

class InformerTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  std::unique_ptr<FakeApiClient> api_ = FakeApiClient::Create(clock_);
  std::unique_ptr<InformerFactory> factory_ = InformerFactory::Create(*api_, clock_);
};

TEST_F(InformerTest, SyncsAndFollowsChanges) {
  api_->Create(Pods(), "ns", Pod("a", "n1"));
  Informer& pods = factory_->For(Pods());
  pods.AddIndex("node", [](const boost::json::object& o) {
    const auto* spec = o.if_contains("spec");
    const auto* node = spec && spec->is_object() ? spec->get_object().if_contains("nodeName") : nullptr;
    if (!node || !node->is_string()) return std::vector<std::string>{};
    return std::vector<std::string>{std::string(node->get_string())};
  });
  Calls calls;
  pods.AddEventHandler(calls.Handler());
  factory_->Start();
  ASSERT_TRUE(factory_->WaitForSync(10s));
  EXPECT_TRUE(pods.HasSynced());
  ASSERT_TRUE(Eventually([&] { return calls.Has("add ns/a"); }));
  EXPECT_NE(pods.Get("ns/a"), nullptr);
  EXPECT_NE(pods.Get("ns", "a"), nullptr);
  EXPECT_EQ(pods.ByIndex("node", "n1").size(), 1u);

  api_->Create(Pods(), "ns", Pod("b"));
  api_->Patch(Pods(), "ns", "a", PatchType::kMerge, R"({"spec":{"nodeName":"n2"}})");
  api_->Delete(Pods(), "ns", "b");
  ASSERT_TRUE(Eventually([&] { return calls.Get().size() == 4; }));
  EXPECT_EQ(calls.Get(), (std::vector<std::string>{"add ns/a", "add ns/b", "update ns/a", "delete ns/b"}));
  EXPECT_EQ(pods.List().size(), 1u);
  EXPECT_EQ(pods.ByIndex("node", "n1").size(), 0u);
  EXPECT_EQ(pods.ByIndex("node", "n2").size(), 1u);
  EXPECT_EQ(pods.ListNamespace("ns").size(), 1u);
  EXPECT_EQ(pods.ListNamespace("other").size(), 0u);
  // The version moves right after the cache (handlers may run first).
  EXPECT_TRUE(Eventually([&] { return pods.LastSyncResourceVersion() == api_->CurrentResourceVersion(); }));
}

TEST_F(InformerTest, FactorySharesInformersPerResourceAndOptions) {
  Informer& a = factory_->For(Pods());
  Informer& b = factory_->For(Pods());
  InformerOptions on_node;
  on_node.field_selector = "spec.nodeName=n1";
  Informer& c = factory_->For(Pods(), on_node);
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &c);
  api_->Create(Pods(), "ns", Pod("x", "n1"));
  api_->Create(Pods(), "ns", Pod("y", "n2"));
  factory_->Start();
  ASSERT_TRUE(factory_->WaitForSync(10s));
  EXPECT_EQ(a.List().size(), 2u);
  EXPECT_EQ(c.List().size(), 1u);
  // An informer asked for after Start starts at once.
  Informer& nodes = factory_->For(Resource::Of("", "nodes"));
  ASSERT_TRUE(factory_->WaitForSync(10s));
  EXPECT_TRUE(nodes.HasSynced());
}

TEST_F(InformerTest, LateHandlerGetsEveryCachedObjectOnce) {
  for (int i = 0; i < 50; ++i) api_->Create(Pods(), "ns", Pod("p" + std::to_string(i)));
  Informer& pods = factory_->For(Pods());
  factory_->Start();
  ASSERT_TRUE(factory_->WaitForSync(10s));
  Calls calls;
  pods.AddEventHandler(calls.Handler());
  api_->Create(Pods(), "ns", Pod("late"));
  ASSERT_TRUE(Eventually([&] { return calls.Get().size() == 51; }));
  auto log = calls.Get();
  std::sort(log.begin(), log.end());
  EXPECT_EQ(std::unique(log.begin(), log.end()), log.end());
}

TEST_F(InformerTest, RelistsAtOnceOnGone) {
  api_->Create(Pods(), "ns", Pod("a"));
  Informer& pods = factory_->For(Pods());
  factory_->Start();
  ASSERT_TRUE(factory_->WaitForSync(10s));
  ASSERT_TRUE(Eventually([&] { return api_->OpenWatches() == 1; }));
  api_->CloseWatches(Status::Gone("too old resource version"));
  // No clock advance: a 410 relists without back-off.
  ASSERT_TRUE(Eventually([&] {
    auto actions = api_->Actions();
    return std::count_if(actions.begin(), actions.end(), [](auto& a) { return a.verb == "watch"; }) == 2;
  }));
  auto actions = api_->Actions();
  EXPECT_EQ(std::count_if(actions.begin(), actions.end(), [](auto& a) { return a.verb == "list"; }), 2);
  api_->Create(Pods(), "ns", Pod("b"));
  ASSERT_TRUE(Eventually([&] { return pods.List().size() == 2; }));
}

TEST_F(InformerTest, RelistDiffsTheCache) {
  api_->Create(Pods(), "ns", Pod("keep"));
  api_->Create(Pods(), "ns", Pod("lost"));
  Informer& pods = factory_->For(Pods());
  Calls calls;
  pods.AddEventHandler(calls.Handler());
  // Watches fail until allowed, so changes made meanwhile surface by relist.
  std::atomic<bool> allow_watch{true};
  api_->SetReactor([&](const fakes::FakeAction& a) {
    return a.verb == "watch" && !allow_watch ? Status::Gone("too old resource version") : Status::Ok();
  });
  factory_->Start();
  ASSERT_TRUE(factory_->WaitForSync(10s));
  ASSERT_TRUE(Eventually([&] { return calls.Get().size() == 2; }));
  ASSERT_TRUE(Eventually([&] { return api_->OpenWatches() == 1; }));
  allow_watch = false;
  api_->CloseWatches(Status::Unavailable("connection reset"));
  // The reflector backs off on the clock before relisting.
  ASSERT_TRUE(Eventually([&] { return clock_.Waiters() >= 1; }));
  api_->Delete(Pods(), "ns", "lost");
  api_->Patch(Pods(), "ns", "keep", PatchType::kMerge, R"({"metadata":{"labels":{"x":"y"}}})");
  api_->Create(Pods(), "ns", Pod("new"));
  api_->Compact();
  allow_watch = true;
  clock_.Advance(1s);
  ASSERT_TRUE(Eventually([&] { return calls.Get().size() == 5; }));
  auto log = calls.Get();
  std::sort(log.begin() + 2, log.end());
  EXPECT_EQ(log, (std::vector<std::string>{"add ns/keep", "add ns/lost", "add ns/new", "delete ns/lost",
                                           "update ns/keep"}));
  EXPECT_EQ(pods.List().size(), 2u);
  // The version moves right after the cache (handlers may run first).
  EXPECT_TRUE(Eventually([&] { return pods.LastSyncResourceVersion() == api_->CurrentResourceVersion(); }));
}

TEST_F(InformerTest, ResumesCleanlyEndedWatchWithoutRelist) {
  Informer& pods = factory_->For(Pods());
  Calls calls;
  pods.AddEventHandler(calls.Handler());
  factory_->Start();
  ASSERT_TRUE(factory_->WaitForSync(10s));
  ASSERT_TRUE(Eventually([&] { return api_->OpenWatches() == 1; }));
  api_->Create(Pods(), "ns", Pod("before"));
  ASSERT_TRUE(Eventually([&] { return calls.Has("add ns/before"); }));
  api_->CloseWatches(Status::Ok());
  api_->Create(Pods(), "ns", Pod("after"));
  ASSERT_TRUE(Eventually([&] { return calls.Has("add ns/after"); }));
  auto actions = api_->Actions();
  EXPECT_EQ(std::count_if(actions.begin(), actions.end(), [](auto& a) { return a.verb == "list"; }), 1);
}

TEST_F(InformerTest, EmptyWatchClosedAtOnceBacksOff) {
  Informer& pods = factory_->For(Pods());
  factory_->Start();
  ASSERT_TRUE(factory_->WaitForSync(10s));
  ASSERT_TRUE(Eventually([&] { return api_->OpenWatches() == 1; }));
  api_->CloseWatches(Status::Ok());
  // No busy loop: the reflector waits on the clock before trying again.
  ASSERT_TRUE(Eventually([&] { return clock_.Waiters() == 1; }));
  EXPECT_EQ(api_->OpenWatches(), 0);
  clock_.Advance(1s);
  ASSERT_TRUE(Eventually([&] { return api_->OpenWatches() == 1; }));
  api_->Create(Pods(), "ns", Pod("later"));
  ASSERT_TRUE(Eventually([&] { return pods.Get("ns/later") != nullptr; }));
}

TEST_F(InformerTest, BookmarksAdvanceTheResourceVersion) {
  Informer& pods = factory_->For(Pods());
  factory_->Start();
  ASSERT_TRUE(factory_->WaitForSync(10s));
  api_->Create(Resource::Of("", "configmaps"), "ns", Json(R"({"metadata":{"name":"cm"}})"));
  EXPECT_NE(pods.LastSyncResourceVersion(), api_->CurrentResourceVersion());
  ASSERT_TRUE(Eventually([&] { return api_->OpenWatches() == 1; }));
  api_->SendBookmark(Pods());
  ASSERT_TRUE(Eventually([&] { return pods.LastSyncResourceVersion() == api_->CurrentResourceVersion(); }));
}

TEST_F(InformerTest, NoHandlerCallsAfterStop) {
  Informer& pods = factory_->For(Pods());
  std::atomic<bool> stopped{false};
  std::atomic<bool> late_call{false};
  pods.AddEventHandler({[&](const ObjectPtr&) {
                          if (stopped) late_call = true;
                        },
                        nullptr, nullptr});
  factory_->Start();
  ASSERT_TRUE(factory_->WaitForSync(10s));
  for (int i = 0; i < 100; ++i) api_->Create(Pods(), "ns", Pod("p" + std::to_string(i)));
  factory_->Stop();
  stopped = true;
  api_->Create(Pods(), "ns", Pod("after-stop"));
  EXPECT_FALSE(late_call.load());
}

}  // namespace
}  // namespace kubepp::client
