#include "controllers/manager.h"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "fakes/fake_api_client.h"

namespace kubepp::controllers {
namespace {

TEST(Controllers, SelectionAsUpstream) {
  EXPECT_TRUE(IsControllerEnabled("deployment", true, {"*"}));
  EXPECT_FALSE(IsControllerEnabled("bootstrapsigner", false, {"*"}));
  EXPECT_TRUE(IsControllerEnabled("bootstrapsigner", false, {"*", "bootstrapsigner"}));
  EXPECT_FALSE(IsControllerEnabled("deployment", true, {"*", "-deployment"}));
  EXPECT_FALSE(IsControllerEnabled("deployment", true, {"-deployment", "*", "deployment"}));  // first mention wins
  EXPECT_TRUE(IsControllerEnabled("deployment", true, {"deployment"}));
  EXPECT_FALSE(IsControllerEnabled("replicaset", true, {"deployment"}));  // no "*": only what is named
  EXPECT_TRUE(IsControllerEnabled("deployment", true, {"deployment-controller"}));  // full upstream name
}

TEST(Controllers, UnknownNamesAreRejected) {
  Status st = ValidateControllers({"*", "-nosuch"}, AllControllers());
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "\"nosuch\" is not in the list of known controllers");
  EXPECT_TRUE(ValidateControllers({"*", "-deployment", "replicaset"}, AllControllers()).ok());
}

TEST(Controllers, RegistryHasReplicaSetAndDeployment) {
  std::vector<std::string> names;
  for (const auto& r : AllControllers()) names.push_back(r.name);
  EXPECT_NE(std::find(names.begin(), names.end(), "replicaset"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "deployment"), names.end());
}

// A controller that only counts its lifecycle calls.
struct Counts {
  std::atomic<int> created{0}, started{0}, stopped{0};
};
class CountingController : public Controller {
 public:
  explicit CountingController(Counts& c) : c_(c) { ++c_.created; }
  void Start() override { ++c_.started; }
  void Stop() override { ++c_.stopped; }

 private:
  Counts& c_;
};

TEST(ControllerManager, StartsEnabledControllersAfterSyncAndStopsThem) {
  Counts a, b;
  std::vector<ControllerRegistration> regs = {
      {"alpha", true, [&a](ControllerContext& ctx) {
         ctx.informers.For(client::Resource::Of("", "pods"));
         return std::make_unique<CountingController>(a);
       }},
      {"beta", true, [&b](ControllerContext&) { return std::make_unique<CountingController>(b); }},
  };
  FakeClock clock;
  auto api = fakes::FakeApiClient::Create(clock);
  ControllerManagerConfig config;
  config.controllers = {"*", "-beta"};
  auto manager = ControllerManager::Create(*api, config, clock, &regs);
  ASSERT_TRUE(manager.ok()) << manager.status().ToString();
  EXPECT_EQ((*manager)->EnabledControllers(), std::vector<std::string>{"alpha"});
  ASSERT_TRUE((*manager)->Start().ok());
  EXPECT_TRUE((*manager)->Running());
  EXPECT_EQ(a.started.load(), 1);
  EXPECT_EQ(b.created.load(), 0);
  EXPECT_TRUE((*manager)->informers().For(client::Resource::Of("", "pods")).HasSynced());
  (*manager)->Stop();
  EXPECT_FALSE((*manager)->Running());
  EXPECT_EQ(a.stopped.load(), 1);
}

TEST(ControllerManager, RejectsUnknownControllers) {
  FakeClock clock;
  auto api = fakes::FakeApiClient::Create(clock);
  ControllerManagerConfig config;
  config.controllers = {"nosuch"};
  EXPECT_FALSE(ControllerManager::Create(*api, config, clock).ok());
}

TEST(ControllerManager, RunsControllersOnlyWhileLeading) {
  Counts a;
  std::vector<ControllerRegistration> regs = {
      {"alpha", true, [&a](ControllerContext&) { return std::make_unique<CountingController>(a); }}};
  FakeClock clock;
  auto api = fakes::FakeApiClient::Create(clock);
  ControllerManagerConfig config;
  config.leader_elect = true;
  config.leader_identity = "me";
  auto manager = ControllerManager::Create(*api, config, clock, &regs);
  ASSERT_TRUE(manager.ok());
  ASSERT_TRUE((*manager)->Start().ok());
  // The lease is free: this candidate takes it and starts its controllers.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!(*manager)->Running()) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "never became leader";
    clock.Advance(std::chrono::milliseconds(500));  // let any retry period pass
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_EQ(a.started.load(), 1);
  auto lease = api->Get(client::Resource::Of("coordination.k8s.io", "leases"), "kube-system", "kube-controller-manager");
  ASSERT_TRUE(lease.ok()) << lease.status().ToString();
  (*manager)->Stop();
  EXPECT_EQ(a.stopped.load(), 1);
}

TEST(ControllerManager, LosingTheLeaseStopsControllers) {
  Counts a;
  std::vector<ControllerRegistration> regs = {
      {"alpha", true, [&a](ControllerContext&) { return std::make_unique<CountingController>(a); }}};
  FakeClock clock;
  auto api = fakes::FakeApiClient::Create(clock);
  std::atomic<bool> lost{false};
  ControllerManagerConfig config;
  config.leader_elect = true;
  config.leader_identity = "me";
  config.on_lost_leadership = [&lost] { lost = true; };
  auto manager = ControllerManager::Create(*api, config, clock, &regs);
  ASSERT_TRUE(manager.ok());
  ASSERT_TRUE((*manager)->Start().ok());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!(*manager)->Running()) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "never became leader";
    clock.Advance(std::chrono::milliseconds(500));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  // The apiserver stops accepting renewals: past renew_deadline the lease is lost.
  api->SetReactor([](const fakes::FakeAction& act) {
    return act.resource == "leases" && act.verb != "get" ? Status::ServiceUnavailable("apiserver unavailable")
                                                         : Status::Ok();
  });
  while (!lost.load()) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "leadership was never lost";
    clock.Advance(std::chrono::seconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_FALSE((*manager)->Running());
  EXPECT_EQ(a.stopped.load(), 1);
  (*manager)->Stop();
}

}  // namespace
}  // namespace kubepp::controllers
