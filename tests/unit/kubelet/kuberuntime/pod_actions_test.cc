#include "kubelet/kuberuntime/pod_actions.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace kubepp::kubelet {
namespace {

namespace json = boost::json;

json::object Pod(std::string_view restart_policy, bool with_init = false) {
  json::object pod = json::parse(R"({"metadata":{"name":"p","namespace":"default","uid":"u1"},
    "spec":{"containers":[{"name":"app","image":"busybox"},{"name":"side","image":"busybox"}]}})")
                         .as_object();
  if (!restart_policy.empty()) pod["spec"].as_object()["restartPolicy"] = restart_policy;
  if (with_init) {
    pod["spec"].as_object()["initContainers"] =
        json::parse(R"([{"name":"init1","image":"busybox"},{"name":"init2","image":"busybox"}])");
  }
  return pod;
}

const json::object& Spec(const json::object& pod, std::string_view field, size_t i) {
  return pod.at("spec").as_object().at(field).as_array()[i].as_object();
}

PodRuntimeStatus WithSandbox(bool ready = true) {
  PodRuntimeStatus s;
  s.uid = "u1";
  s.sandboxes.push_back({"sb1", ready, 0, {}, "10.244.0.5", {}, false});
  return s;
}

ContainerRuntimeStatus Container(const json::object& pod, std::string_view field, size_t i, ContainerState state,
                                 int exit_code = 0, std::string id = "") {
  ContainerRuntimeStatus c;
  c.name = std::string(Spec(pod, field, i).at("name").as_string());
  c.id = id.empty() ? c.name + "-id" : id;
  c.state = state;
  c.exit_code = exit_code;
  c.hash = ContainerHash(Spec(pod, field, i));
  return c;
}

TEST(PodActionsTest, NewPodCreatesSandboxAndStartsEveryContainer) {
  json::object pod = Pod("");
  PodActions a = ComputePodActions(pod, PodRuntimeStatus{}, {});
  EXPECT_TRUE(a.create_sandbox);
  EXPECT_TRUE(a.kill_pod);
  EXPECT_EQ(a.attempt, 0u);
  EXPECT_EQ(a.containers_to_start, (std::vector<size_t>{0, 1}));
}

TEST(PodActionsTest, NewPodWithInitContainersStartsTheFirstInitOnly) {
  json::object pod = Pod("", true);
  PodActions a = ComputePodActions(pod, PodRuntimeStatus{}, {});
  EXPECT_TRUE(a.create_sandbox);
  ASSERT_TRUE(a.next_init_container.has_value());
  EXPECT_EQ(*a.next_init_container, 0u);
  EXPECT_TRUE(a.containers_to_start.empty());
}

TEST(PodActionsTest, InitContainersRunInOrderThenAppContainers) {
  json::object pod = Pod("", true);
  PodRuntimeStatus s = WithSandbox();
  s.containers.push_back(Container(pod, "initContainers", 0, ContainerState::kRunning));
  PodActions a = ComputePodActions(pod, s, {});
  EXPECT_FALSE(a.next_init_container.has_value()) << "wait for the running init container";
  EXPECT_TRUE(a.containers_to_start.empty());

  s.containers[0] = Container(pod, "initContainers", 0, ContainerState::kExited, 0);
  a = ComputePodActions(pod, s, {});
  ASSERT_TRUE(a.next_init_container.has_value());
  EXPECT_EQ(*a.next_init_container, 1u);

  s.containers.insert(s.containers.begin(), Container(pod, "initContainers", 1, ContainerState::kExited, 0));
  a = ComputePodActions(pod, s, {});
  EXPECT_FALSE(a.next_init_container.has_value());
  EXPECT_EQ(a.containers_to_start, (std::vector<size_t>{0, 1}));
}

TEST(PodActionsTest, FailedInitContainerRestartsUnlessNever) {
  json::object pod = Pod("", true);
  PodRuntimeStatus s = WithSandbox();
  s.containers.push_back(Container(pod, "initContainers", 0, ContainerState::kExited, 1));
  PodActions a = ComputePodActions(pod, s, {});
  ASSERT_TRUE(a.next_init_container.has_value());
  EXPECT_EQ(*a.next_init_container, 0u);
  EXPECT_FALSE(a.kill_pod);

  json::object never = Pod("Never", true);
  a = ComputePodActions(never, s, {});
  EXPECT_TRUE(a.kill_pod);
  EXPECT_FALSE(a.next_init_container.has_value());
}

TEST(PodActionsTest, ExitedContainersRestartByPolicy) {
  for (auto [policy, code, restart] : std::vector<std::tuple<std::string, int, bool>>{
           {"Always", 0, true}, {"Always", 1, true}, {"OnFailure", 0, false},
           {"OnFailure", 2, true}, {"Never", 0, false}, {"Never", 1, false}}) {
    json::object pod = Pod(policy);
    PodRuntimeStatus s = WithSandbox();
    s.containers.push_back(Container(pod, "containers", 0, ContainerState::kExited, code));
    s.containers.push_back(Container(pod, "containers", 1, ContainerState::kRunning));
    PodActions a = ComputePodActions(pod, s, {});
    EXPECT_EQ(!a.containers_to_start.empty(), restart) << policy << " exit " << code;
    EXPECT_FALSE(a.kill_pod) << policy;
  }
}

TEST(PodActionsTest, AllContainersDoneWithoutRestartKillsThePod) {
  json::object pod = Pod("Never");
  PodRuntimeStatus s = WithSandbox();
  s.containers.push_back(Container(pod, "containers", 0, ContainerState::kExited, 0));
  s.containers.push_back(Container(pod, "containers", 1, ContainerState::kExited, 1));
  PodActions a = ComputePodActions(pod, s, {});
  EXPECT_TRUE(a.kill_pod);
  EXPECT_FALSE(a.create_sandbox);
  EXPECT_TRUE(a.containers_to_start.empty());
}

TEST(PodActionsTest, DeadSandboxIsReplacedWithTheNextAttempt) {
  json::object pod = Pod("");
  PodRuntimeStatus s = WithSandbox(false);
  s.sandboxes[0].attempt = 2;
  PodActions a = ComputePodActions(pod, s, {});
  EXPECT_TRUE(a.create_sandbox);
  EXPECT_EQ(a.attempt, 3u);

  // A Never pod that already ran gets no new sandbox.
  json::object never = Pod("Never");
  s.containers.push_back(Container(never, "containers", 0, ContainerState::kExited, 0));
  a = ComputePodActions(never, s, {});
  EXPECT_FALSE(a.create_sandbox);
  EXPECT_TRUE(a.kill_pod);
}

TEST(PodActionsTest, FailedLivenessKillsAndRestarts) {
  json::object pod = Pod("");
  PodRuntimeStatus s = WithSandbox();
  s.containers.push_back(Container(pod, "containers", 0, ContainerState::kRunning));
  s.containers.push_back(Container(pod, "containers", 1, ContainerState::kRunning));
  ProbeVerdicts probes;
  probes.liveness_failed = [](const std::string& id) { return id == "app-id"; };
  PodActions a = ComputePodActions(pod, s, probes);
  ASSERT_EQ(a.containers_to_kill.size(), 1u);
  EXPECT_EQ(a.containers_to_kill[0].id, "app-id");
  EXPECT_EQ(a.containers_to_kill[0].message, "Container app failed liveness probe, will be restarted");
  EXPECT_EQ(a.containers_to_start, std::vector<size_t>{0});
}

TEST(PodActionsTest, ChangedSpecRestartsTheContainer) {
  json::object pod = Pod("");
  PodRuntimeStatus s = WithSandbox();
  s.containers.push_back(Container(pod, "containers", 0, ContainerState::kRunning));
  s.containers.push_back(Container(pod, "containers", 1, ContainerState::kRunning));
  pod["spec"].as_object()["containers"].as_array()[0].as_object()["image"] = "busybox:2";
  PodActions a = ComputePodActions(pod, s, {});
  ASSERT_EQ(a.containers_to_kill.size(), 1u);
  EXPECT_EQ(a.containers_to_kill[0].message, "Container app definition changed, will be restarted");
  EXPECT_EQ(a.containers_to_start, std::vector<size_t>{0});
}

TEST(PodActionsTest, DeletedPodRestartsNothing) {
  json::object pod = Pod("");
  pod["metadata"].as_object()["deletionTimestamp"] = "2026-01-01T00:00:00Z";
  PodRuntimeStatus s = WithSandbox();
  s.containers.push_back(Container(pod, "containers", 0, ContainerState::kExited, 1));
  EXPECT_FALSE(ShouldContainerBeRestarted(Spec(pod, "containers", 0), pod, s));
}

}  // namespace
}  // namespace kubepp::kubelet
