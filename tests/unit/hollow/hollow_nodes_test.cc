#include "hollow/hollow_nodes.h"

#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "client/resource.h"
#include "fakes/fake_api_client.h"
#include "hollow/node_template.h"
#include "hollow/timestamps.h"
#include "unit/eventually.h"

namespace kubepp::hollow {
namespace {
namespace json = boost::json;
using client::ObjectPtr;
using client::Resource;

std::string StringAt(const ObjectPtr& obj, std::initializer_list<std::string_view> path) {
  if (!obj) return {};
  const json::value* v = nullptr;
  const json::object* o = obj.get();
  for (auto key : path) {
    if (!o) return {};
    v = o->if_contains(key);
    if (!v) return {};
    o = v->if_object();
  }
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

class HollowNodesTest : public ::testing::Test {
 protected:
  void SetUp() override { api_ = fakes::FakeApiClient::Create(clock_); }

  std::unique_ptr<HollowNodes> StartNodes(int count) {
    HollowNodesOptions options;
    options.count = count;
    options.lease_renew_interval = std::chrono::seconds(10);
    options.workers = 2;
    auto nodes = std::make_unique<HollowNodes>(*api_, options, clock_);
    EXPECT_TRUE(nodes->Start().ok());
    EXPECT_TRUE(Eventually([&] { return nodes->Registered() == count; }));
    return nodes;
  }

  ObjectPtr Get(const Resource& r, std::string_view ns, std::string_view name) {
    auto got = api_->Get(r, ns, name);
    return got.ok() ? *got : nullptr;
  }

  ObjectPtr SeedPod(std::string_view name, std::string_view node, json::object extra_spec = {},
                    json::object annotations = {}) {
    json::object spec{{"nodeName", node},
                      {"containers", json::array{json::object{{"name", "c"}, {"image", "registry.k8s.io/pause:3.10"}}}}};
    for (auto& [k, v] : extra_spec) spec[k] = v;
    json::object meta{{"name", name}, {"namespace", "default"}};
    if (!annotations.empty()) meta["annotations"] = annotations;
    return api_->Seed(pods_, json::object{{"apiVersion", "v1"},
                                          {"kind", "Pod"},
                                          {"metadata", meta},
                                          {"spec", spec},
                                          {"status", json::object{{"phase", "Pending"}}}});
  }

  FakeClock clock_;
  std::unique_ptr<fakes::FakeApiClient> api_;
  const Resource nodes_ = Resource::Of("", "nodes");
  const Resource pods_ = Resource::Of("", "pods");
  const Resource leases_ = Resource::Of("coordination.k8s.io", "leases");
};

TEST_F(HollowNodesTest, RegistersReadyNodesWithLeases) {
  auto nodes = StartNodes(3);
  for (int i = 0; i < 3; ++i) {
    std::string name = "hollow-node-" + std::to_string(i);
    ObjectPtr node = Get(nodes_, "", name);
    ASSERT_TRUE(node) << name;
    const auto& conditions = node->at("status").at("conditions").as_array();
    ASSERT_EQ(conditions.size(), 4u);
    EXPECT_EQ(conditions[3].at("type"), "Ready");
    EXPECT_EQ(conditions[3].at("status"), "True");
    EXPECT_EQ(node->at("metadata").at("labels").at("kubernetes.io/hostname"), json::value(name));
    ASSERT_TRUE(Eventually([&] { return Get(leases_, "kube-node-lease", name) != nullptr; })) << name;
    ObjectPtr lease = Get(leases_, "kube-node-lease", name);
    EXPECT_EQ(StringAt(lease, {"spec", "holderIdentity"}), name);
    EXPECT_EQ(lease->at("spec").at("leaseDurationSeconds"), 40);
    EXPECT_EQ(StringAt(lease, {"spec", "renewTime"}), MicroTimeText(clock_.Now()));
    EXPECT_EQ(lease->at("metadata").at("ownerReferences").at(0).at("uid"), node->at("metadata").at("uid"));
  }
  nodes->Stop();
}

TEST_F(HollowNodesTest, RenewsLeasesEveryInterval) {
  auto nodes = StartNodes(2);
  ASSERT_TRUE(Eventually([&] { return Get(leases_, "kube-node-lease", "hollow-node-1") != nullptr; }));
  Clock::TimePoint start = clock_.Now();
  // Time moves in 1 s steps; each lease must show a renewal at least 10 s
  // after the first, and none before.
  ASSERT_TRUE(Eventually(
      [&] {
        for (const char* name : {"hollow-node-0", "hollow-node-1"}) {
          auto t = ParseTime(StringAt(Get(leases_, "kube-node-lease", name), {"spec", "renewTime"}));
          if (!t || *t < start + std::chrono::seconds(10)) return false;
        }
        return true;
      },
      [&] {
        if (clock_.Now() < start + std::chrono::seconds(30)) clock_.Advance(std::chrono::seconds(1));
      }));
}

TEST_F(HollowNodesTest, BoundPodRunsAndStatusIsAKubelets) {
  auto nodes = StartNodes(2);
  SeedPod("web", "hollow-node-1");
  SeedPod("elsewhere", "real-node");
  ASSERT_TRUE(Eventually([&] { return StringAt(Get(pods_, "default", "web"), {"status", "phase"}) == "Running"; }));
  ObjectPtr pod = Get(pods_, "default", "web");
  EXPECT_EQ(StringAt(pod, {"status", "hostIP"}), NodeInternalIp(1));
  EXPECT_FALSE(StringAt(pod, {"status", "podIP"}).empty());
  EXPECT_EQ(StringAt(pod, {"status", "startTime"}), TimeText(clock_.Now()));
  const auto& cs = pod->at("status").at("containerStatuses").at(0).as_object();
  EXPECT_EQ(cs.at("ready"), true);
  EXPECT_TRUE(cs.at("containerID").as_string().starts_with("hollow://"));
  EXPECT_EQ(StringAt(Get(pods_, "default", "elsewhere"), {"status", "phase"}), "Pending");
  bool status_write = false;
  for (const auto& a : api_->Actions()) {
    if (a.verb == "update" && a.resource == "pods" && a.name == "web") status_write |= a.subresource == "status";
  }
  EXPECT_TRUE(status_write);
}

TEST_F(HollowNodesTest, PodIpFromNodePodCidr) {
  auto nodes = StartNodes(1);
  ObjectPtr node = Get(nodes_, "", "hollow-node-0");
  json::object with_cidr = *node;
  with_cidr["spec"].as_object()["podCIDR"] = "10.244.7.0/24";
  ASSERT_TRUE(api_->Update(nodes_, "", with_cidr).ok());
  // A pod bound before the node informer saw the CIDR rightly gets a fake
  // address; keep binding pods until one lands after it.
  int n = 0;
  ASSERT_TRUE(Eventually([&] {
    std::string name = "p" + std::to_string(n++);
    SeedPod(name, "hollow-node-0");
    if (!Eventually([&] { return StringAt(Get(pods_, "default", name), {"status", "phase"}) == "Running"; })) {
      return false;
    }
    return StringAt(Get(pods_, "default", name), {"status", "podIP"}).starts_with("10.244.7.");
  }));
  EXPECT_LT(n, 50);
}

TEST_F(HollowNodesTest, JobLikePodSucceedsAfterItsRunTime) {
  auto nodes = StartNodes(1);
  SeedPod("job-pod", "hollow-node-0", json::object{{"restartPolicy", "Never"}},
          json::object{{"hollow.kubepp.io/run-seconds", "30"}});
  ASSERT_TRUE(
      Eventually([&] { return StringAt(Get(pods_, "default", "job-pod"), {"status", "phase"}) == "Running"; }));
  Clock::TimePoint started = clock_.Now();
  ASSERT_TRUE(Eventually(
      [&] { return StringAt(Get(pods_, "default", "job-pod"), {"status", "phase"}) == "Succeeded"; },
      [&] { clock_.Advance(std::chrono::seconds(1)); }));
  ObjectPtr pod = Get(pods_, "default", "job-pod");
  const auto& term = pod->at("status").at("containerStatuses").at(0).at("state").at("terminated").as_object();
  EXPECT_EQ(term.at("exitCode"), 0);
  auto at = ParseTime(term.at("finishedAt").as_string());
  ASSERT_TRUE(at);
  EXPECT_GE(*at, started + std::chrono::seconds(30));
}

TEST_F(HollowNodesTest, TerminatingPodIsDeletedWithGraceZero) {
  auto nodes = StartNodes(1);
  SeedPod("gone", "hollow-node-0");
  ASSERT_TRUE(Eventually([&] { return StringAt(Get(pods_, "default", "gone"), {"status", "phase"}) == "Running"; }));
  // A finalizer keeps the pod visible with its deletionTimestamp, so the
  // kubelet's own delete shows up as a second action.
  ObjectPtr pod = Get(pods_, "default", "gone");
  json::object held = *pod;
  held["metadata"].as_object()["finalizers"] = json::array{"test.kubepp.io/hold"};
  ASSERT_TRUE(api_->Update(pods_, "default", held).ok());
  // Cleared before the test's own delete: the kubelet's may follow at once.
  api_->ClearActions();
  ASSERT_TRUE(api_->Delete(pods_, "default", "gone").ok());
  ASSERT_TRUE(Eventually([&] {
    int deletes = 0;
    for (const auto& a : api_->Actions()) {
      if (a.verb == "delete" && a.resource == "pods" && a.name == "gone") ++deletes;
    }
    return deletes >= 2;  // the test's, then the kubelet's
  }));
}

TEST_F(HollowNodesTest, StopDeletesNothing) {
  auto nodes = StartNodes(2);
  nodes->Stop();
  for (const auto& a : api_->Actions()) EXPECT_NE(a.verb, "delete") << a.resource << " " << a.name;
  EXPECT_TRUE(Get(nodes_, "", "hollow-node-0"));
  EXPECT_TRUE(Get(nodes_, "", "hollow-node-1"));
}

}  // namespace
}  // namespace kubepp::hollow
