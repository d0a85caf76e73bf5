#include "controllers/replicaset/replicaset_controller.h"

#include <gtest/gtest.h>

#include "controllers/common/fields.h"
#include "controllers/common/owner_refs.h"
#include "unit/controllers/controller_harness.h"

namespace kubepp::controllers::replicaset {
namespace {

using common::IntAt;
using common::StrAt;
using testing::ControllerHarness;

class ReplicaSetControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    controller_ = std::make_unique<ReplicaSetController>(h_.ctx(), ReplicaSetKind::ReplicaSets());
    h_.Start();
  }
  void TearDown() override {
    controller_->Stop();
    h_.informers().Stop();
  }

  client::ObjectPtr SeedReplicaSet(int replicas, int min_ready = 0) {
    auto rs = ControllerHarness::Json(R"({"apiVersion":"apps/v1","kind":"ReplicaSet",
        "metadata":{"name":"web","namespace":"ns"},
        "spec":{"selector":{"matchLabels":{"app":"web"}},
                "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}})");
    rs["spec"].as_object()["replicas"] = replicas;
    rs["spec"].as_object()["minReadySeconds"] = min_ready;
    auto stored = h_.api().Seed(rss_, std::move(rs));
    Settle();
    return stored;
  }
  void Scale(int replicas) {
    auto rs = h_.api().Get(rss_, "ns", "web");
    ASSERT_TRUE(rs.ok());
    boost::json::object copy = **rs;
    copy["spec"].as_object()["replicas"] = replicas;
    ASSERT_TRUE(h_.api().Update(rss_, "ns", copy).ok());
    Settle();
  }
  void Settle() { h_.Settle({pods_, rss_}); }
  // A sync, then the kubelet finishing whatever deletions it started.
  Status Sync() {
    Status st = controller_->Sync("ns/web");
    h_.FinishTerminatingPods();
    return st;
  }

  std::vector<client::ObjectPtr> Pods() {
    auto list = h_.api().List(pods_, "ns", {});
    EXPECT_TRUE(list.ok());
    return list.ok() ? list->items : std::vector<client::ObjectPtr>{};
  }
  boost::json::object RsNow() { return **h_.api().Get(rss_, "ns", "web"); }
  int Creates() {
    int n = 0;
    for (const auto& a : h_.api().Actions()) n += a.verb == "create" && a.resource == "pods";
    return n;
  }
  // Marks a pod Running (on `node`) and Ready since now.
  void MakeReady(const client::ObjectPtr& pod, std::string node = "node-1", bool ready = true) {
    boost::json::object copy = *pod;
    copy["spec"].as_object()["nodeName"] = node;
    ASSERT_TRUE(h_.api().Update(pods_, "ns", copy).ok());
    auto fresh = h_.api().Get(pods_, "ns", client::NameOf(*pod));
    copy = **fresh;
    boost::json::object cond{{"type", "Ready"}, {"status", ready ? "True" : "False"},
                             {"lastTransitionTime", common::FormatTime(h_.clock().Now())}};
    copy["status"] = boost::json::object{{"phase", "Running"}, {"conditions", boost::json::array{cond}}};
    ASSERT_TRUE(h_.api().Update(pods_, "ns", copy, "status").ok());
  }

  ControllerHarness h_;
  std::unique_ptr<ReplicaSetController> controller_;
  client::Resource pods_ = client::Resource::Of("", "pods");
  client::Resource rss_ = client::Resource::Of("apps", "replicasets");
};

TEST_F(ReplicaSetControllerTest, ScalesUpAndReportsStatus) {
  auto rs = SeedReplicaSet(3);
  ASSERT_TRUE(Sync().ok());
  auto pods = Pods();
  ASSERT_EQ(pods.size(), 3u);
  for (const auto& p : pods) {
    EXPECT_EQ(StrAt(*p, {"metadata", "labels", "app"}), "web");
    EXPECT_EQ(common::Str(common::GetControllerOf(*p), "uid"), client::UidOf(*rs));
  }
  auto events = h_.Recorder("replicaset-controller").Messages("SuccessfulCreate");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].rfind("Created pod: web-", 0), 0u);

  Settle();
  ASSERT_TRUE(Sync().ok());
  boost::json::object now = RsNow();
  EXPECT_EQ(IntAt(now, {"status", "replicas"}), 3);
  EXPECT_EQ(IntAt(now, {"status", "fullyLabeledReplicas"}), 3);
  EXPECT_EQ(IntAt(now, {"status", "observedGeneration"}), IntAt(now, {"metadata", "generation"}));
  EXPECT_EQ(Creates(), 3);
}

TEST_F(ReplicaSetControllerTest, ExpectationsPreventDoubleCreation) {
  SeedReplicaSet(2);
  ASSERT_TRUE(Sync().ok());
  // Whether or not the informer has seen the new pods yet, nothing more is created.
  ASSERT_TRUE(Sync().ok());
  Settle();
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(Creates(), 2);
  EXPECT_EQ(Pods().size(), 2u);
}

TEST_F(ReplicaSetControllerTest, SlowStartStopsAfterAFailedBatch) {
  SeedReplicaSet(10);
  h_.api().SetReactor([](const fakes::FakeAction& a) {
    return a.verb == "create" && a.resource == "pods" ? Status::Forbidden("pods \"web-x\" is forbidden: exceeded quota")
                                                      : Status::Ok();
  });
  h_.api().ClearActions();
  Status st = Sync();
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(Creates(), 1);  // the first batch of one failed: no second batch
  EXPECT_TRUE(controller_->expectations().Satisfied("ns/web"));
  boost::json::object now = RsNow();
  const boost::json::value* conds = common::ValueAt(now, {"status", "conditions"});
  ASSERT_NE(conds, nullptr);
  const auto& cond = conds->as_array().at(0).as_object();
  EXPECT_EQ(cond.at("type"), "ReplicaFailure");
  EXPECT_EQ(cond.at("reason"), "FailedCreate");
  EXPECT_EQ(h_.Recorder("replicaset-controller").Messages("FailedCreate").size(), 1u);

  // Once creations work again, the condition goes away.
  h_.api().SetReactor(nullptr);
  Settle();
  ASSERT_TRUE(Sync().ok());
  Settle();
  ASSERT_TRUE(Sync().ok());  // the slow start may need more than one sync
  Settle();
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(common::ValueAt(RsNow(), {"status", "conditions"}), nullptr);
}

TEST_F(ReplicaSetControllerTest, ScalesDownDeletingTheLeastUsefulPodsFirst) {
  SeedReplicaSet(3);
  ASSERT_TRUE(Sync().ok());
  Settle();
  auto pods = Pods();
  ASSERT_EQ(pods.size(), 3u);
  MakeReady(pods[0], "node-1");
  MakeReady(pods[1], "node-2");
  // pods[2] stays unscheduled and pending: it goes first.
  Settle();
  Scale(2);
  ASSERT_TRUE(Sync().ok());
  auto left = Pods();
  ASSERT_EQ(left.size(), 2u);
  for (const auto& p : left) EXPECT_NE(client::NameOf(*p), client::NameOf(*pods[2]));
  EXPECT_EQ(h_.Recorder("replicaset-controller").Messages("SuccessfulDelete"),
            std::vector<std::string>{"Deleted pod: " + std::string(client::NameOf(*pods[2]))});

  // Then the not-ready one before the ready one.
  MakeReady(left[0], "node-1", /*ready=*/false);
  Settle();
  Scale(1);
  ASSERT_TRUE(Sync().ok());
  auto last = Pods();
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(client::NameOf(*last[0]), client::NameOf(*left[1]));
}

TEST_F(ReplicaSetControllerTest, AdoptsOrphansInsteadOfCreating) {
  h_.api().Seed(pods_, ControllerHarness::Json(R"({"apiVersion":"v1","kind":"Pod",
      "metadata":{"name":"orphan","namespace":"ns","labels":{"app":"web"}},"spec":{}})"));
  auto rs = SeedReplicaSet(1);
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(Creates(), 0);
  auto pods = Pods();
  ASSERT_EQ(pods.size(), 1u);
  EXPECT_EQ(common::Str(common::GetControllerOf(*pods[0]), "uid"), client::UidOf(*rs));
}

TEST_F(ReplicaSetControllerTest, AvailabilityWaitsForMinReadySeconds) {
  SeedReplicaSet(2, /*min_ready=*/10);
  ASSERT_TRUE(Sync().ok());
  Settle();
  for (const auto& p : Pods()) MakeReady(p);
  Settle();
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(IntAt(RsNow(), {"status", "readyReplicas"}), 2);
  EXPECT_EQ(IntAt(RsNow(), {"status", "availableReplicas"}).value_or(0), 0);
  h_.clock().Advance(std::chrono::seconds(11));
  Settle();
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(IntAt(RsNow(), {"status", "availableReplicas"}), 2);
}

TEST_F(ReplicaSetControllerTest, WorkersReconcileThroughTheQueue) {
  controller_->Start();
  SeedReplicaSet(2);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (Pods().size() < 2 || IntAt(RsNow(), {"status", "replicas"}).value_or(0) != 2) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "workers did not reconcile";
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_EQ(Pods().size(), 2u);
}

class ReplicationControllerTest : public ::testing::Test {};

TEST_F(ReplicationControllerTest, ManagesPodsWithAMapSelector) {
  ControllerHarness h;
  ReplicaSetController controller(h.ctx(), ReplicaSetKind::ReplicationControllers());
  h.Start();
  client::Resource rcs = client::Resource::Of("", "replicationcontrollers");
  client::Resource pods = client::Resource::Of("", "pods");
  h.api().Seed(rcs, ControllerHarness::Json(R"({"apiVersion":"v1","kind":"ReplicationController",
      "metadata":{"name":"legacy","namespace":"ns"},
      "spec":{"replicas":2,"selector":{"app":"legacy"},
              "template":{"metadata":{"labels":{"app":"legacy"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}})"));
  h.Settle({rcs, pods});
  ASSERT_TRUE(controller.Sync("ns/legacy").ok());
  auto list = h.api().List(pods, "ns", {});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items.size(), 2u);
  EXPECT_EQ(common::Str(common::GetControllerOf(*list->items[0]), "kind"), "ReplicationController");
  EXPECT_EQ(h.Recorder("replication-controller").Messages("SuccessfulCreate").size(), 2u);
  controller.Stop();
  h.informers().Stop();
}

}  // namespace
}  // namespace kubepp::controllers::replicaset
