#include "controllers/daemon/daemon_controller.h"

#include <thread>

#include <gtest/gtest.h>

#include "controllers/common/fields.h"
#include "controllers/common/history.h"
#include "controllers/daemon/node_fit.h"
#include "unit/controllers/workload_harness.h"

namespace kubepp::controllers::daemon {
namespace {

using common::IntAt;
using common::StrAt;
using workload_testing::WorkloadHarness;

class DaemonSetControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    controller_ = std::make_unique<DaemonSetController>(h_.ctx());
    h_.Start();
  }
  void TearDown() override {
    controller_->Stop();
    h_.informers().Stop();
  }
  void SeedNode(std::string_view name, std::string_view labels = "{}", std::string_view taints = "[]") {
    h_.api().Seed(nodes_, WorkloadHarness::Json(R"({"apiVersion":"v1","kind":"Node","metadata":{"name":")" +
                                                std::string(name) + R"(","labels":)" + std::string(labels) +
                                                R"(},"spec":{"taints":)" + std::string(taints) + "}}"));
  }
  void SeedDaemonSet(std::string_view spec_extra, std::string_view pod_spec_extra = "") {
    std::string text = R"({"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"ns"},
        "spec":{"selector":{"matchLabels":{"app":"agent"}},)" + std::string(spec_extra) +
                       R"("template":{"metadata":{"labels":{"app":"agent"}},"spec":{)" + std::string(pod_spec_extra) +
                       R"("containers":[{"name":"c","image":"v1"}]}}}})";
    h_.api().Seed(dss_, WorkloadHarness::Json(text));
    Settle();
  }
  void Settle() { h_.Settle({pods_, dss_, nodes_, revisions_}); }
  Status Sync() {
    // Handlers run just after the cache changes: wait for them to record what they saw.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!controller_->Satisfied("ns/agent") && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    Status st = controller_->Sync("ns/agent");
    Settle();
    return st;
  }
  std::vector<client::ObjectPtr> Pods() { return h_.List(pods_, "ns"); }
  std::map<std::string, int> PodsPerNode() {
    std::map<std::string, int> out;
    for (const auto& p : Pods()) ++out[TargetNodeName(*p)];
    return out;
  }
  boost::json::object Ds() { return h_.GetOrEmpty(dss_, "ns", "agent"); }
  // Binds every pod to its node, Running and Ready.
  void RunAll() {
    for (const auto& p : Pods()) {
      if (StrAt(*p, {"status", "phase"}) == "Running") continue;
      h_.SetStatus(pods_, "ns", client::NameOf(*p),
                   WorkloadHarness::Json(R"({"phase":"Running","conditions":[{"type":"Ready","status":"True",
                       "lastTransitionTime":")" + common::FormatTime(h_.clock().Now()) + "\"}]}"));
    }
    Settle();
  }
  void SetImage(std::string_view image) {
    auto ds = Ds();
    ds["spec"].as_object()["template"].as_object()["spec"].as_object()["containers"].as_array()[0].as_object()["image"] =
        image;
    ASSERT_TRUE(h_.api().Update(dss_, "ns", ds).ok());
    Settle();
  }
  std::string CurrentHash() {
    std::string hash;
    for (const auto& r : h_.List(revisions_, "ns")) {
      if (!hash.empty() && common::RevisionNumber(*r) < 2) continue;
      hash = StrAt(*r, {"metadata", "labels", "controller-revision-hash"});
    }
    return hash;
  }

  WorkloadHarness h_;
  client::Resource dss_ = client::Resource::Of("apps", "daemonsets");
  client::Resource pods_ = client::Resource::Of("", "pods");
  client::Resource nodes_ = client::Resource::Of("", "nodes");
  client::Resource revisions_ = client::Resource::Of("apps", "controllerrevisions");
  std::unique_ptr<DaemonSetController> controller_;
};

TEST_F(DaemonSetControllerTest, OnePinnedPodPerNodeWithDefaultTolerations) {
  SeedNode("n1");
  SeedNode("n2");
  SeedDaemonSet("");
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(PodsPerNode(), (std::map<std::string, int>{{"n1", 1}, {"n2", 1}}));
  auto pod = Pods()[0];
  EXPECT_EQ(StrAt(*pod, {"spec", "nodeName"}), "");  // the scheduler binds it
  const auto* terms = common::Arr(common::ObjAt(*pod, {"spec", "affinity", "nodeAffinity",
                                                       "requiredDuringSchedulingIgnoredDuringExecution"}),
                                  "nodeSelectorTerms");
  ASSERT_NE(terms, nullptr);
  ASSERT_EQ(terms->size(), 1u);
  std::set<std::string> tolerated;
  for (const auto& t : *common::Arr(common::ObjAt(*pod, {"spec"}), "tolerations")) {
    tolerated.insert(common::Str(&t.as_object(), "key") + ":" + common::Str(&t.as_object(), "effect"));
  }
  EXPECT_EQ(tolerated, (std::set<std::string>{"node.kubernetes.io/not-ready:NoExecute",
                                              "node.kubernetes.io/unreachable:NoExecute",
                                              "node.kubernetes.io/disk-pressure:NoSchedule",
                                              "node.kubernetes.io/memory-pressure:NoSchedule",
                                              "node.kubernetes.io/pid-pressure:NoSchedule",
                                              "node.kubernetes.io/unschedulable:NoSchedule"}));
  // A ControllerRevision "<ds>-<hash>" and the same hash on the pods.
  auto revs = h_.List(revisions_, "ns");
  ASSERT_EQ(revs.size(), 1u);
  std::string hash = StrAt(*revs[0], {"metadata", "labels", "controller-revision-hash"});
  EXPECT_EQ(client::NameOf(*revs[0]), "agent-" + hash);
  EXPECT_EQ(IntAt(*revs[0], {"revision"}), 1);
  EXPECT_EQ(StrAt(*pod, {"metadata", "labels", "controller-revision-hash"}), hash);
  auto ds = Ds();
  EXPECT_EQ(IntAt(ds, {"status", "desiredNumberScheduled"}), 2);
  // Pods were not in the cache when status was computed; the next sync counts them.
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(IntAt(Ds(), {"status", "currentNumberScheduled"}), 2);
  EXPECT_EQ(IntAt(Ds(), {"status", "numberUnavailable"}), 2);
  RunAll();
  ASSERT_TRUE(Sync().ok());
  ds = Ds();
  EXPECT_EQ(IntAt(ds, {"status", "numberReady"}), 2);
  EXPECT_EQ(IntAt(ds, {"status", "numberAvailable"}), 2);
  EXPECT_EQ(IntAt(ds, {"status", "updatedNumberScheduled"}), 2);
  EXPECT_EQ(IntAt(ds, {"status", "numberUnavailable"}), 0);
  EXPECT_EQ(IntAt(ds, {"status", "observedGeneration"}), IntAt(ds, {"metadata", "generation"}));
}

TEST_F(DaemonSetControllerTest, NodeSelectorAffinityAndTaints) {
  SeedNode("ssd", R"({"disk":"ssd"})");
  SeedNode("hdd", R"({"disk":"hdd"})");
  SeedNode("tainted", R"({"disk":"ssd"})", R"([{"key":"dedicated","value":"db","effect":"NoSchedule"}])");
  SeedNode("cordoned", R"({"disk":"ssd"})", R"([{"key":"node.kubernetes.io/unschedulable","effect":"NoSchedule"}])");
  SeedDaemonSet("", R"("nodeSelector":{"disk":"ssd"},)");
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(PodsPerNode(), (std::map<std::string, int>{{"cordoned", 1}, {"ssd", 1}}));
}

TEST_F(DaemonSetControllerTest, NodeAffinityTermsAndTolerations) {
  SeedNode("a", R"({"zone":"z1"})", R"([{"key":"dedicated","value":"db","effect":"NoSchedule"}])");
  SeedNode("b", R"({"zone":"z2"})");
  SeedNode("c", R"({"zone":"z3"})");
  SeedDaemonSet("", R"("affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{
      "nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"In","values":["z1","z2"]}]}]}}},
      "tolerations":[{"key":"dedicated","operator":"Equal","value":"db","effect":"NoSchedule"}],)");
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(PodsPerNode(), (std::map<std::string, int>{{"a", 1}, {"b", 1}}));
}

TEST_F(DaemonSetControllerTest, PodsLeaveNodesThatStopFitting) {
  SeedNode("n1", R"({"run":"yes"})");
  SeedDaemonSet("", R"("nodeSelector":{"run":"yes"},)");
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(Pods().size(), 1u);
  ASSERT_TRUE(Sync().ok());
  auto node = h_.GetOrEmpty(nodes_, "", "n1");
  node["metadata"].as_object()["labels"] = boost::json::object{{"run", "no"}};
  ASSERT_TRUE(h_.api().Update(nodes_, "", node).ok());
  Settle();
  ASSERT_TRUE(Sync().ok());
  EXPECT_TRUE(Pods().empty());
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(IntAt(Ds(), {"status", "desiredNumberScheduled"}), 0);
}

TEST_F(DaemonSetControllerTest, RollingUpdateReplacesAtMostMaxUnavailable) {
  for (auto n : {"n1", "n2", "n3"}) SeedNode(n);
  SeedDaemonSet(R"("updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1}},)");
  ASSERT_TRUE(Sync().ok());
  RunAll();
  ASSERT_TRUE(Sync().ok());
  SetImage("v2");
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(h_.List(revisions_, "ns").size(), 2u);
  EXPECT_EQ(Pods().size(), 2u);  // one old pod deleted
  ASSERT_TRUE(Sync().ok());      // its replacement, on the new revision
  ASSERT_EQ(Pods().size(), 3u);
  int updated = 0;
  std::string hash = CurrentHash();
  for (const auto& p : Pods()) updated += StrAt(*p, {"metadata", "labels", "controller-revision-hash"}) == hash;
  EXPECT_EQ(updated, 1);
  // The new pod is not available yet: nothing more goes.
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(Pods().size(), 3u);
  RunAll();
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(Pods().size(), 2u);
}

TEST_F(DaemonSetControllerTest, RollingUpdateWithSurgeStartsNewBesideOld) {
  for (auto n : {"n1", "n2"}) SeedNode(n);
  SeedDaemonSet(R"("updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":1}},)");
  ASSERT_TRUE(Sync().ok());
  RunAll();
  ASSERT_TRUE(Sync().ok());
  SetImage("v2");
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(Pods().size(), 3u);  // one node runs old and new
  RunAll();
  // The new pod is available: its old pod goes, and the next node surges in the same pass.
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(Pods().size(), 3u);
  RunAll();
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(Pods().size(), 2u);
  for (const auto& p : Pods()) {
    EXPECT_EQ(StrAt(*p, {"metadata", "labels", "controller-revision-hash"}), CurrentHash());
  }
  EXPECT_EQ(PodsPerNode(), (std::map<std::string, int>{{"n1", 1}, {"n2", 1}}));
}

TEST_F(DaemonSetControllerTest, OnDeleteWaitsForDeletions) {
  SeedNode("n1");
  SeedDaemonSet(R"("updateStrategy":{"type":"OnDelete"},)");
  ASSERT_TRUE(Sync().ok());
  RunAll();
  SetImage("v2");
  ASSERT_TRUE(Sync().ok());
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(Pods().size(), 1u);
  std::string old_name(client::NameOf(*Pods()[0]));
  ASSERT_TRUE(h_.api().Delete(pods_, "ns", old_name).ok());
  Settle();
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(Pods().size(), 1u);
  EXPECT_EQ(StrAt(*Pods()[0], {"metadata", "labels", "controller-revision-hash"}), CurrentHash());
}

TEST_F(DaemonSetControllerTest, RollbackReusesTheOldRevision) {
  SeedNode("n1");
  SeedDaemonSet("");
  ASSERT_TRUE(Sync().ok());
  SetImage("v2");
  ASSERT_TRUE(Sync().ok());
  SetImage("v1");
  ASSERT_TRUE(Sync().ok());
  auto revs = h_.List(revisions_, "ns");
  ASSERT_EQ(revs.size(), 2u);
  int64_t max_rev = 0;
  for (const auto& r : revs) max_rev = std::max<int64_t>(max_rev, common::RevisionNumber(*r));
  EXPECT_EQ(max_rev, 3);
}

TEST_F(DaemonSetControllerTest, FailedPodsAreReplaced) {
  SeedNode("n1");
  SeedDaemonSet("");
  ASSERT_TRUE(Sync().ok());
  std::string name(client::NameOf(*Pods()[0]));
  h_.SetStatus(pods_, "ns", name, WorkloadHarness::Json(R"({"phase":"Failed"})"));
  Settle();
  ASSERT_TRUE(Sync().ok());
  EXPECT_TRUE(Pods().empty());
  EXPECT_EQ(h_.Recorder("daemonset-controller").Messages("FailedDaemonPod"),
            std::vector<std::string>{"Found failed daemon pod ns/" + name + " on node n1, will try to kill it"});
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(Pods().size(), 1u);
  EXPECT_NE(client::NameOf(*Pods()[0]), name);
}

TEST(NodeFitTest, TolerationMatching) {
  auto taint = WorkloadHarness::Json(R"({"key":"k","value":"v","effect":"NoSchedule"})");
  EXPECT_TRUE(Tolerates(WorkloadHarness::Json(R"({"key":"k","operator":"Equal","value":"v"})"), taint));
  EXPECT_FALSE(Tolerates(WorkloadHarness::Json(R"({"key":"k","value":"w"})"), taint));
  EXPECT_TRUE(Tolerates(WorkloadHarness::Json(R"({"operator":"Exists"})"), taint));
  EXPECT_FALSE(Tolerates(WorkloadHarness::Json(R"({"key":"k","operator":"Exists","effect":"NoExecute"})"), taint));
}

TEST(NodeFitTest, NoExecuteTaintEvicts) {
  auto ds = WorkloadHarness::Json(R"({"spec":{"template":{"spec":{}}}})");
  auto node = WorkloadHarness::Json(R"({"metadata":{"name":"n"},"spec":{"taints":[
      {"key":"a","effect":"NoSchedule"}]}})");
  NodeFit fit = NodeShouldRunDaemonPod(node, ds);
  EXPECT_FALSE(fit.should_run);
  EXPECT_TRUE(fit.should_continue);
  node = WorkloadHarness::Json(R"({"metadata":{"name":"n"},"spec":{"taints":[{"key":"a","effect":"NoExecute"}]}})");
  fit = NodeShouldRunDaemonPod(node, ds);
  EXPECT_FALSE(fit.should_continue);
}

}  // namespace
}  // namespace kubepp::controllers::daemon
