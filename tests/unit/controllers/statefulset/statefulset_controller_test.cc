#include "controllers/statefulset/statefulset_controller.h"

#include <gtest/gtest.h>

#include "controllers/common/fields.h"
#include "controllers/statefulset/stateful_pod.h"
#include "unit/controllers/workload_harness.h"

namespace kubepp::controllers::statefulset {
namespace {

using common::IntAt;
using common::StrAt;
using workload_testing::WorkloadHarness;

class StatefulSetControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    controller_ = std::make_unique<StatefulSetController>(h_.ctx());
    h_.Start();
  }
  void TearDown() override {
    controller_->Stop();
    h_.informers().Stop();
  }
  void SeedSet(int replicas, std::string_view spec_extra = "") {
    std::string text = R"({"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web","namespace":"ns"},
        "spec":{"replicas":)" + std::to_string(replicas) + R"(,"serviceName":"nginx",
        "selector":{"matchLabels":{"app":"nginx"}},)" + std::string(spec_extra) +
                       R"("template":{"metadata":{"labels":{"app":"nginx"}},
                    "spec":{"containers":[{"name":"c","image":"v1"}]}},
        "volumeClaimTemplates":[{"metadata":{"name":"www"},"spec":{"accessModes":["ReadWriteOnce"],
                                 "resources":{"requests":{"storage":"1Gi"}}}}]}})";
    h_.api().Seed(sets_, WorkloadHarness::Json(text));
    Settle();
  }
  void Settle() { h_.Settle({pods_, sets_, claims_, revisions_}); }
  Status Sync() {
    Status st = controller_->Sync("ns/web");
    Settle();
    return st;
  }
  std::vector<std::string> PodNames() {
    std::vector<std::string> out;
    for (const auto& p : h_.List(pods_, "ns")) out.emplace_back(client::NameOf(*p));
    std::sort(out.begin(), out.end());
    return out;
  }
  void MakeReady(std::string_view pod) {
    h_.SetStatus(pods_, "ns", pod,
                 WorkloadHarness::Json(R"({"phase":"Running","conditions":[{"type":"Ready","status":"True",
                     "lastTransitionTime":")" + common::FormatTime(h_.clock().Now()) + "\"}]}"));
    Settle();
  }
  void ReadyAll() {
    for (const auto& name : PodNames()) {
      if (StrAt(h_.GetOrEmpty(pods_, "ns", name), {"status", "phase"}) != "Running") MakeReady(name);
    }
  }
  // Syncs and readies pods until the set has `n` ready pods (bounded).
  void BringUp(int n) {
    for (int i = 0; i < 3 * n + 3; ++i) {
      ASSERT_TRUE(Sync().ok());
      ReadyAll();
    }
    ASSERT_EQ(static_cast<int>(PodNames().size()), n);
  }
  void Patch(std::string_view merge_patch) {
    ASSERT_TRUE(h_.api().Patch(sets_, "ns", "web", client::PatchType::kMerge, merge_patch).ok());
    Settle();
  }
  boost::json::object Set() { return h_.GetOrEmpty(sets_, "ns", "web"); }
  std::string Image(std::string_view pod) {
    auto p = h_.GetOrEmpty(pods_, "ns", pod);
    const auto* cs = common::Arr(common::ObjAt(p, {"spec"}), "containers");
    return cs && !cs->empty() ? common::Str(&(*cs)[0].as_object(), "image") : "";
  }

  WorkloadHarness h_;
  client::Resource sets_ = client::Resource::Of("apps", "statefulsets");
  client::Resource pods_ = client::Resource::Of("", "pods");
  client::Resource claims_ = client::Resource::Of("", "persistentvolumeclaims");
  client::Resource revisions_ = client::Resource::Of("apps", "controllerrevisions");
  std::unique_ptr<StatefulSetController> controller_;
};

TEST_F(StatefulSetControllerTest, OrderedReadyCreatesOneAtATimeWithIdentityAndStorage) {
  SeedSet(3);
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(PodNames(), std::vector<std::string>{"web-0"});
  auto pod = h_.GetOrEmpty(pods_, "ns", "web-0");
  EXPECT_EQ(StrAt(pod, {"metadata", "labels", "statefulset.kubernetes.io/pod-name"}), "web-0");
  EXPECT_EQ(StrAt(pod, {"metadata", "labels", "apps.kubernetes.io/pod-index"}), "0");
  EXPECT_EQ(StrAt(pod, {"spec", "hostname"}), "web-0");
  EXPECT_EQ(StrAt(pod, {"spec", "subdomain"}), "nginx");
  auto claim = h_.GetOrEmpty(claims_, "ns", "www-web-0");
  EXPECT_EQ(StrAt(claim, {"metadata", "labels", "app"}), "nginx");
  const auto* vols = common::Arr(common::ObjAt(pod, {"spec"}), "volumes");
  ASSERT_NE(vols, nullptr);
  EXPECT_EQ(StrAt((*vols)[0].as_object(), {"persistentVolumeClaim", "claimName"}), "www-web-0");
  // web-1 waits for web-0 to be Running and Ready.
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(PodNames().size(), 1u);
  MakeReady("web-0");
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(PodNames(), (std::vector<std::string>{"web-0", "web-1"}));
  auto& events = h_.Recorder("statefulset-controller");
  EXPECT_EQ(events.Messages("SuccessfulCreate")[0], "create Claim www-web-0 Pod web-0 in StatefulSet web success");
  EXPECT_EQ(events.Messages("SuccessfulCreate")[1], "create Pod web-0 in StatefulSet web successful");
}

TEST_F(StatefulSetControllerTest, ParallelCreatesAllAtOnce) {
  SeedSet(3, R"("podManagementPolicy":"Parallel",)");
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(PodNames(), (std::vector<std::string>{"web-0", "web-1", "web-2"}));
}

TEST_F(StatefulSetControllerTest, ScaleDownHighestOrdinalFirstOneAtATime) {
  SeedSet(3);
  BringUp(3);
  Patch(R"({"spec":{"replicas":1}})");
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(PodNames(), (std::vector<std::string>{"web-0", "web-1"}));
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(PodNames(), std::vector<std::string>{"web-0"});
  // Claims stay (Retain).
  EXPECT_EQ(h_.List(claims_, "ns").size(), 3u);
  ASSERT_TRUE(Sync().ok());
  auto set = Set();
  EXPECT_EQ(IntAt(set, {"status", "replicas"}), 1);
  EXPECT_EQ(IntAt(set, {"status", "readyReplicas"}), 1);
}

TEST_F(StatefulSetControllerTest, RollingUpdateRespectsPartition) {
  SeedSet(3, R"("updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":1}},)");
  BringUp(3);
  std::string first_revision = StrAt(Set(), {"status", "currentRevision"});
  ASSERT_FALSE(first_revision.empty());
  EXPECT_EQ(StrAt(Set(), {"status", "updateRevision"}), first_revision);
  Patch(R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"v2"}]}}}})");
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(Sync().ok());
    ReadyAll();
  }
  EXPECT_EQ(Image("web-0"), "v1");
  EXPECT_EQ(Image("web-1"), "v2");
  EXPECT_EQ(Image("web-2"), "v2");
  auto set = Set();
  EXPECT_EQ(StrAt(set, {"status", "currentRevision"}), first_revision);
  EXPECT_NE(StrAt(set, {"status", "updateRevision"}), first_revision);
  EXPECT_EQ(IntAt(set, {"status", "updatedReplicas"}), 2);
  EXPECT_EQ(StrAt(h_.GetOrEmpty(pods_, "ns", "web-2"), {"metadata", "labels", "controller-revision-hash"}),
            StrAt(set, {"status", "updateRevision"}));
  // Partition 0 finishes the rollout; the update revision becomes current.
  Patch(R"({"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}})");
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(Sync().ok());
    ReadyAll();
  }
  EXPECT_EQ(Image("web-0"), "v2");
  set = Set();
  EXPECT_EQ(StrAt(set, {"status", "currentRevision"}), StrAt(set, {"status", "updateRevision"}));
}

TEST_F(StatefulSetControllerTest, RollingUpdateGoesHighestOrdinalFirst) {
  SeedSet(3);
  BringUp(3);
  Patch(R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"v2"}]}}}})");
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(PodNames(), (std::vector<std::string>{"web-0", "web-1"}));
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(Image("web-2"), "v2");
  EXPECT_EQ(Image("web-1"), "v1");
  ASSERT_TRUE(Sync().ok());  // web-2 not ready yet: nothing else moves
  EXPECT_EQ(PodNames().size(), 3u);
}

TEST_F(StatefulSetControllerTest, OnDeleteLeavesPodsAlone) {
  SeedSet(2, R"("updateStrategy":{"type":"OnDelete"},)");
  BringUp(2);
  Patch(R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"v2"}]}}}})");
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(Image("web-0"), "v1");
  EXPECT_EQ(Image("web-1"), "v1");
  ASSERT_TRUE(h_.api().Delete(pods_, "ns", "web-1").ok());
  Settle();
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(Image("web-1"), "v2");
}

TEST_F(StatefulSetControllerTest, FailedPodIsRecreated) {
  SeedSet(1);
  BringUp(1);
  std::string uid(client::UidOf(h_.GetOrEmpty(pods_, "ns", "web-0")));
  h_.SetStatus(pods_, "ns", "web-0", WorkloadHarness::Json(R"({"phase":"Failed"})"));
  Settle();
  ASSERT_TRUE(Sync().ok());
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(PodNames(), std::vector<std::string>{"web-0"});
  EXPECT_NE(client::UidOf(h_.GetOrEmpty(pods_, "ns", "web-0")), uid);
}

TEST_F(StatefulSetControllerTest, WhenDeletedDeleteOwnsClaims) {
  SeedSet(1, R"("persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete","whenScaled":"Retain"},)");
  ASSERT_TRUE(Sync().ok());
  auto claim = h_.GetOrEmpty(claims_, "ns", "www-web-0");
  const auto* refs = common::Arr(common::ObjAt(claim, {"metadata"}), "ownerReferences");
  ASSERT_NE(refs, nullptr);
  EXPECT_EQ(common::Str(&(*refs)[0].as_object(), "kind"), "StatefulSet");
}

TEST_F(StatefulSetControllerTest, ScaleDownWaitsForUnhealthyPods) {
  SeedSet(3);
  BringUp(3);
  h_.SetStatus(pods_, "ns", "web-0", WorkloadHarness::Json(R"({"phase":"Running"})"));  // not ready
  Settle();
  Patch(R"({"spec":{"replicas":2}})");
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(PodNames().size(), 3u);
  MakeReady("web-0");
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(PodNames(), (std::vector<std::string>{"web-0", "web-1"}));
}

TEST_F(StatefulSetControllerTest, WhenScaledDeleteHandsClaimsToTheCondemnedPod) {
  SeedSet(2, R"("persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Retain","whenScaled":"Delete"},)");
  BringUp(2);
  std::string uid(client::UidOf(h_.GetOrEmpty(pods_, "ns", "web-1")));
  Patch(R"({"spec":{"replicas":1}})");
  ASSERT_TRUE(Sync().ok());
  auto claim = h_.GetOrEmpty(claims_, "ns", "www-web-1");
  const auto* refs = common::Arr(common::ObjAt(claim, {"metadata"}), "ownerReferences");
  ASSERT_NE(refs, nullptr);
  EXPECT_EQ(common::Str(&(*refs)[0].as_object(), "kind"), "Pod");
  EXPECT_EQ(common::Str(&(*refs)[0].as_object(), "uid"), uid);
  EXPECT_TRUE(common::ObjAt(h_.GetOrEmpty(claims_, "ns", "www-web-0"), {"metadata"})->if_contains("ownerReferences") ==
              nullptr);
}

TEST(StatefulPodTest, OrdinalsAndNames) {
  EXPECT_EQ(OrdinalOf("web", "web-12"), 12);
  EXPECT_FALSE(OrdinalOf("web", "web-01").has_value());
  EXPECT_FALSE(OrdinalOf("web", "webby-1").has_value());
  EXPECT_FALSE(OrdinalOf("web", "web-x").has_value());
  EXPECT_EQ(ClaimName("data", "db", 3), "data-db-3");
}

}  // namespace
}  // namespace kubepp::controllers::statefulset
