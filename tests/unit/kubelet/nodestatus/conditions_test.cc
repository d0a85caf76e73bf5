#include "kubelet/nodestatus/conditions.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "client/time_format.h"

namespace kubepp::kubelet {
namespace {
namespace json = boost::json;

Clock::TimePoint At(int64_t s) { return Clock::TimePoint(std::chrono::seconds(s)); }

struct Event {
  std::string type, reason, message;
};

class ConditionsTest : public ::testing::Test {
 protected:
  json::object node_{{"metadata", json::object{{"name", "node-a"}}},
                     {"status", json::object{{"capacity", json::object{{"cpu", "4"},
                                                                       {"memory", "1Gi"},
                                                                       {"pods", "110"},
                                                                       {"ephemeral-storage", "10Gi"}}}}}};
  std::vector<Event> events_;
  EventSink sink_ = [this](std::string_view t, std::string_view r, std::string_view m) {
    events_.push_back({std::string(t), std::string(r), std::string(m)});
  };

  const json::object& Condition(std::string_view type) {
    for (const auto& c : node_.at("status").at("conditions").as_array()) {
      if (c.at("type") == json::value(type)) return c.as_object();
    }
    ADD_FAILURE() << "no condition " << type;
    static json::object none;
    return none;
  }
};

TEST_F(ConditionsTest, PressureConditionsStartAsTransitionsAndRecordEvents) {
  SetMemoryPressureCondition(node_, At(100), false, sink_);
  SetDiskPressureCondition(node_, At(100), false, sink_);
  SetPIDPressureCondition(node_, At(100), false, sink_);
  const auto& memory = Condition("MemoryPressure");
  EXPECT_EQ(memory.at("status"), "False");
  EXPECT_EQ(memory.at("reason"), "KubeletHasSufficientMemory");
  EXPECT_EQ(memory.at("message"), "kubelet has sufficient memory available");
  EXPECT_EQ(memory.at("lastTransitionTime"), json::value(client::FormatTime(At(100))));
  EXPECT_EQ(Condition("DiskPressure").at("reason"), "KubeletHasNoDiskPressure");
  EXPECT_EQ(Condition("DiskPressure").at("message"), "kubelet has no disk pressure");
  EXPECT_EQ(Condition("PIDPressure").at("reason"), "KubeletHasSufficientPID");
  EXPECT_EQ(Condition("PIDPressure").at("message"), "kubelet has sufficient PID available");
  ASSERT_EQ(events_.size(), 3u);
  EXPECT_EQ(events_[0].reason, "NodeHasSufficientMemory");
  EXPECT_EQ(events_[0].type, "Normal");
  EXPECT_EQ(events_[0].message, "Node node-a status is now: NodeHasSufficientMemory");
  EXPECT_EQ(events_[1].reason, "NodeHasNoDiskPressure");
  EXPECT_EQ(events_[2].reason, "NodeHasSufficientPID");
}

TEST_F(ConditionsTest, HeartbeatMovesTransitionOnlyOnChange) {
  SetMemoryPressureCondition(node_, At(100), false, sink_);
  SetMemoryPressureCondition(node_, At(110), false, sink_);
  EXPECT_EQ(Condition("MemoryPressure").at("lastHeartbeatTime"), json::value(client::FormatTime(At(110))));
  EXPECT_EQ(Condition("MemoryPressure").at("lastTransitionTime"), json::value(client::FormatTime(At(100))));
  EXPECT_EQ(events_.size(), 1u);

  SetMemoryPressureCondition(node_, At(120), true, sink_);
  EXPECT_EQ(Condition("MemoryPressure").at("status"), "True");
  EXPECT_EQ(Condition("MemoryPressure").at("reason"), "KubeletHasInsufficientMemory");
  EXPECT_EQ(Condition("MemoryPressure").at("message"), "kubelet has insufficient memory available");
  EXPECT_EQ(Condition("MemoryPressure").at("lastTransitionTime"), json::value(client::FormatTime(At(120))));
  EXPECT_EQ(events_.back().reason, "NodeHasInsufficientMemory");

  SetDiskPressureCondition(node_, At(120), true, sink_);
  EXPECT_EQ(Condition("DiskPressure").at("reason"), "KubeletHasDiskPressure");
  EXPECT_EQ(Condition("DiskPressure").at("message"), "kubelet has disk pressure");
  SetPIDPressureCondition(node_, At(120), true, sink_);
  EXPECT_EQ(Condition("PIDPressure").at("reason"), "KubeletHasInsufficientPID");
  EXPECT_EQ(Condition("PIDPressure").at("message"), "kubelet has insufficient PID available");
}

TEST_F(ConditionsTest, ReadyWhenNothingComplains) {
  SetReadyCondition(node_, At(100), {}, sink_);
  const auto& ready = Condition("Ready");
  EXPECT_EQ(ready.at("status"), "True");
  EXPECT_EQ(ready.at("reason"), "KubeletReady");
  EXPECT_EQ(ready.at("message"), "kubelet is posting ready status");
  EXPECT_TRUE(events_.empty());  // a new condition is no transition event
  EXPECT_TRUE(NodeIsReady(node_));
  // Field order as upstream serializes NodeCondition.
  std::vector<std::string> keys;
  for (const auto& m : ready) keys.emplace_back(m.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"type", "status", "lastHeartbeatTime", "lastTransitionTime", "reason",
                                            "message"}));
}

TEST_F(ConditionsTest, NotReadyUntilRuntimeAndNetworkAre) {
  NodeReadiness readiness;
  readiness.network_errors = {
      "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin "
      "returns error: cni plugin not initialized"};
  SetReadyCondition(node_, At(100), readiness, sink_);
  EXPECT_EQ(Condition("Ready").at("status"), "False");
  EXPECT_EQ(Condition("Ready").at("reason"), "KubeletNotReady");
  EXPECT_EQ(Condition("Ready").at("message"), json::value(readiness.network_errors[0]));
  EXPECT_FALSE(NodeIsReady(node_));

  readiness.runtime_errors = {"container runtime is down"};
  SetReadyCondition(node_, At(110), readiness, sink_);
  EXPECT_EQ(Condition("Ready").at("message"), json::value("[container runtime is down, " +
                                                          readiness.network_errors[0] + "]"));
  // Still False: the transition time stays although the message changed.
  EXPECT_EQ(Condition("Ready").at("lastTransitionTime"), json::value(client::FormatTime(At(100))));
  EXPECT_TRUE(events_.empty());

  SetReadyCondition(node_, At(120), {}, sink_);
  EXPECT_EQ(Condition("Ready").at("status"), "True");
  EXPECT_EQ(Condition("Ready").at("lastTransitionTime"), json::value(client::FormatTime(At(120))));
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_EQ(events_[0].reason, "NodeReady");
  EXPECT_EQ(events_[0].message, "Node node-a status is now: NodeReady");

  readiness = {};
  readiness.storage_errors = {"x"};
  SetReadyCondition(node_, At(130), readiness, sink_);
  EXPECT_EQ(events_.back().reason, "NodeNotReady");
}

TEST_F(ConditionsTest, MissingCapacityKeepsNodeNotReady) {
  node_["status"].as_object()["capacity"].as_object().erase("ephemeral-storage");
  node_["status"].as_object()["capacity"].as_object().erase("pods");
  SetReadyCondition(node_, At(100), {}, sink_);
  EXPECT_EQ(Condition("Ready").at("message"), "missing node capacity for resources: pods, ephemeral-storage");
}

TEST_F(ConditionsTest, OtherConditionsAreKeptAndReadyAppendedLast) {
  node_["status"].as_object()["conditions"] =
      json::array{json::object{{"type", "NetworkUnavailable"}, {"status", "False"}, {"reason", "RouteCreated"}}};
  SetMemoryPressureCondition(node_, At(1), false, sink_);
  SetDiskPressureCondition(node_, At(1), false, sink_);
  SetPIDPressureCondition(node_, At(1), false, sink_);
  SetReadyCondition(node_, At(1), {}, sink_);
  const auto& conditions = node_.at("status").at("conditions").as_array();
  ASSERT_EQ(conditions.size(), 5u);
  EXPECT_EQ(conditions[0].at("type"), "NetworkUnavailable");
  EXPECT_EQ(conditions[0].at("reason"), "RouteCreated");
  EXPECT_EQ(conditions[4].at("type"), "Ready");
}

TEST(AggregateMessage, AsUpstreamPrintsIt) {
  EXPECT_EQ(AggregateMessage({}), "");
  EXPECT_EQ(AggregateMessage({"a"}), "a");
  EXPECT_EQ(AggregateMessage({"a", "a"}), "a");
  EXPECT_EQ(AggregateMessage({"a", "b", "a"}), "[a, b]");
}

}  // namespace
}  // namespace kubepp::kubelet
