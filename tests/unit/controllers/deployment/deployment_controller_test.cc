#include "controllers/deployment/deployment_controller.h"

#include <gtest/gtest.h>

#include "controllers/common/compute_hash.h"
#include "controllers/common/fields.h"
#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_util.h"
#include "controllers/deployment/deployment_util.h"
#include "controllers/replicaset/replicaset_controller.h"
#include "unit/controllers/controller_harness.h"

namespace kubepp::controllers::deployment {
namespace {

using common::IntAt;
using common::StrAt;
using testing::ControllerHarness;

// Runs the Deployment controller together with the ReplicaSet controller,
// and plays kubelet: pods become Running and Ready when the test says so.
class DeploymentControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rs_controller_ =
        std::make_unique<replicaset::ReplicaSetController>(h_.ctx(), replicaset::ReplicaSetKind::ReplicaSets());
    controller_ = std::make_unique<DeploymentController>(h_.ctx());
    h_.Start();
  }
  void TearDown() override {
    controller_->Stop();
    rs_controller_->Stop();
    h_.informers().Stop();
  }

  static boost::json::object Deployment(int replicas, std::string image, std::string extra_spec = "") {
    auto d = ControllerHarness::Json(R"({"apiVersion":"apps/v1","kind":"Deployment",
        "metadata":{"name":"web","namespace":"ns"},
        "spec":{"selector":{"matchLabels":{"app":"web"}},
                "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":1}},
                "revisionHistoryLimit":10,"progressDeadlineSeconds":600,
                "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c"}]}}}})");
    boost::json::object& spec = d["spec"].as_object();
    spec["replicas"] = replicas;
    spec["template"].as_object()["spec"].as_object()["containers"].as_array()[0].as_object()["image"] = image;
    if (!extra_spec.empty()) {
      for (auto& kv : ControllerHarness::Json(extra_spec)) spec[kv.key()] = kv.value();
    }
    return d;
  }

  void Settle() { h_.Settle({pods_, rss_, deployments_}); }
  void Create(boost::json::object d) {
    ASSERT_TRUE(h_.ctx().client.Create(deployments_, "ns", d).ok());
    Settle();
  }
  // Applies `edit` to the stored Deployment (as kubectl would).
  void Edit(const std::function<void(boost::json::object&)>& edit) {
    auto d = h_.api().Get(deployments_, "ns", "web");
    ASSERT_TRUE(d.ok());
    boost::json::object copy = **d;
    edit(copy);
    ASSERT_TRUE(h_.api().Update(deployments_, "ns", copy).ok());
    Settle();
  }
  void SetImage(std::string image) {
    Edit([&](boost::json::object& d) {
      d["spec"].as_object()["template"].as_object()["spec"].as_object()["containers"].as_array()[0].as_object()["image"] =
          image;
    });
  }

  void SyncDeployment() {
    Settle();
    Status st = controller_->Sync("ns/web");
    // A conflict with our own previous write is retried by the queue; here, by the next step.
    ASSERT_TRUE(st.ok() || st.IsConflict()) << st.ToString();
    Settle();
  }
  void SyncReplicaSets() {
    Settle();
    for (const auto& rs : ReplicaSets()) {
      Status st = rs_controller_->Sync(client::KeyOf(*rs));
      ASSERT_TRUE(st.ok() || st.IsConflict()) << st.ToString();
    }
    Settle();
    CheckBounds();  // before the kubelet has finished terminating pods
    h_.FinishTerminatingPods();
    Settle();
  }
  // The kubelet's part: every pending pod starts and becomes ready now.
  void PodsBecomeReady() {
    for (const auto& pod : Pods()) {
      if (common::IsPodReady(*pod)) continue;
      boost::json::object copy = *pod;
      boost::json::object cond{{"type", "Ready"}, {"status", "True"},
                               {"lastTransitionTime", common::FormatTime(h_.clock().Now())}};
      copy["status"] = boost::json::object{{"phase", "Running"}, {"conditions", boost::json::array{cond}}};
      ASSERT_TRUE(h_.api().Update(pods_, "ns", copy, "status").ok());
    }
    Settle();
  }
  // One round of the control loops; `ready` plays the kubelet.
  void Round(bool ready = true) {
    SyncDeployment();
    SyncReplicaSets();
    SyncReplicaSets();  // status after the pods it created appeared
    if (ready) {
      PodsBecomeReady();
      SyncReplicaSets();
    }
    SyncDeployment();
  }

  // When set, no round may see more active pods than max_pods_ or fewer ready
  // (and not terminating) than min_ready_.
  void CheckBounds() {
    if (max_pods_ >= 0) {
      int active = 0;
      for (const auto& p : Pods()) active += common::IsPodActive(*p);
      EXPECT_LE(active, max_pods_);
    }
    if (min_ready_ >= 0) {
      EXPECT_GE(ReadyPods(), min_ready_);
    }
  }

  std::vector<client::ObjectPtr> ReplicaSets() {
    auto list = h_.api().List(rss_, "ns", {});
    EXPECT_TRUE(list.ok());
    return list.ok() ? list->items : std::vector<client::ObjectPtr>{};
  }
  std::vector<client::ObjectPtr> Pods() {
    auto list = h_.api().List(pods_, "ns", {});
    EXPECT_TRUE(list.ok());
    return list.ok() ? list->items : std::vector<client::ObjectPtr>{};
  }
  int ReadyPods() {
    int n = 0;
    for (const auto& p : Pods()) n += common::IsPodReady(*p) && common::IsPodActive(*p);
    return n;
  }
  boost::json::object Now() { return **h_.api().Get(deployments_, "ns", "web"); }
  client::ObjectPtr ReplicaSetWithImage(const std::string& image) {
    for (const auto& rs : ReplicaSets()) {
      const boost::json::value* c = common::ValueAt(*rs, {"spec", "template", "spec", "containers"});
      if (c && c->as_array()[0].as_object().at("image") == image.c_str()) return rs;
    }
    return nullptr;
  }
  std::string ConditionReason(std::string_view type) {
    boost::json::object d = Now();
    const boost::json::object* status = common::Obj(&d, "status");
    if (status == nullptr) return "";
    const boost::json::object* c = GetCondition(*status, type);
    return c ? common::Str(c, "reason") : "";
  }
  std::vector<std::string> ScalingEvents() {
    return h_.Recorder("deployment-controller").Messages("ScalingReplicaSet");
  }

  ControllerHarness h_;
  int max_pods_ = -1, min_ready_ = -1;
  std::unique_ptr<replicaset::ReplicaSetController> rs_controller_;
  std::unique_ptr<DeploymentController> controller_;
  client::Resource pods_ = client::Resource::Of("", "pods");
  client::Resource rss_ = client::Resource::Of("apps", "replicasets");
  client::Resource deployments_ = client::Resource::Of("apps", "deployments");
};

TEST_F(DeploymentControllerTest, CreatesTheFirstReplicaSet) {
  Create(Deployment(3, "nginx:1"));
  SyncDeployment();
  auto rss = ReplicaSets();
  ASSERT_EQ(rss.size(), 1u);
  const boost::json::object& rs = *rss[0];
  std::string hash = StrAt(rs, {"metadata", "labels", "pod-template-hash"});
  ASSERT_FALSE(hash.empty());
  EXPECT_EQ(client::NameOf(rs), "web-" + hash);
  EXPECT_EQ(StrAt(rs, {"spec", "selector", "matchLabels", "pod-template-hash"}), hash);
  EXPECT_EQ(StrAt(rs, {"spec", "template", "metadata", "labels", "pod-template-hash"}), hash);
  EXPECT_EQ(IntAt(rs, {"spec", "replicas"}), 3);
  EXPECT_EQ(StrAt(rs, {"metadata", "annotations", kRevisionAnnotation}), "1");
  EXPECT_EQ(StrAt(rs, {"metadata", "annotations", kDesiredReplicasAnnotation}), "3");
  EXPECT_EQ(StrAt(rs, {"metadata", "annotations", kMaxReplicasAnnotation}), "4");
  EXPECT_EQ(common::Str(common::GetControllerOf(rs), "kind"), "Deployment");
  EXPECT_EQ(ScalingEvents(), std::vector<std::string>{"Scaled up replica set web-" + hash + " to 3"});
  EXPECT_EQ(StrAt(Now(), {"metadata", "annotations", kRevisionAnnotation}), "1");
  EXPECT_EQ(ConditionReason("Progressing"), kNewReplicaSetReason);

  Round();
  Round();
  boost::json::object d = Now();
  EXPECT_EQ(IntAt(d, {"status", "replicas"}), 3);
  EXPECT_EQ(IntAt(d, {"status", "updatedReplicas"}), 3);
  EXPECT_EQ(IntAt(d, {"status", "readyReplicas"}), 3);
  EXPECT_EQ(IntAt(d, {"status", "availableReplicas"}), 3);
  EXPECT_EQ(IntAt(d, {"status", "unavailableReplicas"}).value_or(0), 0);
  EXPECT_EQ(IntAt(d, {"status", "observedGeneration"}), IntAt(d, {"metadata", "generation"}));
  EXPECT_EQ(ConditionReason("Available"), kMinimumReplicasAvailable);
  EXPECT_EQ(ConditionReason("Progressing"), kNewRSAvailableReason);
}

TEST_F(DeploymentControllerTest, RollingUpdateStaysWithinSurgeAndUnavailability) {
  Create(Deployment(4, "nginx:1"));
  for (int i = 0; i < 3; ++i) Round();
  ASSERT_EQ(ReadyPods(), 4);
  std::string old_name(client::NameOf(*ReplicaSetWithImage("nginx:1")));

  SetImage("nginx:2");
  max_pods_ = 4 + 1;   // replicas + maxSurge
  min_ready_ = 4 - 1;  // replicas - maxUnavailable
  for (int i = 0; i < 20; ++i) {
    Round();
    int64_t pods = static_cast<int64_t>(Pods().size());
    EXPECT_LE(pods, 4 + 1) << "round " << i;             // replicas + maxSurge
    EXPECT_GE(ReadyPods(), 4 - 1) << "round " << i;      // replicas - maxUnavailable
    int64_t spec_sum = 0;
    for (const auto& rs : ReplicaSets()) spec_sum += IntAt(*rs, {"spec", "replicas"}).value_or(0);
    EXPECT_LE(spec_sum, 5) << "round " << i;
  }
  auto new_rs = ReplicaSetWithImage("nginx:2");
  ASSERT_NE(new_rs, nullptr);
  EXPECT_EQ(IntAt(*new_rs, {"spec", "replicas"}), 4);
  EXPECT_EQ(IntAt(*ReplicaSetWithImage("nginx:1"), {"spec", "replicas"}), 0);
  EXPECT_EQ(StrAt(*new_rs, {"metadata", "annotations", kRevisionAnnotation}), "2");
  EXPECT_EQ(StrAt(Now(), {"metadata", "annotations", kRevisionAnnotation}), "2");
  EXPECT_EQ(IntAt(Now(), {"status", "updatedReplicas"}), 4);
  EXPECT_EQ(ConditionReason("Progressing"), kNewRSAvailableReason);
  auto events = ScalingEvents();
  EXPECT_NE(std::find(events.begin(), events.end(), "Scaled down replica set " + old_name + " to 0 from 1"),
            events.end());
}

TEST_F(DeploymentControllerTest, RecreateRemovesOldPodsBeforeCreatingNewOnes) {
  Create(Deployment(2, "nginx:1", R"({"strategy":{"type":"Recreate"}})"));
  for (int i = 0; i < 2; ++i) Round();
  ASSERT_EQ(ReadyPods(), 2);

  SetImage("nginx:2");
  SyncDeployment();
  // Old scaled to zero, no new ReplicaSet yet.
  ASSERT_EQ(ReplicaSets().size(), 1u);
  EXPECT_EQ(IntAt(*ReplicaSetWithImage("nginx:1"), {"spec", "replicas"}), 0);
  SyncReplicaSets();  // the old pods go
  SyncReplicaSets();
  EXPECT_TRUE(Pods().empty());
  SyncDeployment();
  auto new_rs = ReplicaSetWithImage("nginx:2");
  ASSERT_NE(new_rs, nullptr);
  EXPECT_EQ(IntAt(*new_rs, {"spec", "replicas"}), 2);
  for (int i = 0; i < 2; ++i) Round();
  EXPECT_EQ(ReadyPods(), 2);
  EXPECT_EQ(IntAt(Now(), {"status", "updatedReplicas"}), 2);
}

TEST_F(DeploymentControllerTest, RollbackGivesTheOldReplicaSetTheNextRevision) {
  Create(Deployment(2, "nginx:1"));
  for (int i = 0; i < 2; ++i) Round();
  SetImage("nginx:2");
  for (int i = 0; i < 6; ++i) Round();
  auto v1 = ReplicaSetWithImage("nginx:1");
  ASSERT_NE(v1, nullptr);
  EXPECT_EQ(StrAt(*v1, {"metadata", "annotations", kRevisionAnnotation}), "1");

  // What `kubectl rollout undo` does: the old ReplicaSet's template, without its hash label.
  Edit([&](boost::json::object& d) {
    boost::json::object tmpl = *common::ObjAt(*v1, {"spec", "template"});
    tmpl["metadata"].as_object()["labels"].as_object().erase("pod-template-hash");
    d["spec"].as_object()["template"] = tmpl;
  });
  for (int i = 0; i < 6; ++i) Round();
  EXPECT_EQ(ReplicaSets().size(), 2u);  // no third ReplicaSet
  v1 = ReplicaSetWithImage("nginx:1");
  EXPECT_EQ(StrAt(*v1, {"metadata", "annotations", kRevisionAnnotation}), "3");
  EXPECT_EQ(StrAt(*v1, {"metadata", "annotations", kRevisionHistoryAnnotation}), "1");
  EXPECT_EQ(IntAt(*v1, {"spec", "replicas"}), 2);
  EXPECT_EQ(StrAt(Now(), {"metadata", "annotations", kRevisionAnnotation}), "3");
}

TEST_F(DeploymentControllerTest, CleansUpHistoryBeyondTheLimit) {
  Create(Deployment(1, "nginx:1", R"({"revisionHistoryLimit":1})"));
  for (int i = 0; i < 2; ++i) Round();
  for (std::string image : {"nginx:2", "nginx:3", "nginx:4"}) {
    SetImage(image);
    for (int i = 0; i < 6; ++i) Round();
  }
  auto rss = ReplicaSets();
  ASSERT_EQ(rss.size(), 2u);  // the current one and one old revision
  EXPECT_NE(ReplicaSetWithImage("nginx:4"), nullptr);
  EXPECT_NE(ReplicaSetWithImage("nginx:3"), nullptr);
}

TEST_F(DeploymentControllerTest, ChangeCauseIsCopiedToTheReplicaSet) {
  auto d = Deployment(1, "nginx:1");
  d["metadata"].as_object()["annotations"] = {{"kubernetes.io/change-cause", "kubectl create deploy web"}};
  Create(d);
  SyncDeployment();
  ASSERT_EQ(ReplicaSets().size(), 1u);
  EXPECT_EQ(StrAt(*ReplicaSets()[0], {"metadata", "annotations", "kubernetes.io/change-cause"}),
            "kubectl create deploy web");
}

TEST_F(DeploymentControllerTest, PausedDeploymentScalesButDoesNotRollOut) {
  Create(Deployment(2, "nginx:1"));
  for (int i = 0; i < 2; ++i) Round();
  Edit([](boost::json::object& d) { d["spec"].as_object()["paused"] = true; });
  SetImage("nginx:2");
  Round();
  EXPECT_EQ(ReplicaSets().size(), 1u);
  EXPECT_EQ(ConditionReason("Progressing"), kPausedDeployReason);

  Edit([](boost::json::object& d) { d["spec"].as_object()["replicas"] = 3; });
  Round();
  auto rs = ReplicaSetWithImage("nginx:1");
  EXPECT_EQ(IntAt(*rs, {"spec", "replicas"}), 3);
  auto events = ScalingEvents();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back(), "Scaled up replica set " + std::string(client::NameOf(*rs)) + " to 3 from 2");

  Edit([](boost::json::object& d) { d["spec"].as_object()["paused"] = false; });
  SyncDeployment();
  EXPECT_NE(ReplicaSetWithImage("nginx:2"), nullptr);
}

TEST_F(DeploymentControllerTest, ReportsProgressDeadlineExceeded) {
  Create(Deployment(2, "nginx:1", R"({"progressDeadlineSeconds":60})"));
  Round(/*ready=*/false);
  Round(/*ready=*/false);
  EXPECT_NE(ConditionReason("Progressing"), kTimedOutReason);
  EXPECT_EQ(ConditionReason("Available"), kMinimumReplicasUnavailable);
  h_.clock().Advance(std::chrono::seconds(61));
  Round(/*ready=*/false);
  EXPECT_EQ(ConditionReason("Progressing"), kTimedOutReason);
  boost::json::object d = Now();
  const boost::json::object* c = GetCondition(*common::Obj(&d, "status"), "Progressing");
  EXPECT_EQ(common::Str(c, "status"), "False");
  EXPECT_NE(common::Str(c, "message").find("\" has timed out progressing."), std::string::npos);
}

TEST_F(DeploymentControllerTest, ScalingSpreadsOverActiveReplicaSets) {
  Create(Deployment(10, "nginx:1", R"({"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":3,"maxUnavailable":2}}})"));
  for (int i = 0; i < 2; ++i) Round();
  SetImage("nginx:2");
  Round(/*ready=*/false);  // mid-rollout: two active ReplicaSets
  Edit([](boost::json::object& d) { d["spec"].as_object()["replicas"] = 20; });
  SyncDeployment();
  int64_t total = 0;
  for (const auto& rs : ReplicaSets()) total += IntAt(*rs, {"spec", "replicas"}).value_or(0);
  EXPECT_EQ(total, 20 + 3);  // replicas + maxSurge
  for (const auto& rs : ReplicaSets()) EXPECT_GT(IntAt(*rs, {"spec", "replicas"}).value_or(0), 0);
}

TEST_F(DeploymentControllerTest, HashCollisionBumpsCollisionCount) {
  auto d = Deployment(1, "nginx:1");
  std::string hash = common::ComputeHash(d["spec"].as_object()["template"], std::nullopt);
  // Someone else's ReplicaSet already has the name the new one would get.
  auto squatter = ControllerHarness::Json(R"({"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"namespace":"ns"},
      "spec":{"replicas":0,"selector":{"matchLabels":{"app":"other"}},
              "template":{"metadata":{"labels":{"app":"other"}},"spec":{"containers":[{"name":"c","image":"x"}]}}}})");
  squatter["metadata"].as_object()["name"] = "web-" + hash;
  h_.api().Seed(rss_, std::move(squatter));
  Create(d);
  Settle();
  // The sync fails (and is retried) after recording the collision.
  EXPECT_TRUE(controller_->Sync("ns/web").IsAlreadyExists());
  Settle();
  EXPECT_EQ(IntAt(Now(), {"status", "collisionCount"}), 1);
  SyncDeployment();
  auto mine = ReplicaSetWithImage("nginx:1");
  ASSERT_NE(mine, nullptr);
  EXPECT_EQ(client::NameOf(*mine), "web-" + common::ComputeHash(d["spec"].as_object()["template"], 1));
}

TEST_F(DeploymentControllerTest, EmptySelectorIsRefused) {
  auto d = Deployment(1, "nginx:1");
  d["spec"].as_object()["selector"] = boost::json::object();
  Create(d);
  SyncDeployment();
  EXPECT_TRUE(ReplicaSets().empty());
  EXPECT_EQ(h_.Recorder("deployment-controller").Messages("SelectingAll"),
            std::vector<std::string>{"This deployment is selecting all pods. A non-empty selector is required."});
  EXPECT_EQ(IntAt(Now(), {"status", "observedGeneration"}), IntAt(Now(), {"metadata", "generation"}));
}

TEST(EqualIgnoreHashTest, QuantitiesCompareByValue) {
  // A template stored before Quantities were canonical, and its ReplicaSet's, stored after.
  auto before =
      ControllerHarness::Json(R"({"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
      {"name":"c","image":"nginx","resources":{"limits":{"cpu":"0.5","memory":"1.5Gi"},"requests":{"cpu":0.25}}}]}})");
  auto after = ControllerHarness::Json(
      R"({"metadata":{"labels":{"app":"web","pod-template-hash":"abc"}},"spec":{
      "containers":[{"name":"c","image":"nginx","resources":{"limits":{"cpu":"500m","memory":"1536Mi"},
      "requests":{"cpu":"250m"}}}]}})");
  EXPECT_TRUE(EqualIgnoreHash(&before, &after));
  auto more = ControllerHarness::Json(R"({"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
      {"name":"c","image":"nginx","resources":{"limits":{"cpu":"0.6","memory":"1.5Gi"},"requests":{"cpu":0.25}}}]}})");
  EXPECT_FALSE(EqualIgnoreHash(&more, &after));
}

}  // namespace
}  // namespace kubepp::controllers::deployment
