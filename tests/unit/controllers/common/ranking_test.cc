#include "controllers/common/ranking.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "controllers/common/fields.h"

namespace kubepp::controllers::common {
namespace {

const Clock::TimePoint kNow = FakeClock().Now();

// A pod with the given traits; times are seconds before kNow.
client::ObjectPtr Pod(std::string name, std::string node, std::string phase, bool ready, int ready_age = 100,
                      int created_age = 1000, int restarts = 0, std::string cost = "") {
  boost::json::object pod = boost::json::parse(R"({"metadata":{"namespace":"ns"},"spec":{},"status":{}})").as_object();
  pod["metadata"].as_object()["name"] = name;
  pod["metadata"].as_object()["uid"] = "uid-" + name;
  pod["metadata"].as_object()["creationTimestamp"] = FormatTime(kNow - std::chrono::seconds(created_age));
  if (!cost.empty()) {
    pod["metadata"].as_object()["annotations"] = {{"controller.kubernetes.io/pod-deletion-cost", cost}};
  }
  if (!node.empty()) pod["spec"].as_object()["nodeName"] = node;
  boost::json::object& status = pod["status"].as_object();
  status["phase"] = phase;
  boost::json::object cond;
  cond["type"] = "Ready";
  cond["status"] = ready ? "True" : "False";
  cond["lastTransitionTime"] = FormatTime(kNow - std::chrono::seconds(ready_age));
  status["conditions"] = boost::json::array{cond};
  status["containerStatuses"] = boost::json::array{boost::json::object{{"name", "c"}, {"restartCount", restarts}}};
  return client::MakeObject(std::move(pod));
}

std::vector<std::string> Order(std::vector<RankedPod> pods) {
  SortForDeletion(pods, kNow);
  std::vector<std::string> out;
  for (const auto& p : pods) out.push_back(std::string(client::NameOf(*p.pod)));
  return out;
}

TEST(Ranking, UnassignedBeforeAssigned) {
  EXPECT_EQ(Order({{Pod("assigned", "n1", "Running", true)}, {Pod("unassigned", "", "Pending", false)}}),
            (std::vector<std::string>{"unassigned", "assigned"}));
}

TEST(Ranking, PendingBeforeUnknownBeforeRunning) {
  EXPECT_EQ(Order({{Pod("running", "n1", "Running", false)},
                   {Pod("unknown", "n1", "Unknown", false)},
                   {Pod("pending", "n1", "Pending", false)}}),
            (std::vector<std::string>{"pending", "unknown", "running"}));
}

TEST(Ranking, NotReadyBeforeReady) {
  EXPECT_EQ(Order({{Pod("ready", "n1", "Running", true)}, {Pod("notready", "n1", "Running", false)}}),
            (std::vector<std::string>{"notready", "ready"}));
}

TEST(Ranking, LowerDeletionCostFirst) {
  EXPECT_EQ(Order({{Pod("expensive", "n1", "Running", true, 100, 1000, 0, "100")},
                   {Pod("cheap", "n1", "Running", true, 100, 1000, 0, "-5")}}),
            (std::vector<std::string>{"cheap", "expensive"}));
}

TEST(Ranking, DoubledUpNodesFirst) {
  EXPECT_EQ(Order({{Pod("alone", "n1", "Running", true), 1}, {Pod("crowded", "n2", "Running", true), 3}}),
            (std::vector<std::string>{"crowded", "alone"}));
}

TEST(Ranking, ReadyForLessTimeFirstInLogBuckets) {
  // 10s and 1000s of readiness are far apart on a log scale.
  EXPECT_EQ(Order({{Pod("old", "n1", "Running", true, 1000)}, {Pod("young", "n1", "Running", true, 10)}}),
            (std::vector<std::string>{"young", "old"}));
}

TEST(Ranking, MoreRestartsFirst) {
  EXPECT_EQ(Order({{Pod("stable", "n1", "Running", true, 100, 1000, 0)},
                   {Pod("crashy", "n1", "Running", true, 100, 1000, 7)}}),
            (std::vector<std::string>{"crashy", "stable"}));
}

TEST(Ranking, NewerFirst) {
  EXPECT_EQ(Order({{Pod("older", "n1", "Pending", false, 0, 5000)}, {Pod("newer", "n1", "Pending", false, 0, 5)}}),
            (std::vector<std::string>{"newer", "older"}));
}

TEST(Ranking, ReplicaSetOrders) {
  auto rs = [](std::string name, int replicas, int age) {
    boost::json::object o;
    o["metadata"] = {{"name", name}, {"creationTimestamp", FormatTime(kNow - std::chrono::seconds(age))}};
    o["spec"] = {{"replicas", replicas}};
    return client::MakeObject(std::move(o));
  };
  std::vector<client::ObjectPtr> v = {rs("b", 2, 10), rs("a", 2, 100), rs("c", 5, 50)};
  auto names = [](const std::vector<client::ObjectPtr>& v) {
    std::vector<std::string> out;
    for (const auto& o : v) out.push_back(std::string(client::NameOf(*o)));
    return out;
  };
  SortReplicaSetsByCreation(v);
  EXPECT_EQ(names(v), (std::vector<std::string>{"a", "c", "b"}));
  SortReplicaSetsBySizeNewer(v);
  EXPECT_EQ(names(v), (std::vector<std::string>{"c", "b", "a"}));
  SortReplicaSetsBySizeOlder(v);
  EXPECT_EQ(names(v), (std::vector<std::string>{"c", "a", "b"}));
}

}  // namespace
}  // namespace kubepp::controllers::common
