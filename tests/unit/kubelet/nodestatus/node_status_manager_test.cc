#include "kubelet/nodestatus/node_status_manager.h"

#include <atomic>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "client/resource.h"
#include "fakes/fake_api_client.h"
#include "fakes/recording_event_recorder.h"
#include "kubelet/nodestatus/conditions.h"
#include "unit/eventually.h"

namespace kubepp::kubelet {
namespace {
namespace json = boost::json;
using client::Resource;

class NodeStatusManagerTest : public ::testing::Test {
 protected:
  NodeStatusManagerTest() : api_(fakes::FakeApiClient::Create(clock_)) {
    config_.node_name = config_.hostname = "node-a";
    sources_.machine_info = [] {
      MachineInfo m;
      m.num_cores = 2;
      m.memory_capacity_bytes = 4ull << 30;
      m.root_fs_capacity_bytes = 10ull << 30;
      m.architecture = "amd64";
      m.boot_id = "boot";
      return m;
    };
    sources_.node_ip = [] { return StatusOr<std::string>(std::string("10.0.0.5")); };
    sources_.pressure = [this] { return NodePressure{memory_pressure_.load(), false, false}; };
    sources_.readiness = [this] {
      NodeReadiness r;
      if (!network_ready_) r.network_errors = {"container runtime network not ready: NetworkReady=false"};
      return r;
    };
    options_.jitter_factor = 0;
  }

  std::unique_ptr<NodeStatusManager> Make() {
    return std::make_unique<NodeStatusManager>(*api_, config_, sources_, NodeEventSink(events_, "node-a"), clock_,
                                               options_);
  }
  int Count(std::string_view verb, std::string_view subresource = "") {
    int n = 0;
    for (const auto& a : api_->Actions()) n += a.resource == "nodes" && a.verb == verb && a.subresource == subresource;
    return n;
  }
  client::ObjectPtr Node() {
    auto got = api_->Get(nodes_, "", "node-a");
    return got.ok() ? *got : nullptr;
  }
  // Moves the clock once the manager's thread waits, and returns once it
  // waits again having read the Node `rounds` more times.
  void Step(Clock::Duration d, int rounds) {
    ASSERT_TRUE(Eventually([&] { return clock_.Waiters() == 1; }));
    int before = Count("get");
    clock_.Advance(d);
    ASSERT_TRUE(Eventually([&] { return Count("get") >= before + rounds && clock_.Waiters() == 1; }));
    EXPECT_EQ(Count("get"), before + rounds);
  }

  FakeClock clock_;
  std::unique_ptr<fakes::FakeApiClient> api_;
  fakes::RecordingEventRecorder events_;
  NodeConfig config_;
  NodeStatusSources sources_;
  NodeStatusManagerOptions options_;
  std::atomic<bool> memory_pressure_{false};
  std::atomic<bool> network_ready_{true};
  const Resource nodes_ = Resource::Of("", "nodes");
};

TEST_F(NodeStatusManagerTest, SyncRegistersThenReports) {
  auto manager = Make();
  ASSERT_TRUE(manager->SyncNodeStatus().ok());
  EXPECT_TRUE(manager->Registered());
  EXPECT_EQ(Count("create"), 1);
  EXPECT_EQ(Count("patch", "status"), 1);  // the first report is always written
  auto node = Node();
  ASSERT_TRUE(node);
  EXPECT_TRUE(NodeIsReady(*node));
  EXPECT_EQ(manager->LastNode()->at("metadata").at("resourceVersion"), node->at("metadata").at("resourceVersion"));
  // Registration recorded the pressure conditions' first state on the Node.
  auto messages = events_.Messages("NodeHasSufficientMemory");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], "Node node-a status is now: NodeHasSufficientMemory");
  EXPECT_EQ(events_.Events()[0].kind, "Node");
  EXPECT_EQ(events_.Events()[0].object_key, "node-a");
}

TEST_F(NodeStatusManagerTest, WritesOnChangeAndOtherwiseEveryReportFrequency) {
  auto manager = Make();
  manager->Start();
  Step(std::chrono::milliseconds(100), 1);  // registration back-off, then the first round
  EXPECT_TRUE(manager->Registered());
  EXPECT_EQ(Count("patch", "status"), 1);

  // Heartbeats alone are not written.
  Step(std::chrono::seconds(10), 1);
  EXPECT_EQ(Count("patch", "status"), 1);

  // A change is written at the next round.
  memory_pressure_ = true;
  Step(std::chrono::seconds(10), 1);
  EXPECT_EQ(Count("patch", "status"), 2);
  const json::value* pressure = nullptr;
  for (const auto& c : Node()->at("status").at("conditions").as_array()) {
    if (c.at("type") == "MemoryPressure") pressure = &c.at("status");
  }
  ASSERT_TRUE(pressure);
  EXPECT_EQ(*pressure, "True");
  EXPECT_EQ(events_.Messages("NodeHasInsufficientMemory").size(), 1u);

  // Unchanged: the next write is 5 minutes after the last one.
  for (int i = 0; i < 29; ++i) Step(std::chrono::seconds(10), 1);
  EXPECT_EQ(Count("patch", "status"), 2);
  Step(std::chrono::seconds(10), 1);
  EXPECT_EQ(Count("patch", "status"), 3);
  manager->Stop();
}

TEST_F(NodeStatusManagerTest, FastUpdateWhenTheNodeBecomesReady) {
  network_ready_ = false;
  auto manager = Make();
  manager->Start();
  Step(std::chrono::milliseconds(100), 1);
  EXPECT_FALSE(NodeIsReady(*manager->LastNode()));
  EXPECT_EQ(Count("patch", "status"), 1);
  network_ready_ = true;
  // Within 100 ms, without waiting for the 10 s round and without a read.
  ASSERT_TRUE(Eventually([&] { return clock_.Waiters() == 1; }));
  clock_.Advance(std::chrono::milliseconds(100));
  // Waiting again means the manager has also kept the Node it wrote.
  ASSERT_TRUE(Eventually([&] { return Count("patch", "status") == 2 && clock_.Waiters() == 1; }));
  EXPECT_EQ(Count("get"), 1);
  EXPECT_TRUE(NodeIsReady(*manager->LastNode()));
  EXPECT_TRUE(NodeIsReady(*Node()));
  EXPECT_EQ(events_.Messages("NodeReady").size(), 1u);
  manager->Stop();
}

TEST_F(NodeStatusManagerTest, RetriesUpToFiveTimes) {
  auto manager = Make();
  ASSERT_TRUE(manager->SyncNodeStatus().ok());
  std::atomic<int> failures{3};
  api_->SetReactor([&](const fakes::FakeAction& a) {
    if (a.verb == "get" && a.resource == "nodes" && failures > 0) {
      --failures;
      return Status::ServiceUnavailable("etcd is slow");
    }
    return Status::Ok();
  });
  api_->ClearActions();
  EXPECT_TRUE(manager->SyncNodeStatus().ok());
  EXPECT_EQ(Count("get"), 4);
  failures = 100;
  Status st = manager->SyncNodeStatus();
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "update node status exceeds retry count");
}

TEST_F(NodeStatusManagerTest, PutsBackOsAndArchLabels) {
  auto manager = Make();
  ASSERT_TRUE(manager->SyncNodeStatus().ok());
  ASSERT_TRUE(api_->Patch(nodes_, "", "node-a", client::PatchType::kMerge,
                          R"({"metadata":{"labels":{"kubernetes.io/arch":null}}})")
                  .ok());
  ASSERT_TRUE(manager->SyncNodeStatus().ok());
  EXPECT_EQ(Node()->at("metadata").at("labels").at("kubernetes.io/arch"), "amd64");
}

TEST_F(NodeStatusManagerTest, PodCidrsGoToTheRuntime) {
  std::vector<std::string> given;
  options_.on_pod_cidrs = [&](const std::string& cidrs) {
    given.push_back(cidrs);
    return true;
  };
  auto manager = Make();
  ASSERT_TRUE(manager->SyncNodeStatus().ok());
  EXPECT_TRUE(given.empty());
  ASSERT_TRUE(api_->Patch(nodes_, "", "node-a", client::PatchType::kMerge,
                          R"({"spec":{"podCIDR":"10.244.1.0/24","podCIDRs":["10.244.1.0/24","fd00:1::/64"]}})")
                  .ok());
  ASSERT_TRUE(manager->SyncNodeStatus().ok());
  ASSERT_TRUE(manager->SyncNodeStatus().ok());
  EXPECT_EQ(given, std::vector<std::string>{"10.244.1.0/24,fd00:1::/64"});
}

TEST_F(NodeStatusManagerTest, UnschedulableChangesAreEvents) {
  auto manager = Make();
  ASSERT_TRUE(manager->SyncNodeStatus().ok());
  ASSERT_TRUE(api_->Patch(nodes_, "", "node-a", client::PatchType::kMerge, R"({"spec":{"unschedulable":true}})").ok());
  ASSERT_TRUE(manager->SyncNodeStatus().ok());
  EXPECT_EQ(events_.Messages("NodeNotSchedulable"), std::vector<std::string>{"Node node-a status is now: NodeNotSchedulable"});
}

}  // namespace
}  // namespace kubepp::kubelet
