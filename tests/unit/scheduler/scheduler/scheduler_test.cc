#include "scheduler/scheduler.h"

#include <gtest/gtest.h>

#include <thread>

#include "base/log.h"
#include "fakes/fake_api_client.h"
#include "fakes/fake_event_recorder.h"
#include "scheduler/framework/json_read.h"
#include "scheduler/framework/resources.h"
#include "scheduler/plugins/registry.h"
#include "unit/scheduler/test_objects.h"
#include "unit/eventually.h"

namespace kubepp::scheduler::testing {
namespace {

using namespace std::chrono_literals;
using framework::NodesResource;
using framework::PodsResource;

class SchedulerTest : public ::testing::Test {
 protected:
  void StartScheduler(SchedulerOptions options = {}) {
    auto s = Scheduler::Create(*api_, *factory_, recorders_, clock_, std::move(options));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    scheduler_ = std::move(*s);
    factory_->Start();
    ASSERT_TRUE(factory_->WaitForSync(10s));
    scheduler_->Start();
  }
  void TearDown() override {
    if (scheduler_) scheduler_->Stop();
    factory_->Stop();
  }
  void CreateNode(const NodeBuilder& n) { ASSERT_TRUE(api_->Create(NodesResource(), "", n.obj).ok()); }
  void CreatePod(const PodBuilder& p) { ASSERT_TRUE(api_->Create(PodsResource(), "default", p.obj).ok()); }
  client::ObjectPtr GetPod(const std::string& name) {
    auto r = api_->Get(PodsResource(), "default", name);
    return r.ok() ? *r : nullptr;
  }
  // A preemption victim is deleted; being bound to a node it ends gracefully,
  // so the test plays its kubelet and finishes the deletion.
  bool VictimGone(const std::string& name) {
    client::ObjectPtr p = GetPod(name);
    if (p == nullptr) return true;
    if (framework::ObjectAt(p.get(), "metadata") &&
        framework::ObjectAt(p.get(), "metadata")->contains("deletionTimestamp")) {
      client::DeleteOptions now;
      now.grace_period_seconds = 0;
      (void)api_->Delete(PodsResource(), "default", name, now);
    }
    return false;
  }
  std::string NodeOf(const std::string& name) {
    client::ObjectPtr p = GetPod(name);
    return p ? std::string(framework::StringAt(framework::ObjectAt(p.get(), "spec"), "nodeName")) : "";
  }
  bool HasEvent(const std::string& reason, const std::string& message) {
    for (const auto& e : recorder_.Events()) {
      if (e.reason == reason && e.message == message) return true;
    }
    return false;
  }
  // The component that recorded the first `reason` event about default/`pod`; "" when none did.
  std::string EventSource(const std::string& reason, const std::string& pod) {
    for (const auto& e : recorder_.Events()) {
      if (e.reason == reason && e.object_key == "default/" + pod) return e.component;
    }
    return "";
  }

  FakeClock clock_;
  std::unique_ptr<fakes::FakeApiClient> api_ = fakes::FakeApiClient::Create(clock_);
  std::unique_ptr<client::InformerFactory> factory_ = client::InformerFactory::Create(*api_, clock_);
  fakes::FakeEventRecorder recorder_;
  client::EventRecorders recorders_{recorder_.Factory()};
  std::unique_ptr<Scheduler> scheduler_;
};

TEST_F(SchedulerTest, BindsPodsAndSpreadsThem) {
  for (int i = 1; i <= 3; ++i) CreateNode(NodeBuilder("node-" + std::to_string(i), "2", "4Gi"));
  StartScheduler();
  for (int i = 0; i < 6; ++i) CreatePod(PodBuilder("p" + std::to_string(i)).Req("500m", "512Mi"));
  ASSERT_TRUE(Eventually([&] {
    for (int i = 0; i < 6; ++i) {
      if (NodeOf("p" + std::to_string(i)).empty()) return false;
    }
    return true;
  }));
  std::map<std::string, int> per_node;
  for (int i = 0; i < 6; ++i) per_node[NodeOf("p" + std::to_string(i))]++;
  // LeastAllocated spreads equal pods evenly.
  EXPECT_EQ(per_node, (std::map<std::string, int>{{"node-1", 2}, {"node-2", 2}, {"node-3", 2}}));
  ASSERT_TRUE(Eventually([&] { return HasEvent("Scheduled", "Successfully assigned default/p0 to " + NodeOf("p0")); }));
}

// Topology spreading remembers counts and domains across cycles (by node
// generation): each pod must see the ones placed before it, or a zone with
// more nodes would take more than its share.
TEST_F(SchedulerTest, SpreadingSeesEveryEarlierPodAcrossCycles) {
  for (const char* name : {"a1", "a2", "a3", "b1", "c1"}) {
    CreateNode(NodeBuilder(name, "8", "16Gi")
                   .Label("topology.kubernetes.io/zone", std::string("zone-") + name[0]));
  }
  StartScheduler();
  boost::json::array constraints{
      boost::json::object{{"maxSkew", 1},
                          {"topologyKey", "topology.kubernetes.io/zone"},
                          {"whenUnsatisfiable", "DoNotSchedule"},
                          {"labelSelector", {{"matchLabels", {{"app", "web"}}}}}},
      boost::json::object{{"maxSkew", 1},
                          {"topologyKey", "kubernetes.io/hostname"},
                          {"whenUnsatisfiable", "ScheduleAnyway"},
                          {"labelSelector", {{"matchLabels", {{"app", "web"}}}}}}};
  for (int i = 0; i < 9; ++i) {
    CreatePod(PodBuilder("w" + std::to_string(i))
                  .Label("app", "web")
                  .Req("100m")
                  .Spec("topologySpreadConstraints", constraints));
  }
  ASSERT_TRUE(Eventually([&] {
    for (int i = 0; i < 9; ++i) {
      if (NodeOf("w" + std::to_string(i)).empty()) return false;
    }
    return true;
  }));
  std::map<char, int> per_zone;
  std::map<std::string, int> per_node;
  for (int i = 0; i < 9; ++i) {
    std::string node = NodeOf("w" + std::to_string(i));
    per_zone[node[0]]++;
    per_node[node]++;
  }
  EXPECT_EQ(per_zone, (std::map<char, int>{{'a', 3}, {'b', 3}, {'c', 3}}));
  // Within zone a the hostname constraint's score spreads its three.
  EXPECT_EQ(per_node["a1"], 1);
  EXPECT_EQ(per_node["a2"], 1);
  EXPECT_EQ(per_node["a3"], 1);
}

TEST_F(SchedulerTest, EachProfileRecordsEventsUnderItsSchedulerName) {
  CreateNode(NodeBuilder("node-1", "2", "4Gi"));
  SchedulerOptions options;
  options.profiles.push_back(plugins::DefaultProfile());
  options.profiles.push_back(plugins::DefaultProfile());
  options.profiles.back().scheduler_name = "second-scheduler";
  StartScheduler(std::move(options));
  CreatePod(PodBuilder("by-default"));
  CreatePod(PodBuilder("by-second").Spec("schedulerName", "second-scheduler"));
  PodBuilder too_big("too-big");
  too_big.Req("8").Spec("schedulerName", "second-scheduler");
  CreatePod(too_big);
  ASSERT_TRUE(Eventually([&] { return !EventSource("Scheduled", "by-second").empty(); }));
  ASSERT_TRUE(Eventually([&] { return !EventSource("Scheduled", "by-default").empty(); }));
  ASSERT_TRUE(Eventually([&] { return !EventSource("FailedScheduling", "too-big").empty(); }));
  EXPECT_EQ(EventSource("Scheduled", "by-default"), "default-scheduler");
  EXPECT_EQ(EventSource("Scheduled", "by-second"), "second-scheduler");
  EXPECT_EQ(EventSource("FailedScheduling", "too-big"), "second-scheduler");
}

TEST_F(SchedulerTest, WithoutAnyNodeThePodSaysSo) {
  StartScheduler();
  CreatePod(PodBuilder("alone"));
  const std::string msg = "no nodes available to schedule pods";
  ASSERT_TRUE(Eventually([&] { return HasEvent("FailedScheduling", msg); }));
  ASSERT_TRUE(Eventually([&] {
    client::ObjectPtr pod = GetPod("alone");
    bool ok = false;
    framework::ForEachObject(framework::ObjectAt(pod.get(), "status"), "conditions", [&](const boost::json::object& c) {
      ok = ok || (framework::StringAt(&c, "type") == "PodScheduled" && framework::StringAt(&c, "reason") == "Unschedulable" &&
                  framework::StringAt(&c, "message") == msg);
    });
    return ok;
  }));
}

TEST_F(SchedulerTest, UnschedulablePodGetsFailedSchedulingAndCondition) {
  CreateNode(NodeBuilder("node-1", "1", "4Gi").Label("zone", "a"));
  CreateNode(NodeBuilder("node-2", "4", "4Gi"));
  CreateNode(NodeBuilder("node-3", "4", "4Gi"));
  StartScheduler();
  PodBuilder p("p");
  p.Req("2").Spec("nodeSelector", boost::json::object{{"zone", "a"}});
  CreatePod(p);
  const std::string msg =
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. "
      "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
  ASSERT_TRUE(Eventually([&] { return HasEvent("FailedScheduling", msg); }));
  ASSERT_TRUE(Eventually([&] {
    client::ObjectPtr pod = GetPod("p");
    bool ok = false;
    framework::ForEachObject(framework::ObjectAt(pod.get(), "status"), "conditions", [&](const boost::json::object& c) {
      ok = ok || (framework::StringAt(&c, "type") == "PodScheduled" && framework::StringAt(&c, "status") == "False" &&
                  framework::StringAt(&c, "reason") == "Unschedulable" && framework::StringAt(&c, "message") == msg);
    });
    return ok;
  }));
  EXPECT_EQ(NodeOf("p"), "");

  // A node that fits arrives: the pod is retried (after its back-off) and bound.
  CreateNode(NodeBuilder("node-4", "4", "4Gi").Label("zone", "a"));
  ASSERT_TRUE(Eventually([&] {
    clock_.Advance(1s);
    return NodeOf("p") == "node-4";
  }));
}

TEST_F(SchedulerTest, PreemptsLowerPriorityPod) {
  CreateNode(NodeBuilder("node-1", "2", "4Gi"));
  PodBuilder victim("victim");
  victim.Req("1500m").Priority(0).Node("node-1");
  CreatePod(victim);
  StartScheduler();
  PodBuilder vip("vip");
  vip.Req("1").Priority(1000);
  CreatePod(vip);
  ASSERT_TRUE(Eventually([&] { return VictimGone("victim"); }));
  ASSERT_TRUE(Eventually([&] {
    client::ObjectPtr p = GetPod("vip");
    return framework::StringAt(framework::ObjectAt(p.get(), "status"), "nominatedNodeName") == "node-1";
  }));
  // The victim's deletion sends the pod back (after its back-off) and it lands where room was made.
  ASSERT_TRUE(Eventually([&] {
    clock_.Advance(1s);
    return NodeOf("vip") == "node-1";
  }));
}

TEST_F(SchedulerTest, PriorityClassNameGivesPriorityWhenSpecHasNone) {
  ASSERT_TRUE(api_->Create(framework::PriorityClassResource(), "",
                           boost::json::parse(R"({"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                                                  "metadata": {"name": "high"}, "value": 1000})")
                               .as_object())
                  .ok());
  CreateNode(NodeBuilder("node-1", "2", "4Gi"));
  CreatePod(PodBuilder("victim").Req("1500m").Node("node-1"));
  StartScheduler();
  CreatePod(PodBuilder("vip").Req("1").Spec("priorityClassName", "high"));
  ASSERT_TRUE(Eventually([&] { return VictimGone("victim"); }));
}

TEST_F(SchedulerTest, ManyNodesAreFilteredOnSeveralThreads) {
  for (int i = 0; i < 300; ++i) {
    NodeBuilder n("node-" + std::to_string(i), "1", "1Gi");
    if (i == 150) n.Label("special", "yes");
    CreateNode(n);
  }
  StartScheduler();
  CreatePod(PodBuilder("s").Spec("nodeSelector", boost::json::object{{"special", "yes"}}));
  CreatePod(PodBuilder("none").Spec("nodeSelector", boost::json::object{{"special", "no"}}));
  for (int i = 0; i < 20; ++i) CreatePod(PodBuilder("p" + std::to_string(i)).Req("100m"));
  ASSERT_TRUE(Eventually([&] { return NodeOf("s") == "node-150"; }));
  ASSERT_TRUE(Eventually([&] {
    return HasEvent("FailedScheduling",
                    "0/300 nodes are available: 300 node(s) didn't match Pod's node affinity/selector. "
                    "preemption: 0/300 nodes are available: 300 Preemption is not helpful for scheduling.");
  }));
  ASSERT_TRUE(Eventually([&] {
    for (int i = 0; i < 20; ++i) {
      if (NodeOf("p" + std::to_string(i)).empty()) return false;
    }
    return true;
  }));
}

TEST_F(SchedulerTest, VerbosityTenLogsEveryNodesVerdictAndScores) {
  CreateNode(NodeBuilder("node-1", "2", "4Gi"));
  CreateNode(NodeBuilder("node-2", "2", "4Gi").Taint("dedicated", "x", "NoSchedule"));
  CreateNode(NodeBuilder("node-3", "2", "4Gi"));
  StartScheduler();
  ::testing::internal::CaptureStderr();
  log::SetVerbosity(10);
  CreatePod(PodBuilder("p").Req("100m"));
  bool bound = Eventually([&] { return !NodeOf("p").empty(); });
  log::SetVerbosity(0);
  std::string err = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(bound);
  EXPECT_NE(err.find("pod default/p node node-2 filter: TaintToleration: node(s) had untolerated taint {dedicated: x}"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("pod default/p node node-1 filter: fits"), std::string::npos) << err;
  EXPECT_NE(err.find("NodeResourcesFit="), std::string::npos) << err;
}

TEST_F(SchedulerTest, LowerPriorityPodDoesNotPreempt) {
  CreateNode(NodeBuilder("node-1", "2", "4Gi"));
  PodBuilder big("big");
  big.Req("1500m").Priority(100).Node("node-1");
  CreatePod(big);
  StartScheduler();
  CreatePod(PodBuilder("small").Req("1").Priority(0));
  ASSERT_TRUE(Eventually([&] {
    return HasEvent("FailedScheduling",
                    "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: "
                    "1 No preemption victims found for incoming pod.");
  }));
  EXPECT_NE(GetPod("big"), nullptr);
}

TEST_F(SchedulerTest, NamespaceRelabelRetriesPodsItsSelectorKeptOut) {
  for (auto [name, team] : {std::pair<const char*, const char*>{"default", ""}, {"team-a", "a"}}) {
    boost::json::object ns{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
    if (*team) ns["metadata"].as_object()["labels"] = boost::json::object{{"team", team}};
    ASSERT_TRUE(api_->Create(framework::NamespacesResource(), "", ns).ok());
  }
  CreateNode(NodeBuilder("node-1", "2", "4Gi"));
  PodBuilder web("web", "team-a");
  web.Labels({{"app", "web"}}).Node("node-1");
  ASSERT_TRUE(api_->Create(PodsResource(), "team-a", web.obj).ok());
  StartScheduler();
  PodBuilder p("p");
  p.Spec("affinity", boost::json::parse(R"({"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
      {"labelSelector": {"matchLabels": {"app": "web"}}, "namespaceSelector": {"matchLabels": {"team": "a"}},
       "topologyKey": "kubernetes.io/hostname"}]}})"));
  CreatePod(p);
  ASSERT_TRUE(Eventually([&] {
    return HasEvent("FailedScheduling",
                    "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules. preemption: 0/1 nodes "
                    "are available: 1 No preemption victims found for incoming pod.");
  }));
  // team-a leaves the team: the pod's term no longer sees web, and the
  // namespace event (not the 5 minute flush) sends the pod back.
  ASSERT_TRUE(api_->Patch(framework::NamespacesResource(), "", "team-a", client::PatchType::kMerge,
                          R"({"metadata": {"labels": {"team": "z"}}})")
                  .ok());
  int advanced = 0;
  ASSERT_TRUE(Eventually([&] {
    if (advanced < 20) {
      clock_.Advance(1s);  // the back-off, never near the 5 minute leftover flush
      ++advanced;
    }
    return NodeOf("p") == "node-1";
  }));
}

}  // namespace
}  // namespace kubepp::scheduler::testing
