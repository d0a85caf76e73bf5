#include "controllers/nodelifecycle/nodelifecycle.h"

#include <gtest/gtest.h>

#include "controllers/nodelifecycle/taints.h"
#include "controllers/util/object_fields.h"
#include "unit/controllers/informer_test_env.h"

namespace kubepp::controllers {
namespace {

using testing::InformerTestEnv;
using testing::WaitFor;

const client::Resource kNodes = client::Resource::Of("", "nodes");
const client::Resource kPods = client::Resource::Of("", "pods");

boost::json::object ReadyNode(const std::string& name, Clock::TimePoint heartbeat) {
  auto t = util::FormatTime(heartbeat);
  return {{"kind", "Node"},
          {"metadata", {{"name", name}}},
          {"status",
           {{"conditions",
             {{{"type", "Ready"}, {"status", "True"}, {"reason", "KubeletReady"}, {"lastHeartbeatTime", t}, {"lastTransitionTime", t}}}}}}};
}

boost::json::object PodOn(const std::string& name, const std::string& node, boost::json::array tolerations) {
  return {{"kind", "Pod"},
          {"metadata", {{"name", name}, {"namespace", "ns"}}},
          {"spec", {{"nodeName", node}, {"tolerations", std::move(tolerations)}}},
          {"status", {{"phase", "Running"}, {"conditions", {{{"type", "Ready"}, {"status", "True"}}}}}}};
}

std::string ConditionField(const client::ObjectPtr& node, std::string_view type, std::string_view field) {
  const auto* conds = util::ArrayAt(*node, {"status", "conditions"});
  if (!conds) return "";
  for (const auto& c : *conds) {
    if (util::StringAt(c.as_object(), {"type"}) == type) return std::string(util::StringAt(c.as_object(), {field}));
  }
  return "";
}

bool HasTaint(const client::ObjectPtr& node, std::string_view key, std::string_view effect) {
  if (!node) return false;
  for (const auto& t : TaintsOf(*node)) {
    if (t.key == key && t.effect == effect) return true;
  }
  return false;
}

const boost::json::array kDefaultTolerations{
    boost::json::object{{"key", "node.kubernetes.io/not-ready"}, {"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", 300}},
    boost::json::object{{"key", "node.kubernetes.io/unreachable"}, {"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", 300}}};

TEST(NodeLifecycle, SilentNodeBecomesUnknownTaintedAndItsPodsEvicted) {
  InformerTestEnv env;
  env.client().Seed(kNodes, ReadyNode("n1", env.clock().Now()));
  env.client().Seed(kPods, PodOn("tolerant", "n1", kDefaultTolerations));
  env.client().Seed(kPods, PodOn("intolerant", "n1", {}));
  env.Start(MakeNodeLifecycleRegistration());
  auto node = [&] { return env.Get(kNodes, "", "n1"); };

  // Within the grace period nothing happens.
  env.clock().Advance(std::chrono::seconds(20));
  ASSERT_TRUE(WaitFor([&] { return env.clock().Waiters() > 0; }));
  EXPECT_EQ(ConditionField(node(), "Ready", "status"), "True");

  // Past it, Ready is Unknown, as upstream words it.
  ASSERT_TRUE(WaitFor([&] {
    env.clock().Advance(std::chrono::seconds(5));
    return ConditionField(node(), "Ready", "status") == "Unknown";
  }));
  EXPECT_EQ(ConditionField(node(), "Ready", "reason"), "NodeStatusUnknown");
  EXPECT_EQ(ConditionField(node(), "Ready", "message"), "Kubelet stopped posting node status.");
  EXPECT_EQ(ConditionField(node(), "MemoryPressure", "reason"), "NodeStatusNeverUpdated");

  ASSERT_TRUE(WaitFor([&] {
    env.clock().Advance(std::chrono::seconds(5));
    return HasTaint(node(), "node.kubernetes.io/unreachable", "NoExecute") &&
           HasTaint(node(), "node.kubernetes.io/unreachable", "NoSchedule");
  }));
  // The pod without tolerations is deleted at once (a scheduled pod ends
  // gracefully: the kubelet removes it); the tolerant one is not ready but stays.
  ASSERT_TRUE(WaitFor([&] {
    env.clock().Advance(std::chrono::seconds(1));
    auto pod = env.Get(kPods, "ns", "intolerant");
    return pod == nullptr || pod->at("metadata").as_object().contains("deletionTimestamp");
  }));
  auto tolerant = env.Get(kPods, "ns", "tolerant");
  ASSERT_NE(tolerant, nullptr);
  EXPECT_TRUE(WaitFor([&] { return ConditionField(env.Get(kPods, "ns", "tolerant"), "Ready", "status") == "False"; }));

  // After its 300 s it is evicted too.
  ASSERT_TRUE(WaitFor([&] {
    env.clock().Advance(std::chrono::seconds(10));
    auto pod = env.Get(kPods, "ns", "tolerant");
    return pod == nullptr || pod->at("metadata").as_object().contains("deletionTimestamp");
  }));
}

TEST(NodeLifecycle, UserNoExecuteTaintEvictsAfterTolerationSeconds) {
  InformerTestEnv env;
  env.options().node_monitor_grace_period = std::chrono::hours(1);  // the node stays healthy here
  auto node = ReadyNode("n1", env.clock().Now());
  node["spec"] = boost::json::object{{"taints", {{{"key", "dedicated"}, {"value", "x"}, {"effect", "NoExecute"}}}}};
  env.client().Seed(kNodes, node);
  auto short_pod = PodOn("short", "n1", {{{"key", "dedicated"}, {"operator", "Exists"}, {"tolerationSeconds", 30}}});
  short_pod["metadata"].as_object()["finalizers"] = boost::json::array{"example.com/hold"};
  env.client().Seed(kPods, short_pod);
  env.client().Seed(kPods, PodOn("forever", "n1", {{{"key", "dedicated"}, {"operator", "Exists"}}}));
  const auto start = env.clock().Now();
  env.Start(MakeNodeLifecycleRegistration());

  auto deleting = [&](const char* name) {
    auto p = env.Get(kPods, "ns", name);
    return p && util::HasDeletionTimestamp(*p);
  };
  ASSERT_TRUE(WaitFor([&] {
    env.clock().Advance(std::chrono::seconds(5));
    return deleting("short");
  }));
  EXPECT_GE(env.clock().Now() - start, std::chrono::seconds(30));
  EXPECT_EQ(ConditionField(env.Get(kPods, "ns", "short"), "DisruptionTarget", "reason"), "DeletionByTaintManager");
  EXPECT_FALSE(deleting("forever"));
  EXPECT_NE(env.Get(kPods, "ns", "forever"), nullptr);
}

TEST(NodeLifecycle, LeaseRenewalsKeepANodeAlive) {
  InformerTestEnv env;
  const client::Resource leases = client::Resource::Of("coordination.k8s.io", "leases");
  env.client().Seed(kNodes, ReadyNode("n1", env.clock().Now()));
  env.client().Seed(leases, {{"kind", "Lease"},
                                          {"metadata", {{"name", "n1"}, {"namespace", "kube-node-lease"}}},
                                          {"spec", {{"holderIdentity", "n1"}, {"renewTime", "2026-01-01T00:00:00.000000Z"}}}});
  env.Start(MakeNodeLifecycleRegistration());
  auto& cache = env.informers().For(leases, {.namespace_ = "kube-node-lease"});
  for (int i = 1; i <= 20; ++i) {
    env.clock().Advance(std::chrono::seconds(10));
    boost::json::object renewed = *env.Get(leases, "kube-node-lease", "n1");
    std::string renew_time = util::FormatTime(env.clock().Now());
    renewed["spec"].as_object()["renewTime"] = renew_time;
    ASSERT_TRUE(env.client().Update(leases, "kube-node-lease", renewed).ok());
    // The controller sees each renewal before time moves on.
    ASSERT_TRUE(WaitFor([&] {
      auto l = cache.Get("kube-node-lease", "n1");
      return l && util::StringAt(*l, {"spec", "renewTime"}) == renew_time;
    }));
  }
  EXPECT_EQ(ConditionField(env.Get(kNodes, "", "n1"), "Ready", "status"), "True");
}

TEST(NodeLifecycle, UnschedulableAndNotReadyTaints) {
  InformerTestEnv env;
  auto cordoned = ReadyNode("cordoned", env.clock().Now());
  cordoned["spec"] = boost::json::object{{"unschedulable", true}};
  env.client().Seed(kNodes, cordoned);
  auto sick = ReadyNode("sick", env.clock().Now());
  sick["status"].as_object()["conditions"].as_array()[0].as_object()["status"] = "False";
  env.client().Seed(kNodes, sick);
  env.Start(MakeNodeLifecycleRegistration());
  EXPECT_TRUE(WaitFor([&] { return HasTaint(env.Get(kNodes, "", "cordoned"), "node.kubernetes.io/unschedulable", "NoSchedule"); }));
  EXPECT_TRUE(WaitFor([&] {
    auto n = env.Get(kNodes, "", "sick");
    return HasTaint(n, "node.kubernetes.io/not-ready", "NoSchedule") && HasTaint(n, "node.kubernetes.io/not-ready", "NoExecute");
  }));
  EXPECT_FALSE(HasTaint(env.Get(kNodes, "", "cordoned"), "node.kubernetes.io/not-ready", "NoExecute"));

  // Uncordoned: the taint goes.
  boost::json::object uncordoned = *env.Get(kNodes, "", "cordoned");
  uncordoned["spec"].as_object()["unschedulable"] = false;
  ASSERT_TRUE(env.client().Update(kNodes, "", uncordoned).ok());
  EXPECT_TRUE(WaitFor([&] {
    env.clock().Advance(std::chrono::seconds(5));
    return !HasTaint(env.Get(kNodes, "", "cordoned"), "node.kubernetes.io/unschedulable", "NoSchedule");
  }));
}

}  // namespace
}  // namespace kubepp::controllers
