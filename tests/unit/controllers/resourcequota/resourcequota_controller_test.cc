#include "controllers/resourcequota/resourcequota_controller.h"

#include <gtest/gtest.h>

#include "../policy_harness.h"

namespace kubepp::controllers::resourcequota {
namespace {

using policytest::PolicyHarness;

const client::Resource kQuotas = client::Resource::Of("", "resourcequotas");
const client::Resource kPods = client::Resource::Of("", "pods");
const client::Resource kConfigMaps = client::Resource::Of("", "configmaps");
const client::Resource kDeployments = client::Resource::Of("apps", "deployments");

boost::json::object Pod(std::string_view name, std::string_view cpu, std::string_view phase = "Running") {
  return PolicyHarness::Json(R"({"metadata":{"name":")" + std::string(name) +
                             R"(","namespace":"ns"},"spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":")" +
                             std::string(cpu) + R"("},"limits":{"cpu":")" + std::string(cpu) +
                             R"("}}}]},"status":{"phase":")" + std::string(phase) + R"("}})");
}

class ResourceQuotaControllerTest : public ::testing::Test {
 protected:
  void TearDown() override {
    h_.Stop();
    if (controller_) controller_->Stop();
  }
  void SetUp() override {
    h_.api().Seed(kQuotas, PolicyHarness::Json(R"({"metadata":{"name":"q","namespace":"ns"},"spec":{"hard":{
        "pods":"10","requests.cpu":"4","limits.cpu":"8","configmaps":"5","count/deployments.apps":"2"}}})"));
    h_.api().Seed(kPods, Pod("a", "500m"));
    h_.api().Seed(kPods, Pod("b", "1"));
    h_.api().Seed(kPods, Pod("done", "2", "Succeeded"));
    h_.api().Seed(kPods, PolicyHarness::Json(R"({"metadata":{"name":"x","namespace":"other"},"spec":{}})"));
    h_.api().Seed(kConfigMaps, PolicyHarness::Json(R"({"metadata":{"name":"c","namespace":"ns"}})"));
    h_.api().Seed(kDeployments, PolicyHarness::Json(R"({"metadata":{"name":"d","namespace":"ns"},"spec":{}})"));
    controller_ = std::make_unique<ResourceQuotaController>(h_.ctx());
    h_.Start();
  }

  PolicyHarness h_;
  std::unique_ptr<ResourceQuotaController> controller_;
};

TEST_F(ResourceQuotaControllerTest, CountsWhatTheNamespaceUses) {
  ASSERT_TRUE(controller_->Sync("ns/q").ok());
  auto quota = h_.Get(kQuotas, "ns", "q");
  const auto& status = quota.at("status").as_object();
  EXPECT_EQ(status.at("hard").at("requests.cpu").as_string(), "4");
  const auto& used = status.at("used").as_object();
  EXPECT_EQ(used.at("pods").as_string(), "2");
  EXPECT_EQ(used.at("requests.cpu").as_string(), "1500m");
  EXPECT_EQ(used.at("limits.cpu").as_string(), "1500m");
  EXPECT_EQ(used.at("configmaps").as_string(), "1");
  EXPECT_EQ(used.at("count/deployments.apps").as_string(), "1");
}

TEST_F(ResourceQuotaControllerTest, GivesUsageBackWhenObjectsGo) {
  ASSERT_TRUE(controller_->Sync("ns/q").ok());
  ASSERT_TRUE(h_.api().Delete(kPods, "ns", "a").ok());
  h_.Settle({kPods, kQuotas});
  ASSERT_TRUE(controller_->Sync("ns/q").ok());
  auto used = h_.Get(kQuotas, "ns", "q").at("status").at("used").as_object();
  EXPECT_EQ(used.at("pods").as_string(), "1");
  EXPECT_EQ(used.at("requests.cpu").as_string(), "1");
}

TEST_F(ResourceQuotaControllerTest, UnchangedUsageWritesNothing) {
  ASSERT_TRUE(controller_->Sync("ns/q").ok());
  h_.Settle({kQuotas});
  h_.api().ClearActions();
  ASSERT_TRUE(controller_->Sync("ns/q").ok());
  for (const auto& a : h_.api().Actions()) EXPECT_NE(a.verb, "update") << a.resource;
}

TEST_F(ResourceQuotaControllerTest, RecountsOnObjectEventsAndResyncs) {
  controller_->Start();
  auto used_pods = [&] {
    auto q = h_.Get(kQuotas, "ns", "q");
    const auto* used = q.contains("status") ? q.at("status").as_object().if_contains("used") : nullptr;
    return used ? std::string(used->at("pods").as_string()) : std::string();
  };
  auto eventually = [&](std::string want) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (used_pods() != want && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      // A status write from a quota the informer has not caught up with
      // conflicts and is retried after a back-off on the fake clock.
      h_.clock().Advance(std::chrono::milliseconds(100));
    }
    return used_pods() == want;
  };
  EXPECT_TRUE(eventually("2"));
  ASSERT_TRUE(h_.api().Create(kPods, "ns", Pod("c", "100m")).ok());
  EXPECT_TRUE(eventually("3"));
  controller_->Stop();
}

}  // namespace
}  // namespace kubepp::controllers::resourcequota
