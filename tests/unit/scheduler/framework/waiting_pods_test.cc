// WaitingPod and the framework's Permit API: allow by every waiting plugin,
// reject, timeouts on a FakeClock, and which verdict wins.
#include "scheduler/framework/waiting_pods.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "scheduler/framework/framework.h"
#include "scheduler/plugins/registry.h"
#include "unit/scheduler/test_objects.h"
#include "unit/eventually.h"

namespace kubepp::scheduler::framework {
namespace {

using namespace std::chrono_literals;
using testing::PodBuilder;

TEST(WaitingPodTest, BindsOnceEveryWaitingPluginAllows) {
  FakeClock clock;
  WaitingPod wp(PodBuilder("p").Info(), "n1", {{"A", 10s}, {"B", 20s}}, clock);
  EXPECT_EQ(wp.PendingPlugins(), (std::vector<std::string>{"A", "B"}));
  auto verdict = std::async(std::launch::async, [&] { return wp.Wait(); });
  wp.Allow("A");
  EXPECT_EQ(wp.PendingPlugins(), (std::vector<std::string>{"B"}));
  EXPECT_FALSE(wp.Decision().has_value());
  wp.Allow("B");
  PluginStatus s = verdict.get();
  EXPECT_TRUE(s.ok()) << s.Message();
}

TEST(WaitingPodTest, RejectNamesThePluginAndWinsOverLaterAllows) {
  FakeClock clock;
  WaitingPod wp(PodBuilder("p").Info(), "n1", {{"A", 10s}}, clock);
  wp.Reject("A", "not now");
  wp.Allow("A");
  PluginStatus s = wp.Wait();
  EXPECT_EQ(s.code(), Code::kUnschedulable);
  EXPECT_EQ(s.Message(), "not now");
  EXPECT_EQ(s.plugin(), "A");
}

TEST(WaitingPodTest, ShortestTimeoutRejectsWithUpstreamsMessage) {
  FakeClock clock;
  WaitingPod wp(PodBuilder("p").Info(), "n1", {{"Slow", 1min}, {"Quick", 1500ms}}, clock);
  auto verdict = std::async(std::launch::async, [&] { return wp.Wait(); });
  ASSERT_TRUE(Eventually([&] { return clock.Waiters() > 0; }));
  clock.Advance(1s);
  EXPECT_FALSE(wp.Decision().has_value());
  clock.Advance(500ms);
  PluginStatus s = verdict.get();
  EXPECT_EQ(s.code(), Code::kUnschedulable);
  EXPECT_EQ(s.Message(), "rejected due to timeout after waiting 1.5s at plugin Quick");
  EXPECT_EQ(s.plugin(), "Quick");
}

TEST(WaitingPodTest, AllowAfterAnUnobservedTimeoutIsTooLate) {
  FakeClock clock;
  WaitingPod wp(PodBuilder("p").Info(), "n1", {{"A", 10s}}, clock);
  clock.Advance(11s);  // the timer fired, though nobody waits yet
  wp.Allow("A");
  EXPECT_EQ(wp.Wait().Message(), "rejected due to timeout after waiting 10s at plugin A");
}

// A Permit plugin that holds every pod for `timeout`.
class HoldPlugin : public PermitPlugin {
 public:
  std::string_view Name() const override { return "Hold"; }
  PluginStatus Permit(CycleState&, const PodInfo&, const std::string&, Clock::Duration* timeout) override {
    *timeout = 1h;  // more than upstream's 15 minute cap
    return PluginStatus(Code::kWait, std::vector<std::string>{});
  }
};

TEST(FrameworkPermitTest, WaitParksThePodUntilWaitOnPermit) {
  FakeClock clock;
  Registry registry = plugins::InTreeRegistry();
  registry.factories.emplace_back("Hold", [](const boost::json::object&, Handle&) {
    return std::make_unique<HoldPlugin>();
  });
  ProfileConfig c = plugins::DefaultProfile();
  c.plugins.at(ExtensionPoint::kPermit).enabled = {{"Hold", 0}};
  Handle h;
  h.clock = &clock;
  auto f = Framework::Create(registry, c, h);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  Framework& fw = **f;
  PodInfoPtr pod = PodBuilder("p").Info();
  CycleState state;
  PluginStatus s = fw.RunPermitPlugins(state, pod, "n1");
  EXPECT_TRUE(s.IsWait());
  EXPECT_EQ(s.Message(), "one or more plugins asked to wait and no plugin rejected pod \"p\"");
  std::shared_ptr<WaitingPod> wp = fw.GetWaitingPod(pod->uid);
  ASSERT_NE(wp, nullptr);
  EXPECT_EQ(wp->node(), "n1");
  int seen = 0;
  fw.IterateOverWaitingPods([&](WaitingPod& w) {
    ++seen;
    EXPECT_EQ(w.pod()->key, "default/p");
  });
  EXPECT_EQ(seen, 1);

  auto verdict = std::async(std::launch::async, [&] { return fw.WaitOnPermit(*pod); });
  ASSERT_TRUE(Eventually([&] { return clock.Waiters() > 0; }));
  clock.Advance(15min);  // the cap, not the plugin's hour
  s = verdict.get();
  EXPECT_EQ(s.Message(), "rejected due to timeout after waiting 15m0s at plugin Hold");
  EXPECT_EQ(fw.GetWaitingPod(pod->uid), nullptr);
  EXPECT_FALSE(fw.RejectWaitingPod(pod->uid));

  // A pod that never waited passes WaitOnPermit at once.
  EXPECT_TRUE(fw.WaitOnPermit(*PodBuilder("q").Info()).ok());
  // RejectWaitingPod says "removed", as upstream.
  ASSERT_TRUE(fw.RunPermitPlugins(state, pod, "n1").IsWait());
  EXPECT_TRUE(fw.RejectWaitingPod(pod->uid));
  s = fw.WaitOnPermit(*pod);
  EXPECT_EQ(s.Message(), "removed");
  EXPECT_EQ(s.code(), Code::kUnschedulable);
}

}  // namespace
}  // namespace kubepp::scheduler::framework
