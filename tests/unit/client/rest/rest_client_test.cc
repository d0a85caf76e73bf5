// RestClient and informers against a real `kubepp apiserver` on loopback:
// CRUD with upstream's errors, patches, selectors, pods/binding, watches,
// and an informer that syncs and follows changes.
#include "client/rest_client.h"

#include <atomic>
#include <mutex>

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include "../test_util.h"
#include "client/informer.h"
#include "kubepp_server.h"

namespace kubepp::client {
namespace {

using namespace std::chrono_literals;
using testing::Json;

class RestClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto s = testing::KubeppServer::Start();
    if (!s.ok()) {
      start_error_ = new Status(s.status());
      return;
    }
    server_ = s->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (start_error_ && start_error_->IsNotFound()) GTEST_SKIP() << start_error_->message();
    ASSERT_NE(server_, nullptr) << start_error_->ToString();
    auto c = NewRestClient(server_->config());
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    client_ = std::move(*c);
  }

  static inline testing::KubeppServer* server_ = nullptr;
  static inline Status* start_error_ = nullptr;
  std::unique_ptr<ApiClient> client_;
  const Resource cms_ = Resource::Of("", "configmaps");
  const Resource pods_ = Resource::Of("", "pods");
};

boost::json::object ConfigMap(std::string_view name, std::string_view app = "web") {
  auto cm = Json(R"({"metadata":{"labels":{}},"data":{"k":"v"}})");
  cm["metadata"].as_object()["name"] = name;
  cm["metadata"].as_object()["labels"].as_object()["app"] = app;
  return cm;
}

TEST_F(RestClientTest, CrudWithUpstreamErrors) {
  auto created = client_->Create(cms_, "default", ConfigMap("crud"));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ((*created)->at("kind"), "ConfigMap");
  EXPECT_FALSE(UidOf(**created).empty());

  auto dup = client_->Create(cms_, "default", ConfigMap("crud"));
  EXPECT_TRUE(dup.status().IsAlreadyExists());
  EXPECT_EQ(dup.status().message(), "configmaps \"crud\" already exists");

  auto got = client_->Get(cms_, "default", "crud");
  ASSERT_TRUE(got.ok());
  boost::json::object edit = **got;
  edit["data"].as_object()["k"] = "v2";
  auto updated = client_->Update(cms_, "default", edit);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ((*updated)->at("data").at("k"), "v2");
  auto stale = client_->Update(cms_, "default", edit);
  EXPECT_TRUE(stale.status().IsConflict()) << stale.status().ToString();

  auto patched = client_->Patch(cms_, "default", "crud", PatchType::kMerge, R"({"data":{"p":"1"}})");
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  EXPECT_EQ((*patched)->at("data").at("p"), "1");
  auto smp = client_->Patch(cms_, "default", "crud", PatchType::kStrategicMerge, R"({"data":{"s":"2"}})");
  ASSERT_TRUE(smp.ok()) << smp.status().ToString();
  auto jp = client_->Patch(cms_, "default", "crud", PatchType::kJson, R"([{"op":"remove","path":"/data/s"}])");
  ASSERT_TRUE(jp.ok()) << jp.status().ToString();
  EXPECT_FALSE((*jp)->at("data").as_object().contains("s"));

  auto invalid = client_->Create(cms_, "default", ConfigMap("Not_Valid"));
  ASSERT_TRUE(invalid.status().IsInvalid()) << invalid.status().ToString();
  ASSERT_FALSE(invalid.status().causes().empty());
  EXPECT_EQ(invalid.status().causes()[0].field, "metadata.name");

  auto deleted = client_->Delete(cms_, "default", "crud");
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_EQ(*deleted, nullptr);
  auto missing = client_->Get(cms_, "default", "crud");
  EXPECT_TRUE(missing.status().IsNotFound());
  EXPECT_EQ(missing.status().message(), "configmaps \"crud\" not found");
}

TEST_F(RestClientTest, ListSelectsAndPages) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(client_->Create(cms_, "default", ConfigMap("list-" + std::to_string(i), i % 2 ? "odd" : "even")).ok());
  }
  ListOptions odd;
  odd.label_selector = "app=odd";
  auto l = client_->List(cms_, "default", odd);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_EQ(l->items.size(), 2u);
  EXPECT_FALSE(l->resource_version.empty());
  EXPECT_EQ(l->items[0]->at("kind"), "ConfigMap");
  EXPECT_EQ(l->items[0]->at("apiVersion"), "v1");
  ListOptions by_name;
  by_name.field_selector = "metadata.name=list-3";
  EXPECT_EQ(client_->List(cms_, "", by_name)->items.size(), 1u);
  ListOptions page;
  page.label_selector = "app in (odd,even)";
  page.limit = 3;
  auto first = client_->List(cms_, "default", page);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->items.size(), 3u);
  ASSERT_FALSE(first->continue_token.empty());
  page.continue_token = first->continue_token;
  EXPECT_EQ(client_->List(cms_, "default", page)->items.size(), 2u);
  ListOptions bad;
  bad.label_selector = "=";
  EXPECT_EQ(client_->List(cms_, "", bad).status().reason(), Reason::kBadRequest);
}

TEST_F(RestClientTest, BindsPods) {
  // A bare apiserver has no controller-manager to make the namespace's
  // "default" ServiceAccount, which ServiceAccount admission requires.
  auto sa = client_->Create(Resource::Of("", "serviceaccounts"), "default", Json(R"({"metadata":{"name":"default"}})"));
  ASSERT_TRUE(sa.ok() || sa.status().IsAlreadyExists()) << sa.status().ToString();
  auto pod = Json(R"({"metadata":{"name":"bind-me"},"spec":{"containers":[{"name":"c","image":"busybox"}]}})");
  ASSERT_TRUE(client_->Create(pods_, "default", pod).ok());
  auto binding = Json(R"({"apiVersion":"v1","kind":"Binding","metadata":{"name":"bind-me"},"target":{"apiVersion":"v1","kind":"Node","name":"node-1"}})");
  auto bound = client_->CreateSubresource(pods_, "default", "bind-me", "binding", binding);
  ASSERT_TRUE(bound.ok()) << bound.status().ToString();
  auto got = client_->Get(pods_, "default", "bind-me");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((*got)->at("spec").at("nodeName"), "node-1");
  EXPECT_TRUE(client_->CreateSubresource(pods_, "default", "bind-me", "binding", binding).status().IsConflict());
  auto status = client_->Patch(pods_, "default", "bind-me", PatchType::kMerge, R"({"status":{"phase":"Running"}})",
                               "status");
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ((*status)->at("status").at("phase"), "Running");
}

TEST_F(RestClientTest, WatchDeliversEventsInOrder) {
  // kubepp's apiserver starts a resource's watch cache with its first watch
  // and refuses older resourceVersions (410, which informers answer with a
  // relist). A first watch from "0" makes the cache exist, so the list
  // below returns a version the watch can start from.
  ASSERT_TRUE(client_->Create(cms_, "default", ConfigMap("primer", "primer")).ok());
  std::atomic<bool> primed{false};
  ListOptions prime_options;
  prime_options.resource_version = "0";
  prime_options.label_selector = "app=primer";
  auto primer = client_->Watch(cms_, "default", prime_options, {[&](const WatchEvent&) { primed = true; }, nullptr});
  ASSERT_TRUE(primer.ok());
  ASSERT_TRUE(Eventually([&] { return primed.load(); }));
  primer->reset();

  auto list = client_->List(cms_, "default", {});
  ASSERT_TRUE(list.ok());
  std::mutex mu;
  std::vector<std::string> seen;
  bool done = false;
  Status done_status;
  ListOptions options;
  options.resource_version = list->resource_version;
  options.label_selector = "app=watched";
  auto w = client_->Watch(cms_, "default", options,
                          {[&](const WatchEvent& e) {
                             std::lock_guard<std::mutex> l(mu);
                             if (e.type == WatchEventType::kBookmark) return;
                             if (e.type == WatchEventType::kError) {
                               seen.push_back("error " + boost::json::serialize(*e.object));
                               return;
                             }
                             seen.push_back(std::to_string(static_cast<int>(e.type)) + " " +
                                            std::string(NameOf(*e.object)));
                           },
                           [&](Status s) {
                             std::lock_guard<std::mutex> l(mu);
                             done = true;
                             done_status = s;
                           }});
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(client_->Create(cms_, "default", ConfigMap("w1", "watched")).ok());
  ASSERT_TRUE(client_->Patch(cms_, "default", "w1", PatchType::kMerge, R"({"data":{"x":"y"}})").ok());
  ASSERT_TRUE(client_->Delete(cms_, "default", "w1").ok());
  ASSERT_TRUE(Eventually([&] {
    std::lock_guard<std::mutex> l(mu);
    return seen.size() == 3;
  })) << [&] {
    std::lock_guard<std::mutex> l(mu);
    std::string s = "done=" + std::to_string(done) + " " + done_status.ToString() + " seen:";
    for (auto& e : seen) s += " [" + e + "]";
    return s;
  }();
  {
    std::lock_guard<std::mutex> l(mu);
    EXPECT_EQ(seen, (std::vector<std::string>{"0 w1", "1 w1", "2 w1"}));
  }
  w->reset();
  std::lock_guard<std::mutex> l(mu);
  EXPECT_TRUE(done);
}

TEST_F(RestClientTest, InformerSyncsAndFollowsTheServer) {
  ASSERT_TRUE(client_->Create(cms_, "default", ConfigMap("inf-before", "inf")).ok());
  auto factory = InformerFactory::Create(*client_);
  InformerOptions options;
  options.label_selector = "app=inf";
  Informer& informer = factory->For(cms_, options);
  std::mutex mu;
  std::vector<std::string> log;
  informer.AddEventHandler({[&](const ObjectPtr& o) {
                              std::lock_guard<std::mutex> l(mu);
                              log.push_back("add " + KeyOf(*o));
                            },
                            [&](const ObjectPtr&, const ObjectPtr& o) {
                              std::lock_guard<std::mutex> l(mu);
                              log.push_back("update " + KeyOf(*o));
                            },
                            [&](const ObjectPtr& o) {
                              std::lock_guard<std::mutex> l(mu);
                              log.push_back("delete " + KeyOf(*o));
                            }});
  factory->Start();
  ASSERT_TRUE(factory->WaitForSync(30s));
  EXPECT_NE(informer.Get("default/inf-before"), nullptr);
  auto has = [&](const std::string& entry) {
    std::lock_guard<std::mutex> l(mu);
    return std::find(log.begin(), log.end(), entry) != log.end();
  };
  // Level-triggered: whether a change arrives as a watch event or through a
  // relist (kubepp's apiserver may answer the first watch with 410), the
  // cache ends up right and every surviving change is told.
  ASSERT_TRUE(client_->Create(cms_, "default", ConfigMap("inf-after", "inf")).ok());
  ASSERT_TRUE(client_->Patch(cms_, "default", "inf-before", PatchType::kMerge, R"({"data":{"n":"1"}})").ok());
  ASSERT_TRUE(client_->Delete(cms_, "default", "inf-after").ok());
  ASSERT_TRUE(Eventually([&] {
    auto before = informer.Get("default/inf-before");
    return before && before->at("data").as_object().contains("n") && !informer.Get("default/inf-after");
  }));
  // Handlers run on the dispatch thread, after the cache has the change.
  EXPECT_TRUE(Eventually([&] { return has("add default/inf-before") && has("update default/inf-before"); }));
  EXPECT_EQ(informer.List().size(), 1u);

  ASSERT_TRUE(client_->Create(cms_, "default", ConfigMap("inf-later", "inf")).ok());
  ASSERT_TRUE(Eventually([&] { return has("add default/inf-later"); }));
  ASSERT_TRUE(client_->Delete(cms_, "default", "inf-later").ok());
  ASSERT_TRUE(Eventually([&] { return has("delete default/inf-later"); }));
  EXPECT_EQ(informer.List().size(), 1u);
  EXPECT_EQ(informer.LastSyncResourceVersion().empty(), false);
  factory->Stop();
}

bool HasManagedFields(const boost::json::object& o) {
  const auto* meta = o.if_contains("metadata");
  return meta && meta->is_object() && meta->get_object().contains("managedFields");
}

// Informers keep objects without managedFields (as upstream's scheduler and
// controller-manager do), from the list and from the watch alike; an update
// sent from a cached copy keeps the entries the server stores.
TEST_F(RestClientTest, InformersDropManagedFields) {
  ASSERT_TRUE(client_->Create(cms_, "default", ConfigMap("mf-listed", "mf")).ok());
  auto factory = InformerFactory::Create(*client_);
  InformerOptions options;
  options.label_selector = "app=mf";
  Informer& informer = factory->For(cms_, options);
  factory->Start();
  ASSERT_TRUE(factory->WaitForSync(30s));
  auto listed = informer.Get("default/mf-listed");
  ASSERT_NE(listed, nullptr);
  EXPECT_FALSE(HasManagedFields(*listed));

  ASSERT_TRUE(client_->Create(cms_, "default", ConfigMap("mf-watched", "mf")).ok());
  ASSERT_TRUE(Eventually([&] { return informer.Get("default/mf-watched") != nullptr; }));
  EXPECT_FALSE(HasManagedFields(*informer.Get("default/mf-watched")));

  auto stored = client_->Get(cms_, "default", "mf-listed");
  ASSERT_TRUE(stored.ok());
  ASSERT_TRUE(HasManagedFields(**stored));
  const std::string entries = boost::json::serialize((*stored)->at("metadata").at("managedFields"));

  boost::json::object changed = *listed;
  changed["data"].as_object()["k"] = "v2";
  auto updated = client_->Update(cms_, "default", changed);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  ASSERT_TRUE(HasManagedFields(**updated));
  // The same manager wrote both times: its entry stays the only one.
  EXPECT_EQ((*updated)->at("metadata").at("managedFields").as_array().size(),
            (*stored)->at("metadata").at("managedFields").as_array().size())
      << entries;
  factory->Stop();
}

}  // namespace
}  // namespace kubepp::client
