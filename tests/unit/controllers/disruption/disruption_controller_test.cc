#include "controllers/disruption/disruption_controller.h"

#include <gtest/gtest.h>

#include "../policy_harness.h"

namespace kubepp::controllers::disruption {
namespace {

using policytest::PolicyHarness;

const client::Resource kPdbs = client::Resource::Of("policy", "poddisruptionbudgets");
const client::Resource kPods = client::Resource::Of("", "pods");
const client::Resource kRs = client::Resource::Of("apps", "replicasets");

boost::json::object Pod(std::string_view name, bool ready, std::string_view owner_uid = "") {
  auto pod = PolicyHarness::Json(R"({"metadata":{"namespace":"ns","labels":{"app":"web"}},"spec":{},
      "status":{"phase":"Running","conditions":[{"type":"Ready","status":"False"}]}})");
  pod["metadata"].as_object()["name"] = name;
  if (ready) pod["status"].as_object()["conditions"].as_array()[0].as_object()["status"] = "True";
  if (!owner_uid.empty()) {
    pod["metadata"].as_object()["ownerReferences"] = boost::json::array{boost::json::object{
        {"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}, {"name", "rs"}, {"uid", owner_uid}, {"controller", true}}};
  }
  return pod;
}

boost::json::object Pdb(std::string_view budget_field, boost::json::value value) {
  auto pdb = PolicyHarness::Json(
      R"({"metadata":{"name":"b","namespace":"ns","generation":3},"spec":{"selector":{"matchLabels":{"app":"web"}}}})");
  pdb["spec"].as_object()[budget_field] = value;
  return pdb;
}

class DisruptionControllerTest : public ::testing::Test {
 protected:
  void TearDown() override {
    h_.Stop();
    if (controller_) controller_->Stop();
  }
  void Begin() {
    controller_ = std::make_unique<DisruptionController>(h_.ctx());
    h_.Start();
  }
  boost::json::object Status() {
    auto pdb = h_.Get(kPdbs, "ns", "b");
    return pdb["status"].is_object() ? pdb["status"].as_object() : boost::json::object();
  }

  PolicyHarness h_;
  std::unique_ptr<DisruptionController> controller_;
};

TEST_F(DisruptionControllerTest, MinAvailableNumberCountsSelectedPods) {
  h_.api().Seed(kPdbs, Pdb("minAvailable", 2));
  h_.api().Seed(kPods, Pod("a", true));
  h_.api().Seed(kPods, Pod("b", true));
  h_.api().Seed(kPods, Pod("c", true));
  h_.api().Seed(kPods, Pod("d", false));
  Begin();
  ASSERT_TRUE(controller_->Sync("ns/b").ok());
  auto st = Status();
  EXPECT_EQ(st["expectedPods"].as_int64(), 4);
  EXPECT_EQ(st["desiredHealthy"].as_int64(), 2);
  EXPECT_EQ(st["currentHealthy"].as_int64(), 3);
  EXPECT_EQ(st["disruptionsAllowed"].as_int64(), 1);
  auto seen = h_.Get(kPdbs, "ns", "b");
  EXPECT_EQ(st["observedGeneration"].as_int64(), seen["metadata"].as_object()["generation"].as_int64());
  const auto& cond = st["conditions"].as_array()[0].as_object();
  EXPECT_EQ(cond.at("type").as_string(), "DisruptionAllowed");
  EXPECT_EQ(cond.at("status").as_string(), "True");
  EXPECT_EQ(cond.at("reason").as_string(), "SufficientPods");
}

TEST_F(DisruptionControllerTest, MaxUnavailablePercentUsesControllerScale) {
  auto rs = h_.api().Seed(kRs, PolicyHarness::Json(R"({"metadata":{"name":"rs","namespace":"ns"},"spec":{"replicas":4}})"));
  std::string uid(client::UidOf(*rs));
  h_.api().Seed(kPdbs, Pdb("maxUnavailable", "50%"));
  h_.api().Seed(kPods, Pod("a", true, uid));
  h_.api().Seed(kPods, Pod("b", true, uid));
  h_.api().Seed(kPods, Pod("c", false, uid));
  Begin();
  ASSERT_TRUE(controller_->Sync("ns/b").ok());
  auto st = Status();
  EXPECT_EQ(st["expectedPods"].as_int64(), 4);
  EXPECT_EQ(st["desiredHealthy"].as_int64(), 2);
  EXPECT_EQ(st["currentHealthy"].as_int64(), 2);
  EXPECT_EQ(st["disruptionsAllowed"].as_int64(), 0);
  EXPECT_EQ(st["conditions"].as_array()[0].as_object().at("reason").as_string(), "InsufficientPods");
}

TEST_F(DisruptionControllerTest, PodsWithoutControllerAreLeftOutWithAWarning) {
  h_.api().Seed(kPdbs, Pdb("maxUnavailable", 1));
  h_.api().Seed(kPods, Pod("a", true));
  h_.api().Seed(kPods, Pod("b", true));
  Begin();
  ASSERT_TRUE(controller_->Sync("ns/b").ok());
  auto st = Status();
  EXPECT_EQ(st["expectedPods"].as_int64(), 0);
  EXPECT_EQ(st["currentHealthy"].as_int64(), 2);
  EXPECT_EQ(st["desiredHealthy"].as_int64(), 0);
  EXPECT_EQ(st["disruptionsAllowed"].as_int64(), 0);
  EXPECT_EQ(st["conditions"].as_array()[0].as_object().at("reason").as_string(),
            "InsufficientPods");
  EXPECT_EQ(h_.Recorder("controllermanager").Events(),
            std::vector<std::string>{
                "Warning UnmanagedPods Pods selected by this PodDisruptionBudget (selector: "
                "&LabelSelector{MatchLabels:map[string]string{app: "
                "web,},MatchExpressions:[]LabelSelectorRequirement{},})"
                " were found to be unmanaged. As a result, the status of the PDB cannot be "
                "calculated correctly, which "
                "may result in undefined behavior. To account for these pods please set "
                "\".spec.minAvailable\" field of "
                "the PDB to an integer value."});
}

TEST_F(DisruptionControllerTest, PodsWhoseControllerIsGoneFailTheSync) {
  h_.api().Seed(kPdbs, Pdb("minAvailable", "50%"));
  h_.api().Seed(kPods, Pod("a", true, "uid-of-a-deleted-replicaset"));
  Begin();
  ASSERT_TRUE(controller_->Sync("ns/b").ok());
  auto st = Status();
  EXPECT_EQ(st["disruptionsAllowed"].as_int64(), 0);
  const auto& cond = st["conditions"].as_array()[0].as_object();
  EXPECT_EQ(cond.at("reason").as_string(), "SyncFailed");
  EXPECT_EQ(cond.at("message").as_string(), "found no controllers for pod \"a\"");
}

TEST_F(DisruptionControllerTest, ABudgetThatSelectsNoPodSaysSo) {
  h_.api().Seed(kPdbs, Pdb("maxUnavailable", 1));
  Begin();
  ASSERT_TRUE(controller_->Sync("ns/b").ok());
  EXPECT_EQ(h_.Recorder("controllermanager").Events(),
            std::vector<std::string>{"Normal NoPods No matching pods found"});
}

TEST_F(DisruptionControllerTest, EvictedPodsAreNotHealthyUntilTheyExpire) {
  auto pdb = Pdb("minAvailable", 1);
  pdb["status"] = PolicyHarness::Json(R"({"disruptedPods":{"a":"2026-01-01T00:00:00Z"}})");
  h_.api().Seed(kPdbs, pdb);
  h_.api().Seed(kPods, Pod("a", true));
  h_.api().Seed(kPods, Pod("b", true));
  Begin();
  ASSERT_TRUE(controller_->Sync("ns/b").ok());
  EXPECT_EQ(Status()["currentHealthy"].as_int64(), 1);
  EXPECT_EQ(Status()["disruptionsAllowed"].as_int64(), 0);
  h_.clock().Advance(std::chrono::minutes(3));
  h_.Settle({kPdbs});
  ASSERT_TRUE(controller_->Sync("ns/b").ok());
  auto st = Status();
  EXPECT_EQ(st["currentHealthy"].as_int64(), 2);
  EXPECT_FALSE(st.contains("disruptedPods"));
  EXPECT_EQ(st["disruptionsAllowed"].as_int64(), 1);
}

TEST_F(DisruptionControllerTest, WorkersFollowPodReadiness) {
  h_.api().Seed(kPdbs, Pdb("minAvailable", 1));
  h_.api().Seed(kPods, Pod("a", true));
  Begin();
  controller_->Start();
  auto allowed = [&](int64_t want) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
      auto st = Status();
      if (st.contains("disruptionsAllowed") && st["disruptionsAllowed"].as_int64() == want) return true;
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  };
  EXPECT_TRUE(allowed(0));
  ASSERT_TRUE(h_.api().Create(kPods, "ns", Pod("b", true)).ok());
  EXPECT_TRUE(allowed(1));
  controller_->Stop();
}

}  // namespace
}  // namespace kubepp::controllers::disruption
