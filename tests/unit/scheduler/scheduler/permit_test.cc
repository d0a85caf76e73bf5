// Pods held at Permit, end to end through the Scheduler over a FakeApiClient:
// a test Permit plugin makes pods labelled permit=wait wait (30 s) and
// rejects pods labelled permit=reject; the tests allow, reject, time out and
// preempt them and read what the scheduler wrote.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "fakes/fake_api_client.h"
#include "fakes/fake_event_recorder.h"
#include "scheduler/framework/json_read.h"
#include "scheduler/framework/resources.h"
#include "scheduler/plugins/registry.h"
#include "scheduler/scheduler.h"
#include "unit/scheduler/test_objects.h"
#include "unit/eventually.h"

namespace kubepp::scheduler::testing {
namespace {

using namespace std::chrono_literals;
using framework::Code;
using framework::PluginStatus;

constexpr std::string_view kTestPermit = "TestPermit";

class TestPermitPlugin : public framework::PermitPlugin {
 public:
  explicit TestPermitPlugin(framework::Handle& handle) : handle_(handle) {}
  std::string_view Name() const override { return kTestPermit; }
  PluginStatus Permit(framework::CycleState&, const framework::PodInfo& pod, const std::string&,
                      Clock::Duration* timeout) override {
    auto it = pod.labels.find("permit");
    if (it == pod.labels.end()) return {};
    if (it->second == "reject") return PluginStatus(Code::kUnschedulable, "test says no");
    *timeout = 30s;
    return PluginStatus(Code::kWait, std::vector<std::string>{});
  }
  // The keys of the pods waiting now.
  std::vector<std::string> Waiting() const {
    std::vector<std::string> out;
    handle_.framework->IterateOverWaitingPods([&](framework::WaitingPod& wp) { out.push_back(wp.pod()->key); });
    return out;
  }
  void AllowAll() {
    handle_.framework->IterateOverWaitingPods([&](framework::WaitingPod& wp) { wp.Allow(Name()); });
  }
  void RejectAll(const std::string& msg) {
    handle_.framework->IterateOverWaitingPods([&](framework::WaitingPod& wp) { wp.Reject(Name(), msg); });
  }

 private:
  framework::Handle& handle_;
};

class PermitTest : public ::testing::Test {
 protected:
  void StartScheduler() {
    SchedulerOptions options;
    framework::ProfileConfig profile = plugins::DefaultProfile();
    profile.plugins.at(framework::ExtensionPoint::kPermit).enabled = {{std::string(kTestPermit), 0}};
    options.profiles.push_back(profile);
    TestPermitPlugin** slot = &plugin_;
    options.out_of_tree_plugins.factories.emplace_back(
        std::string(kTestPermit), [slot](const boost::json::object&, framework::Handle& h) {
          auto p = std::make_unique<TestPermitPlugin>(h);
          *slot = p.get();
          return p;
        });
    auto s = Scheduler::Create(*api_, *factory_, recorders_, clock_, options);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    scheduler_ = std::move(*s);
    ASSERT_NE(plugin_, nullptr);
    factory_->Start();
    ASSERT_TRUE(factory_->WaitForSync(10s));
    scheduler_->Start();
  }
  void TearDown() override {
    if (scheduler_) scheduler_->Stop();
    factory_->Stop();
  }
  void CreateNode(const NodeBuilder& n) { ASSERT_TRUE(api_->Create(framework::NodesResource(), "", n.obj).ok()); }
  void CreatePod(const PodBuilder& p) { ASSERT_TRUE(api_->Create(framework::PodsResource(), "default", p.obj).ok()); }
  client::ObjectPtr GetPod(const std::string& name) {
    auto r = api_->Get(framework::PodsResource(), "default", name);
    return r.ok() ? *r : nullptr;
  }
  std::string NodeOf(const std::string& name) {
    client::ObjectPtr p = GetPod(name);
    return p ? std::string(framework::StringAt(framework::ObjectAt(p.get(), "spec"), "nodeName")) : "";
  }
  bool HasEvent(const std::string& pod, const std::string& reason, const std::string& message) {
    for (const auto& e : recorder_.Events()) {
      if (e.object_key == "default/" + pod && e.reason == reason && e.message == message) return true;
    }
    return false;
  }
  bool IsWaiting(const std::string& pod) {
    std::vector<std::string> w = plugin_->Waiting();
    return std::find(w.begin(), w.end(), "default/" + pod) != w.end();
  }

  FakeClock clock_;
  std::unique_ptr<fakes::FakeApiClient> api_ = fakes::FakeApiClient::Create(clock_);
  std::unique_ptr<client::InformerFactory> factory_ = client::InformerFactory::Create(*api_, clock_);
  fakes::FakeEventRecorder recorder_;
  client::EventRecorders recorders_{recorder_.Factory()};
  std::unique_ptr<Scheduler> scheduler_;
  TestPermitPlugin* plugin_ = nullptr;
};

TEST_F(PermitTest, WaitingPodKeepsItsRoomAndBindsOnceAllowed) {
  CreateNode(NodeBuilder("node-1", "2", "4Gi"));
  StartScheduler();
  CreatePod(PodBuilder("held").Req("1500m").Labels({{"permit", "wait"}}));
  ASSERT_TRUE(Eventually([&] { return IsWaiting("held"); }));
  EXPECT_EQ(NodeOf("held"), "");  // not bound while it waits
  EXPECT_TRUE(scheduler_->cache().IsAssumedPod("default/held"));
  // Its reservation counts for the next pod.
  CreatePod(PodBuilder("other").Req("1"));
  ASSERT_TRUE(Eventually([&] {
    return HasEvent("other", "FailedScheduling",
                    "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: "
                    "1 No preemption victims found for incoming pod.");
  }));
  plugin_->AllowAll();
  ASSERT_TRUE(Eventually([&] { return NodeOf("held") == "node-1"; }));
  // The event follows the binding: the pod may show its node a moment before.
  EXPECT_TRUE(Eventually([&] { return HasEvent("held", "Scheduled", "Successfully assigned default/held to node-1"); }));
  EXPECT_TRUE(plugin_->Waiting().empty());
}

TEST_F(PermitTest, RejectionAtPermitIsAFitErrorOverTheChosenNode) {
  CreateNode(NodeBuilder("node-1", "2", "4Gi"));
  StartScheduler();
  CreatePod(PodBuilder("nope").Labels({{"permit", "reject"}}));
  ASSERT_TRUE(Eventually([&] { return HasEvent("nope", "FailedScheduling", "0/1 nodes are available: 1 test says no."); }));
  EXPECT_EQ(NodeOf("nope"), "");
  EXPECT_EQ(scheduler_->cache().GetPod("default/nope"), nullptr);
}

TEST_F(PermitTest, RejectedWhileWaitingFreesTheRoomAndRequeues) {
  CreateNode(NodeBuilder("node-1", "2", "4Gi"));
  StartScheduler();
  CreatePod(PodBuilder("held").Req("1500m").Labels({{"permit", "wait"}}));
  ASSERT_TRUE(Eventually([&] { return IsWaiting("held"); }));
  plugin_->RejectAll("gang incomplete");
  ASSERT_TRUE(
      Eventually([&] { return HasEvent("held", "FailedScheduling", "0/1 nodes are available: 1 gang incomplete."); }));
  EXPECT_EQ(NodeOf("held"), "");
  // Its room is free again: a pod that needs it binds.
  CreatePod(PodBuilder("next").Req("1500m"));
  ASSERT_TRUE(Eventually([&] { return NodeOf("next") == "node-1"; }));
  // The PodScheduled condition says why the held pod is pending.
  ASSERT_TRUE(Eventually([&] {
    bool ok = false;
    framework::ForEachObject(framework::ObjectAt(GetPod("held").get(), "status"), "conditions",
                             [&](const boost::json::object& c) {
                               ok = ok || (framework::StringAt(&c, "type") == "PodScheduled" &&
                                           framework::StringAt(&c, "reason") == "Unschedulable");
                             });
    return ok;
  }));
}

TEST_F(PermitTest, TimeoutRejectsWithUpstreamsMessage) {
  CreateNode(NodeBuilder("node-1", "2", "4Gi"));
  StartScheduler();
  CreatePod(PodBuilder("slow").Labels({{"permit", "wait"}}));
  ASSERT_TRUE(Eventually([&] { return IsWaiting("slow"); }));
  clock_.Advance(29s);
  EXPECT_TRUE(IsWaiting("slow"));
  clock_.Advance(1s);
  ASSERT_TRUE(Eventually([&] {
    return HasEvent("slow", "FailedScheduling",
                    "0/1 nodes are available: 1 rejected due to timeout after waiting 30s at plugin TestPermit.");
  }));
  EXPECT_EQ(NodeOf("slow"), "");
}

TEST_F(PermitTest, PreemptionRejectsAWaitingVictimInsteadOfDeletingIt) {
  CreateNode(NodeBuilder("node-1", "2", "4Gi"));
  StartScheduler();
  CreatePod(PodBuilder("low").Req("1500m").Priority(0).Labels({{"permit", "wait"}}));
  ASSERT_TRUE(Eventually([&] { return IsWaiting("low"); }));
  CreatePod(PodBuilder("vip").Req("1").Priority(1000));
  ASSERT_TRUE(Eventually([&] { return HasEvent("low", "FailedScheduling", "0/1 nodes are available: 1 preempted."); }));
  std::string vip_uid(framework::StringAt(framework::ObjectAt(GetPod("vip").get(), "metadata"), "uid"));
  EXPECT_TRUE(Eventually([&] { return HasEvent("low", "Preempted", "Preempted by pod " + vip_uid + " on node node-1"); }));
  // Rejected, not deleted: the pod object is untouched.
  client::ObjectPtr low = GetPod("low");
  ASSERT_NE(low, nullptr);
  EXPECT_FALSE(framework::Has(framework::ObjectAt(low.get(), "metadata"), "deletionTimestamp"));
  ASSERT_TRUE(Eventually([&] {
    clock_.Advance(1s);  // the preemptor's back-off
    return NodeOf("vip") == "node-1";
  }));
  EXPECT_EQ(NodeOf("low"), "");
}

TEST_F(PermitTest, DeletingAWaitingPodRejectsIt) {
  CreateNode(NodeBuilder("node-1", "2", "4Gi"));
  StartScheduler();
  CreatePod(PodBuilder("held").Req("1500m").Labels({{"permit", "wait"}}));
  ASSERT_TRUE(Eventually([&] { return IsWaiting("held"); }));
  ASSERT_TRUE(api_->Delete(framework::PodsResource(), "default", "held", {}).ok());
  ASSERT_TRUE(Eventually([&] { return !IsWaiting("held") && scheduler_->cache().GetPod("default/held") == nullptr; }));
  CreatePod(PodBuilder("next").Req("1500m"));
  ASSERT_TRUE(Eventually([&] { return NodeOf("next") == "node-1"; }));
}

}  // namespace
}  // namespace kubepp::scheduler::testing
