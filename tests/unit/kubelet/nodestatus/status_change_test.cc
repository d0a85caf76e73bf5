#include "kubelet/nodestatus/status_change.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace kubepp::kubelet {
namespace {
namespace json = boost::json;

json::object Status(std::string_view heartbeat, std::string_view ready = "True") {
  return json::object{
      {"capacity", json::object{{"memory", "1Gi"}, {"cpu", "2"}}},
      {"conditions",
       json::array{json::object{{"type", "Ready"}, {"status", ready}, {"lastHeartbeatTime", heartbeat}},
                   json::object{{"type", "MemoryPressure"}, {"status", "False"}, {"lastHeartbeatTime", heartbeat}}}},
      {"nodeInfo", json::object{{"bootID", "a"}}}};
}

TEST(NodeStatusHasChanged, HeartbeatAloneIsNoChange) {
  json::object a = Status("2026-01-01T00:00:00Z");
  json::object b = Status("2026-01-01T00:00:10Z");
  EXPECT_FALSE(NodeStatusHasChanged(&a, &b));
}

TEST(NodeStatusHasChanged, ConditionOrderDoesNotMatterButContentDoes) {
  json::object a = Status("t1");
  json::object b = Status("t2");
  auto& conditions = b["conditions"].as_array();
  std::swap(conditions[0], conditions[1]);
  EXPECT_FALSE(NodeStatusHasChanged(&a, &b));
  json::object c = Status("t2", "False");
  EXPECT_TRUE(NodeStatusHasChanged(&a, &c));
  json::object d = Status("t1");
  d["conditions"].as_array().pop_back();
  EXPECT_TRUE(NodeStatusHasChanged(&a, &d));
}

TEST(NodeStatusHasChanged, QuantitiesCompareByValue) {
  json::object a = Status("t");
  json::object b = Status("t");
  b["capacity"].as_object()["memory"] = "1024Mi";
  EXPECT_FALSE(NodeStatusHasChanged(&a, &b));
  b["capacity"].as_object()["memory"] = "2Gi";
  EXPECT_TRUE(NodeStatusHasChanged(&a, &b));
  b = Status("t");
  b["capacity"].as_object()["pods"] = "110";
  EXPECT_TRUE(NodeStatusHasChanged(&a, &b));
}

TEST(NodeStatusHasChanged, OtherFields) {
  json::object a = Status("t");
  json::object b = Status("t");
  b["nodeInfo"].as_object()["bootID"] = "b";
  EXPECT_TRUE(NodeStatusHasChanged(&a, &b));
  EXPECT_FALSE(NodeStatusHasChanged(nullptr, nullptr));
  EXPECT_TRUE(NodeStatusHasChanged(&a, nullptr));
}

}  // namespace
}  // namespace kubepp::kubelet
