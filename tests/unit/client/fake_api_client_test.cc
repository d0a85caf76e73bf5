#include "fakes/fake_api_client.h"

#include <mutex>

#include <gtest/gtest.h>

#include "test_util.h"

namespace kubepp::fakes {
namespace {

using client::ListOptions;
using client::ObjectPtr;
using client::PatchType;
using client::Resource;
using client::WatchEvent;
using client::WatchEventType;
using client::testing::Json;

const Resource& Pods() {
  static const Resource r = Resource::Of("", "pods");
  return r;
}

boost::json::object Pod(std::string_view name, std::string_view node = "", std::string_view app = "web") {
  auto pod = Json(R"({"metadata":{"labels":{}},"spec":{"containers":[{"name":"c","image":"busybox"}]}})");
  pod["metadata"].as_object()["name"] = name;
  pod["metadata"].as_object()["labels"].as_object()["app"] = app;
  if (!node.empty()) pod["spec"].as_object()["nodeName"] = node;
  return pod;
}

TEST(FakeApiClientTest, CreateFillsServerFields) {
  FakeClock clock;
  auto c = FakeApiClient::Create(clock);
  auto created = c->Create(Pods(), "ns", Pod("p"));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const auto& meta = (*created)->at("metadata").as_object();
  EXPECT_EQ(meta.at("namespace"), "ns");
  EXPECT_EQ(meta.at("resourceVersion"), "1");
  EXPECT_EQ(meta.at("generation"), 1);
  EXPECT_EQ(meta.at("creationTimestamp"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(meta.at("uid").as_string().size(), 36u);
  EXPECT_EQ((*created)->at("kind"), "Pod");
  EXPECT_EQ((*created)->at("apiVersion"), "v1");

  auto again = c->Create(Pods(), "ns", Pod("p"));
  EXPECT_TRUE(again.status().IsAlreadyExists());
  EXPECT_EQ(again.status().message(), "pods \"p\" already exists");
  auto missing = c->Get(Pods(), "ns", "q");
  EXPECT_TRUE(missing.status().IsNotFound());
  EXPECT_EQ(missing.status().message(), "pods \"q\" not found");
  auto deploy = c->Get(Resource::Of("apps", "deployments"), "ns", "d");
  EXPECT_EQ(deploy.status().message(), "deployments.apps \"d\" not found");
}

TEST(FakeApiClientTest, GenerateName) {
  auto c = FakeApiClient::Create();
  auto pod = Pod("");
  pod["metadata"].as_object().erase("name");
  pod["metadata"].as_object()["generateName"] = "web-";
  auto created = c->Create(Pods(), "ns", pod);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(client::NameOf(**created).substr(0, 4), "web-");
  EXPECT_EQ(client::NameOf(**created).size(), 9u);
}

TEST(FakeApiClientTest, UpdateConflictsOnStaleVersionAndBumpsGeneration) {
  auto c = FakeApiClient::Create();
  auto v1 = *c->Create(Pods(), "ns", Pod("p"));
  boost::json::object edit = *v1;
  edit["spec"].as_object()["nodeName"] = "n1";
  auto v2 = c->Update(Pods(), "ns", edit);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ((*v2)->at("metadata").at("generation"), 2);
  EXPECT_EQ(client::ResourceVersionOf(**v2), "2");
  auto stale = c->Update(Pods(), "ns", edit);
  ASSERT_TRUE(stale.status().IsConflict());
  EXPECT_EQ(stale.status().message(),
            "Operation cannot be fulfilled on pods \"p\": the object has been modified; please apply your "
            "changes to the latest version and try again");
  // A write that changes nothing keeps the resourceVersion.
  auto same = c->Update(Pods(), "ns", **v2);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(client::ResourceVersionOf(**same), "2");
}

TEST(FakeApiClientTest, StatusSubresourceWritesOnlyStatus) {
  auto c = FakeApiClient::Create();
  auto v1 = *c->Create(Pods(), "ns", Pod("p"));
  boost::json::object edit = *v1;
  edit["status"] = Json(R"({"phase":"Running"})");
  edit["spec"].as_object()["nodeName"] = "ignored";
  auto v2 = *c->Update(Pods(), "ns", edit, "status");
  EXPECT_EQ(v2->at("status").at("phase"), "Running");
  EXPECT_EQ(v2->at("spec").as_object().if_contains("nodeName"), nullptr);
  // And the main resource ignores status.
  boost::json::object edit2 = *v2;
  edit2["status"] = Json(R"({"phase":"Failed"})");
  edit2["metadata"].as_object()["labels"].as_object()["x"] = "y";
  auto v3 = *c->Update(Pods(), "ns", edit2);
  EXPECT_EQ(v3->at("status").at("phase"), "Running");
  EXPECT_EQ(v3->at("metadata").at("labels").at("x"), "y");
}

TEST(FakeApiClientTest, Patches) {
  auto c = FakeApiClient::Create();
  c->Create(Pods(), "ns", Pod("p"));
  auto merged = c->Patch(Pods(), "ns", "p", PatchType::kMerge, R"({"metadata":{"labels":{"tier":"fe"}}})");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ((*merged)->at("metadata").at("labels").at("tier"), "fe");
  auto smp = c->Patch(Pods(), "ns", "p", PatchType::kStrategicMerge,
                      R"({"spec":{"containers":[{"name":"side","image":"x"}]}})");
  ASSERT_TRUE(smp.ok()) << smp.status().ToString();
  EXPECT_EQ((*smp)->at("spec").at("containers").as_array().size(), 2u);
  auto json = c->Patch(Pods(), "ns", "p", PatchType::kJson,
                       R"([{"op":"replace","path":"/metadata/labels/app","value":"api"}])");
  ASSERT_TRUE(json.ok());
  EXPECT_EQ((*json)->at("metadata").at("labels").at("app"), "api");
  auto status = c->Patch(Pods(), "ns", "p", PatchType::kMerge, R"({"status":{"phase":"Running"}})", "status");
  ASSERT_TRUE(status.ok());
  EXPECT_EQ((*status)->at("status").at("phase"), "Running");
  auto stale = c->Patch(Pods(), "ns", "p", PatchType::kMerge, R"({"metadata":{"resourceVersion":"1"}})");
  EXPECT_TRUE(stale.status().IsConflict());
  EXPECT_TRUE(c->Patch(Pods(), "ns", "nope", PatchType::kMerge, "{}").status().IsNotFound());
}

TEST(FakeApiClientTest, DeleteHonoursFinalizers) {
  auto c = FakeApiClient::Create();
  auto pod = Pod("p");
  pod["metadata"].as_object()["finalizers"] = boost::json::array{"x/y"};
  c->Create(Pods(), "ns", pod);
  auto held = c->Delete(Pods(), "ns", "p");
  ASSERT_TRUE(held.ok());
  ASSERT_NE(*held, nullptr);
  EXPECT_TRUE((*held)->at("metadata").as_object().contains("deletionTimestamp"));
  boost::json::object edit = **held;
  edit["metadata"].as_object().erase("finalizers");
  ASSERT_TRUE(c->Update(Pods(), "ns", edit).ok());
  EXPECT_TRUE(c->Get(Pods(), "ns", "p").status().IsNotFound());

  c->Create(Pods(), "ns", Pod("q"));
  auto gone = c->Delete(Pods(), "ns", "q");
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(*gone, nullptr);
  EXPECT_TRUE(c->Delete(Pods(), "ns", "q").status().IsNotFound());
  c->Create(Pods(), "ns", Pod("r"));
  client::DeleteOptions pre;
  pre.precondition_uid = "other";
  EXPECT_TRUE(c->Delete(Pods(), "ns", "r", pre).status().IsConflict());
}

TEST(FakeApiClientTest, ScheduledPodsEndGracefully) {
  FakeClock clock;
  auto c = FakeApiClient::Create(clock);
  c->Create(Pods(), "ns", Pod("unscheduled"));
  EXPECT_EQ(*c->Delete(Pods(), "ns", "unscheduled"), nullptr);  // nothing runs it: gone at once

  auto pod = Pod("running", "node-1");
  pod["spec"].as_object()["terminationGracePeriodSeconds"] = 20;
  c->Create(Pods(), "ns", pod);
  auto held = c->Delete(Pods(), "ns", "running");
  ASSERT_TRUE(held.ok());
  ASSERT_NE(*held, nullptr);
  EXPECT_EQ((*held)->at("metadata").at("deletionTimestamp"), "2026-01-01T00:00:20Z");
  EXPECT_EQ((*held)->at("metadata").at("deletionGracePeriodSeconds"), 20);
  client::DeleteOptions longer;
  longer.grace_period_seconds = 60;
  EXPECT_EQ(client::ResourceVersionOf(**c->Delete(Pods(), "ns", "running", longer)),
            client::ResourceVersionOf(**held));  // never lengthened
  client::DeleteOptions now;
  now.grace_period_seconds = 0;
  EXPECT_EQ(*c->Delete(Pods(), "ns", "running", now), nullptr);  // the kubelet's final delete
  EXPECT_TRUE(c->Get(Pods(), "ns", "running").status().IsNotFound());
}

TEST(FakeApiClientTest, ListFiltersBySelectorsAndPages) {
  auto c = FakeApiClient::Create();
  c->Create(Pods(), "a", Pod("p1", "n1", "web"));
  c->Create(Pods(), "a", Pod("p2", "n2", "db"));
  c->Create(Pods(), "b", Pod("p3", "n1", "web"));
  ListOptions all;
  EXPECT_EQ(c->List(Pods(), "", all)->items.size(), 3u);
  EXPECT_EQ(c->List(Pods(), "a", all)->items.size(), 2u);
  ListOptions web;
  web.label_selector = "app=web";
  EXPECT_EQ(c->List(Pods(), "", web)->items.size(), 2u);
  ListOptions node;
  node.field_selector = "spec.nodeName=n1,metadata.namespace=a";
  auto on_n1 = c->List(Pods(), "", node);
  ASSERT_EQ(on_n1->items.size(), 1u);
  EXPECT_EQ(client::NameOf(*on_n1->items[0]), "p1");
  ListOptions bad;
  bad.label_selector = "=x";
  EXPECT_EQ(c->List(Pods(), "", bad).status().reason(), Reason::kBadRequest);
  ListOptions page;
  page.limit = 2;
  auto first = *c->List(Pods(), "", page);
  ASSERT_EQ(first.items.size(), 2u);
  ASSERT_FALSE(first.continue_token.empty());
  page.continue_token = first.continue_token;
  auto second = *c->List(Pods(), "", page);
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_TRUE(second.continue_token.empty());
  EXPECT_EQ(first.resource_version, "3");
}

TEST(FakeApiClientTest, BindingSetsNodeOnce) {
  auto c = FakeApiClient::Create();
  c->Create(Pods(), "ns", Pod("p"));
  auto binding = Json(R"({"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"kind":"Node","name":"n1"}})");
  auto res = c->CreateSubresource(Pods(), "ns", "p", "binding", binding);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  auto pod = *c->Get(Pods(), "ns", "p");
  EXPECT_EQ(pod->at("spec").at("nodeName"), "n1");
  EXPECT_EQ(pod->at("status").at("conditions").at(0).at("type"), "PodScheduled");
  EXPECT_TRUE(c->CreateSubresource(Pods(), "ns", "p", "binding", binding).status().IsConflict());
}

TEST(FakeApiClientTest, ActionsAndReactor) {
  auto c = FakeApiClient::Create();
  c->Seed(Pods(), Pod("seeded"));
  EXPECT_TRUE(c->Actions().empty());
  c->SetReactor([](const FakeAction& a) {
    return a.verb == "delete" ? Status::Forbidden("no") : Status::Ok();
  });
  EXPECT_EQ(c->Delete(Pods(), "default", "seeded").status().reason(), Reason::kForbidden);
  c->Get(Pods(), "default", "seeded");
  auto actions = c->Actions();
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(actions[0].verb, "delete");
  EXPECT_EQ(actions[1].verb, "get");
  EXPECT_EQ(actions[1].name, "seeded");
  c->ClearActions();
  EXPECT_TRUE(c->Actions().empty());
}

struct Recorder {
  std::mutex mu;
  std::vector<std::pair<WatchEventType, std::string>> events;
  bool done = false;
  Status status;
  client::WatchCallbacks Callbacks() {
    return {[this](const WatchEvent& e) {
              std::lock_guard<std::mutex> l(mu);
              events.emplace_back(e.type, e.object ? std::string(client::NameOf(*e.object)) : "");
            },
            [this](Status s) {
              std::lock_guard<std::mutex> l(mu);
              done = true;
              status = s;
            }};
  }
  size_t Count() {
    std::lock_guard<std::mutex> l(mu);
    return events.size();
  }
};

TEST(FakeApiClientTest, WatchReplaysFromVersionAndFollowsSelectors) {
  auto c = FakeApiClient::Create();
  c->Create(Pods(), "ns", Pod("p1"));  // rv 1
  c->Create(Pods(), "ns", Pod("p2"));  // rv 2
  Recorder rec;
  ListOptions options;
  options.resource_version = "1";
  options.label_selector = "app=web";
  auto w = c->Watch(Pods(), "ns", options, rec.Callbacks());
  ASSERT_TRUE(w.ok());
  // p1 leaves the selection: the watcher sees it DELETED.
  c->Patch(Pods(), "ns", "p1", PatchType::kMerge, R"({"metadata":{"labels":{"app":"db"}}})");
  c->Delete(Pods(), "ns", "p2");
  ASSERT_TRUE(Eventually([&] { return rec.Count() == 3; }));
  {
    std::lock_guard<std::mutex> l(rec.mu);
    EXPECT_EQ(rec.events[0], std::make_pair(WatchEventType::kAdded, std::string("p2")));
    EXPECT_EQ(rec.events[1], std::make_pair(WatchEventType::kDeleted, std::string("p1")));
    EXPECT_EQ(rec.events[2], std::make_pair(WatchEventType::kDeleted, std::string("p2")));
  }
  w->reset();
  std::lock_guard<std::mutex> l(rec.mu);
  EXPECT_TRUE(rec.done);
  EXPECT_TRUE(rec.status.ok());
}

TEST(FakeApiClientTest, WatchFromCompactedVersionIsGone) {
  auto c = FakeApiClient::Create();
  c->Create(Pods(), "ns", Pod("p1"));
  c->Create(Pods(), "ns", Pod("p2"));
  c->Compact();
  Recorder stale_rec;
  ListOptions options;
  options.resource_version = "1";
  EXPECT_TRUE(c->Watch(Pods(), "", options, stale_rec.Callbacks()).status().IsGone());

  Recorder rec;
  options.resource_version = "0";
  auto w = c->Watch(Pods(), "", options, rec.Callbacks());
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(Eventually([&] { return rec.Count() == 2; }));  // synthetic ADDED for both
  c->CloseWatches(Status::Gone("expired"));
  ASSERT_TRUE(Eventually([&] {
    std::lock_guard<std::mutex> l(rec.mu);
    return rec.done;
  }));
  std::lock_guard<std::mutex> l(rec.mu);
  EXPECT_TRUE(rec.status.IsGone());
}

}  // namespace
}  // namespace kubepp::fakes
