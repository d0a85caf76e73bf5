#include "controllers/volume/persistentvolume/pv_controller.h"

#include <gtest/gtest.h>

#include "../../policy_harness.h"

namespace kubepp::controllers::volume {
namespace {

using policytest::PolicyHarness;

const client::Resource kPvs = client::Resource::Of("", "persistentvolumes");
const client::Resource kPvcs = client::Resource::Of("", "persistentvolumeclaims");

boost::json::object Pv(std::string_view name, std::string_view size, std::string_view policy = "Retain",
                       std::string_view cls = "") {
  auto pv = PolicyHarness::Json(R"({"metadata":{"labels":{"tier":"fast"}},"spec":{"accessModes":["ReadWriteOnce","ReadOnlyMany"],
      "hostPath":{"path":"/tmp/x"}}})");
  pv["metadata"].as_object()["name"] = name;
  auto& spec = pv["spec"].as_object();
  spec["capacity"] = boost::json::object{{"storage", size}};
  spec["persistentVolumeReclaimPolicy"] = policy;
  if (!cls.empty()) spec["storageClassName"] = cls;
  return pv;
}

boost::json::object Pvc(std::string_view name, std::string_view size, std::string_view cls = "") {
  auto pvc = PolicyHarness::Json(R"({"metadata":{"namespace":"ns"},"spec":{"accessModes":["ReadWriteOnce"]}})");
  pvc["metadata"].as_object()["name"] = name;
  auto& spec = pvc["spec"].as_object();
  spec["resources"] = boost::json::object{{"requests", boost::json::object{{"storage", size}}}};
  if (!cls.empty()) spec["storageClassName"] = cls;
  return pvc;
}

class PvControllerTest : public ::testing::Test {
 protected:
  void TearDown() override {
    h_.Stop();
    if (controller_) controller_->Stop();
  }
  void Begin() {
    controller_ = std::make_unique<PersistentVolumeController>(h_.ctx());
    h_.Start();
  }
  std::string Phase(const client::Resource& r, std::string_view ns, std::string_view name) {
    auto o = h_.Get(r, ns, name);
    return o.contains("status") && o["status"].as_object().contains("phase")
               ? std::string(o["status"].as_object()["phase"].as_string()) : "";
  }

  PolicyHarness h_;
  std::unique_ptr<PersistentVolumeController> controller_;
};

TEST_F(PvControllerTest, BindsTheSmallestMatchingVolume) {
  h_.api().Seed(kPvs, Pv("big", "10Gi"));
  h_.api().Seed(kPvs, Pv("small", "1Gi"));
  h_.api().Seed(kPvs, Pv("tiny", "100Mi"));
  h_.api().Seed(kPvs, Pv("classy", "1Gi", "Retain", "gold"));
  h_.api().Seed(kPvcs, Pvc("c", "500Mi"));
  Begin();
  ASSERT_TRUE(controller_->SyncClaim("ns/c").ok());
  auto pvc = h_.Get(kPvcs, "ns", "c");
  EXPECT_EQ(pvc["spec"].as_object()["volumeName"].as_string(), "small");
  auto ann = pvc["metadata"].as_object()["annotations"].as_object();
  EXPECT_EQ(ann["pv.kubernetes.io/bind-completed"].as_string(), "yes");
  EXPECT_EQ(ann["pv.kubernetes.io/bound-by-controller"].as_string(), "yes");
  EXPECT_EQ(pvc["status"].as_object()["phase"].as_string(), "Bound");
  EXPECT_EQ(pvc["status"].as_object()["capacity"].as_object()["storage"].as_string(), "1Gi");
  auto pv = h_.Get(kPvs, "", "small");
  const auto& ref = pv["spec"].as_object()["claimRef"].as_object();
  EXPECT_EQ(ref.at("name").as_string(), "c");
  EXPECT_EQ(ref.at("uid").as_string(), pvc["metadata"].as_object()["uid"].as_string());
  EXPECT_EQ(pv["metadata"].as_object()["annotations"].as_object()["pv.kubernetes.io/bound-by-controller"].as_string(), "yes");
  EXPECT_EQ(Phase(kPvs, "", "small"), "Bound");
}

TEST_F(PvControllerTest, ClaimStaysPendingWithoutAMatch) {
  h_.api().Seed(kPvs, Pv("small", "1Gi"));
  auto pvc = Pvc("c", "5Gi");
  h_.api().Seed(kPvcs, pvc);
  auto gold = Pvc("g", "1Gi", "gold");
  h_.api().Seed(kPvcs, gold);
  auto sel = Pvc("s", "1Gi");
  sel["spec"].as_object()["selector"] = PolicyHarness::Json(R"({"matchLabels":{"tier":"slow"}})");
  h_.api().Seed(kPvcs, sel);
  Begin();
  for (auto key : {"ns/c", "ns/g", "ns/s"}) ASSERT_TRUE(controller_->SyncClaim(key).ok());
  EXPECT_EQ(Phase(kPvcs, "ns", "c"), "Pending");
  EXPECT_EQ(Phase(kPvcs, "ns", "g"), "Pending");
  EXPECT_EQ(Phase(kPvcs, "ns", "s"), "Pending");
  auto events = h_.Recorder("persistentvolume-controller").Events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0], "Normal FailedBinding no persistent volumes available for this claim and no storage class is set");
}

TEST_F(PvControllerTest, VolumeNameBindsThatVolume) {
  h_.api().Seed(kPvs, Pv("a", "1Gi"));
  h_.api().Seed(kPvs, Pv("b", "2Gi"));
  auto pvc = Pvc("c", "1Gi");
  pvc["spec"].as_object()["volumeName"] = "b";
  h_.api().Seed(kPvcs, pvc);
  Begin();
  ASSERT_TRUE(controller_->SyncClaim("ns/c").ok());
  EXPECT_EQ(Phase(kPvcs, "ns", "c"), "Bound");
  EXPECT_EQ(Phase(kPvs, "", "b"), "Bound");
  auto pv = h_.Get(kPvs, "", "b");
  EXPECT_FALSE(pv["metadata"].as_object().contains("annotations") &&
               pv["metadata"].as_object()["annotations"].as_object().contains("pv.kubernetes.io/bound-by-controller"));
}

TEST_F(PvControllerTest, RetainReleasesThenAvailableOnceClaimRefIsRemoved) {
  h_.api().Seed(kPvs, Pv("v", "1Gi"));
  h_.api().Seed(kPvcs, Pvc("c", "1Gi"));
  Begin();
  ASSERT_TRUE(controller_->SyncClaim("ns/c").ok());
  ASSERT_TRUE(h_.api().Delete(kPvcs, "ns", "c").ok());
  h_.Settle({kPvs, kPvcs});
  ASSERT_TRUE(controller_->SyncVolume("v").ok());
  EXPECT_EQ(Phase(kPvs, "", "v"), "Released");
  // Released stays Released.
  h_.Settle({kPvs});
  ASSERT_TRUE(controller_->SyncVolume("v").ok());
  EXPECT_EQ(Phase(kPvs, "", "v"), "Released");
  // An administrator removes the claimRef.
  auto pv = h_.Get(kPvs, "", "v");
  pv["spec"].as_object().erase("claimRef");
  ASSERT_TRUE(h_.api().Update(kPvs, "", pv).ok());
  h_.Settle({kPvs});
  ASSERT_TRUE(controller_->SyncVolume("v").ok());
  EXPECT_EQ(Phase(kPvs, "", "v"), "Available");
}

TEST_F(PvControllerTest, DeletePolicyDeletesTheReleasedVolume) {
  h_.api().Seed(kPvs, Pv("v", "1Gi", "Delete"));
  h_.api().Seed(kPvcs, Pvc("c", "1Gi"));
  Begin();
  ASSERT_TRUE(controller_->SyncClaim("ns/c").ok());
  ASSERT_TRUE(h_.api().Delete(kPvcs, "ns", "c").ok());
  h_.Settle({kPvs, kPvcs});
  ASSERT_TRUE(controller_->SyncVolume("v").ok());
  EXPECT_TRUE(h_.api().Get(kPvs, "", "v").status().IsNotFound());
}

TEST_F(PvControllerTest, ClaimOfAVanishedVolumeIsLost) {
  h_.api().Seed(kPvs, Pv("v", "1Gi"));
  h_.api().Seed(kPvcs, Pvc("c", "1Gi"));
  Begin();
  ASSERT_TRUE(controller_->SyncClaim("ns/c").ok());
  ASSERT_TRUE(h_.api().Delete(kPvs, "", "v").ok());
  h_.Settle({kPvs, kPvcs});
  ASSERT_TRUE(controller_->SyncClaim("ns/c").ok());
  EXPECT_EQ(Phase(kPvcs, "ns", "c"), "Lost");
}

TEST_F(PvControllerTest, WorkersBindANewVolumeToAPendingClaim) {
  h_.api().Seed(kPvcs, Pvc("c", "1Gi"));
  Begin();
  controller_->Start();
  ASSERT_TRUE(h_.api().Create(kPvs, "", Pv("v", "1Gi")).ok());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while ((Phase(kPvcs, "ns", "c") != "Bound" || Phase(kPvs, "", "v") != "Bound") &&
         std::chrono::steady_clock::now() < deadline) {
    // A write that lost a race with the other queue is retried after a back-off on the fake clock.
    h_.clock().Advance(std::chrono::milliseconds(100));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_EQ(Phase(kPvcs, "ns", "c"), "Bound");
  EXPECT_EQ(Phase(kPvs, "", "v"), "Bound");
}

}  // namespace
}  // namespace kubepp::controllers::volume
