#include "controllers/podgc/podgc.h"

#include <gtest/gtest.h>

#include "controllers/util/object_fields.h"
#include "unit/controllers/informer_test_env.h"

namespace kubepp::controllers {
namespace {

using testing::InformerTestEnv;
using testing::WaitFor;

const client::Resource kPods = client::Resource::Of("", "pods");
const client::Resource kNodes = client::Resource::Of("", "nodes");

boost::json::object Pod(std::string name, std::string node, std::string phase) {
  return {{"kind", "Pod"},
          {"metadata", {{"name", name}, {"namespace", "ns"}}},
          {"spec", {{"nodeName", node}}},
          {"status", {{"phase", phase}}}};
}

TEST(PodGc, TerminatedPodsOverTheThresholdOldestFirst) {
  InformerTestEnv env;
  env.options().terminated_pod_gc_threshold = 2;
  env.client().Seed(kNodes, {{"kind", "Node"}, {"metadata", {{"name", "n1"}}}});
  // Created in this order, a second apart (names sort otherwise).
  for (const char* name : {"older", "old", "new", "newest"}) {
    env.client().Seed(kPods, Pod(name, "n1", std::string(name).size() % 2 ? "Failed" : "Succeeded"));
    env.clock().Advance(std::chrono::seconds(1));
  }
  env.client().Seed(kPods, Pod("running", "n1", "Running"));
  env.Start(MakePodGcRegistration());
  EXPECT_TRUE(WaitFor([&] { return env.List(kPods, "ns").size() == 3; }));
  EXPECT_EQ(env.Get(kPods, "ns", "older"), nullptr);
  EXPECT_EQ(env.Get(kPods, "ns", "old"), nullptr);
  EXPECT_NE(env.Get(kPods, "ns", "new"), nullptr);
  EXPECT_NE(env.Get(kPods, "ns", "running"), nullptr);
}

TEST(PodGc, PodsOfVanishedNodesAfterQuarantine) {
  InformerTestEnv env;
  env.client().Seed(kNodes, {{"kind", "Node"}, {"metadata", {{"name", "alive"}}}});
  env.client().Seed(kPods, Pod("orphan", "gone", "Running"));
  env.client().Seed(kPods, Pod("fine", "alive", "Running"));
  env.Start(MakePodGcRegistration());

  // Not before the quarantine: the first pass saw the node missing.
  ASSERT_TRUE(WaitFor([&] {
    for (const auto& a : env.client().Actions()) {
      if (a.verb == "list" || a.verb == "watch") return env.clock().Waiters() > 0;
    }
    return false;
  }));
  env.clock().Advance(std::chrono::seconds(20));
  EXPECT_NE(env.Get(kPods, "ns", "orphan"), nullptr);
  EXPECT_TRUE(WaitFor([&] {
    env.clock().Advance(std::chrono::seconds(20));
    return env.Get(kPods, "ns", "orphan") == nullptr;
  }));
  EXPECT_NE(env.Get(kPods, "ns", "fine"), nullptr);
}

TEST(PodGc, UnscheduledTerminatingPods) {
  InformerTestEnv env;
  auto pod = Pod("stuck", "", "Pending");
  pod["metadata"].as_object()["finalizers"] = boost::json::array{"example.com/hold"};
  env.client().Seed(kPods, pod);
  env.MarkDeleting(kPods, "ns", "stuck");
  env.client().Seed(kPods, Pod("pending", "", "Pending"));
  env.client().ClearActions();
  env.Start(MakePodGcRegistration());
  auto deleted = [&](std::string_view name) {
    for (const auto& a : env.client().Actions()) {
      if (a.verb == "delete" && a.resource == "pods" && a.name == name) return true;
    }
    return false;
  };
  EXPECT_TRUE(WaitFor([&] { return deleted("stuck"); }));
  EXPECT_FALSE(deleted("pending"));
}

}  // namespace
}  // namespace kubepp::controllers
