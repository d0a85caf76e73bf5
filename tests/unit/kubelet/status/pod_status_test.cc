#include "kubelet/status/pod_status.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "client/time_format.h"

namespace kubepp::kubelet {
namespace {

namespace json = boost::json;

json::object Pod(std::string_view restart_policy = "Always", bool with_init = false) {
  json::object pod = json::parse(R"({"metadata":{"name":"p","namespace":"default","uid":"u1"},
    "spec":{"containers":[{"name":"app","image":"busybox"}]},
    "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"True",
      "lastProbeTime":null,"lastTransitionTime":"2026-01-01T00:00:00Z"}]}})")
                         .as_object();
  pod["spec"].as_object()["restartPolicy"] = restart_policy;
  if (with_init) pod["spec"].as_object()["initContainers"] = json::parse(R"([{"name":"init","image":"busybox"}])");
  return pod;
}

Clock::TimePoint At(int seconds) {
  return *client::ParseTime("2026-01-01T00:00:00Z") + std::chrono::seconds(seconds);
}

ContainerRuntimeStatus Running(std::string name, std::string id, int restarts = 0) {
  ContainerRuntimeStatus c;
  c.name = std::move(name);
  c.id = std::move(id);
  c.state = ContainerState::kRunning;
  c.started_at = At(10);
  c.created_at = At(9);
  c.image_ref = "sha256:abc";
  c.restart_count = restarts;
  return c;
}

ContainerRuntimeStatus Exited(std::string name, std::string id, int code, int restarts = 0) {
  ContainerRuntimeStatus c = Running(std::move(name), std::move(id), restarts);
  c.state = ContainerState::kExited;
  c.exit_code = code;
  c.reason = code == 0 ? "Completed" : "Error";
  c.finished_at = At(20);
  return c;
}

PodStatusInputs Inputs(const PodRuntimeStatus& rt) {
  PodStatusInputs in;
  in.runtime = &rt;
  in.host_ips = {"192.168.1.10"};
  in.now = At(30);
  in.qos_class = "BestEffort";
  return in;
}

const json::object& Condition(const json::object& status, std::string_view type) {
  for (const auto& c : status.at("conditions").as_array()) {
    if (c.at("type").as_string() == type) return c.as_object();
  }
  static json::object none;
  return none;
}

PodRuntimeStatus Sandbox() {
  PodRuntimeStatus rt;
  rt.sandboxes.push_back({"sb", true, 0, At(5), "10.244.0.7", {}, false});
  return rt;
}

TEST(PodStatusTest, NothingStartedYetIsPendingContainerCreating) {
  PodRuntimeStatus rt;
  json::object status = GeneratePodStatus(Pod(), Inputs(rt));
  EXPECT_EQ(status.at("phase").as_string(), "Pending");
  const auto& cs = status.at("containerStatuses").as_array()[0].as_object();
  EXPECT_EQ(cs.at("state").at("waiting").at("reason").as_string(), "ContainerCreating");
  EXPECT_EQ(cs.at("ready").as_bool(), false);
  EXPECT_EQ(Condition(status, "PodReadyToStartContainers").at("status").as_string(), "False");
  EXPECT_EQ(Condition(status, "Ready").at("message").as_string(), "containers with unready status: [app]");
  EXPECT_EQ(Condition(status, "PodScheduled").at("status").as_string(), "True");
  EXPECT_EQ(status.at("hostIP").as_string(), "192.168.1.10");
  EXPECT_FALSE(status.contains("podIP"));
}

TEST(PodStatusTest, RunningContainerIsReadyWithoutProbe) {
  PodRuntimeStatus rt = Sandbox();
  rt.containers.push_back(Running("app", "c1"));
  json::object status = GeneratePodStatus(Pod(), Inputs(rt));
  EXPECT_EQ(status.at("phase").as_string(), "Running");
  EXPECT_EQ(status.at("podIP").as_string(), "10.244.0.7");
  const auto& cs = status.at("containerStatuses").as_array()[0].as_object();
  EXPECT_TRUE(cs.at("ready").as_bool());
  EXPECT_TRUE(cs.at("started").as_bool());
  EXPECT_EQ(cs.at("containerID").as_string(), "containerd://c1");
  EXPECT_EQ(cs.at("state").at("running").at("startedAt").as_string(), "2026-01-01T00:00:10Z");
  EXPECT_EQ(Condition(status, "Ready").at("status").as_string(), "True");
  EXPECT_EQ(Condition(status, "ContainersReady").at("status").as_string(), "True");
  EXPECT_EQ(status.at("qosClass").as_string(), "BestEffort");
}

TEST(PodStatusTest, ReadinessProbeGatesReady) {
  PodRuntimeStatus rt = Sandbox();
  rt.containers.push_back(Running("app", "c1"));
  PodStatusInputs in = Inputs(rt);
  in.ready = [](const std::string&) { return false; };
  json::object status = GeneratePodStatus(Pod(), in);
  EXPECT_EQ(status.at("phase").as_string(), "Running");
  EXPECT_EQ(Condition(status, "Ready").at("status").as_string(), "False");
  EXPECT_EQ(Condition(status, "Ready").at("reason").as_string(), "ContainersNotReady");
}

TEST(PodStatusTest, CrashLoopShowsWaitingWithLastState) {
  PodRuntimeStatus rt = Sandbox();
  rt.containers.push_back(Exited("app", "c2", 1, 1));
  rt.containers.push_back(Exited("app", "c1", 1, 0));
  PodStatusInputs in = Inputs(rt);
  in.start_failures["app"] = {"CrashLoopBackOff", "back-off 10s restarting failed container=app pod=p_default(u1)"};
  json::object status = GeneratePodStatus(Pod(), in);
  const auto& cs = status.at("containerStatuses").as_array()[0].as_object();
  EXPECT_EQ(cs.at("state").at("waiting").at("reason").as_string(), "CrashLoopBackOff");
  EXPECT_EQ(cs.at("lastState").at("terminated").at("exitCode").as_int64(), 1);
  EXPECT_EQ(cs.at("lastState").at("terminated").at("containerID").as_string(), "containerd://c2");
  EXPECT_EQ(cs.at("restartCount").as_int64(), 1);
  EXPECT_EQ(status.at("phase").as_string(), "Running");
}

TEST(PodStatusTest, NeverPolicyEndsSucceededOrFailed) {
  PodRuntimeStatus rt = Sandbox();
  rt.containers.push_back(Exited("app", "c1", 0));
  json::object status = GeneratePodStatus(Pod("Never"), Inputs(rt));
  EXPECT_EQ(status.at("phase").as_string(), "Succeeded");
  EXPECT_EQ(Condition(status, "Ready").at("reason").as_string(), "PodCompleted");
  const auto& cs = status.at("containerStatuses").as_array()[0].as_object();
  EXPECT_EQ(cs.at("state").at("terminated").at("reason").as_string(), "Completed");

  rt.containers[0] = Exited("app", "c1", 3);
  status = GeneratePodStatus(Pod("Never"), Inputs(rt));
  EXPECT_EQ(status.at("phase").as_string(), "Failed");
  EXPECT_EQ(status.at("containerStatuses").as_array()[0].at("state").at("terminated").at("reason").as_string(),
            "Error");
}

TEST(PodStatusTest, InitContainersKeepThePodPendingAndNotInitialized) {
  PodRuntimeStatus rt = Sandbox();
  rt.containers.push_back(Running("init", "i1"));
  json::object status = GeneratePodStatus(Pod("Always", true), Inputs(rt));
  EXPECT_EQ(status.at("phase").as_string(), "Pending");
  EXPECT_EQ(Condition(status, "Initialized").at("status").as_string(), "False");
  EXPECT_EQ(Condition(status, "Initialized").at("message").as_string(), "containers with incomplete status: [init]");
  const auto& app = status.at("containerStatuses").as_array()[0].as_object();
  EXPECT_EQ(app.at("state").at("waiting").at("reason").as_string(), "PodInitializing");

  rt.containers[0] = Exited("init", "i1", 0);
  rt.containers.insert(rt.containers.begin(), Running("app", "c1"));
  status = GeneratePodStatus(Pod("Always", true), Inputs(rt));
  EXPECT_EQ(status.at("phase").as_string(), "Running");
  EXPECT_EQ(Condition(status, "Initialized").at("status").as_string(), "True");
}

TEST(PodStatusTest, TransitionTimesSurviveUnchangedConditions) {
  PodRuntimeStatus rt = Sandbox();
  rt.containers.push_back(Running("app", "c1"));
  json::object pod = Pod();
  pod["status"] = GeneratePodStatus(pod, Inputs(rt));
  PodStatusInputs later = Inputs(rt);
  later.now = At(500);
  json::object status = GeneratePodStatus(pod, later);
  EXPECT_EQ(Condition(status, "Ready").at("lastTransitionTime").as_string(), "2026-01-01T00:00:30Z");
  EXPECT_EQ(status.at("startTime").as_string(), "2026-01-01T00:00:30Z");
}

TEST(PodStatusTest, TerminalPhaseNeverChanges) {
  PodRuntimeStatus rt = Sandbox();
  rt.containers.push_back(Running("app", "c1"));
  json::object pod = Pod("Never");
  pod["status"].as_object()["phase"] = "Succeeded";
  EXPECT_EQ(GeneratePodStatus(pod, Inputs(rt)).at("phase").as_string(), "Succeeded");
}

TEST(PodStatusTest, EvictedPodEndsFailedWithTheTerminationsReasonMessageAndCondition) {
  json::object pod = Pod();
  pod["status"].as_object()["phase"] = "Running";
  PodTermination termination;
  termination.reason = "Evicted";
  termination.message = "The node was low on resource: memory. ";
  termination.condition = json::object{{"type", "DisruptionTarget"}, {"status", "True"}, {"lastProbeTime", nullptr},
                                       {"lastTransitionTime", "2026-01-01T00:00:25Z"},
                                       {"reason", "TerminationByKubelet"}, {"message", termination.message}};
  // While a container still runs nothing of the eviction shows.
  PodRuntimeStatus running = Sandbox();
  running.containers.push_back(Running("app", "c1"));
  PodStatusInputs in = Inputs(running);
  in.terminating = true;
  in.termination = &termination;
  json::object status = GeneratePodStatus(pod, in);
  EXPECT_EQ(status.at("phase").as_string(), "Running");
  EXPECT_FALSE(status.contains("reason"));
  EXPECT_TRUE(Condition(status, "DisruptionTarget").empty());
  // Once stopped (exit 0 would be Succeeded for restartPolicy Never; evicted is Failed).
  pod["spec"].as_object()["restartPolicy"] = "Never";
  PodRuntimeStatus stopped;
  stopped.containers.push_back(Exited("app", "c1", 0));
  in.runtime = &stopped;
  status = GeneratePodStatus(pod, in);
  EXPECT_EQ(status.at("phase").as_string(), "Failed");
  EXPECT_EQ(status.at("reason").as_string(), "Evicted");
  EXPECT_EQ(status.at("message").as_string(), termination.message);
  EXPECT_EQ(Condition(status, "DisruptionTarget").at("reason").as_string(), "TerminationByKubelet");
  EXPECT_EQ(Condition(status, "Ready").at("reason").as_string(), "PodCompleted");
  // Later syncs keep all of it from the pod's status.
  pod["status"] = status;
  PodStatusInputs later = Inputs(stopped);
  later.terminating = true;
  json::object again = GeneratePodStatus(pod, later);
  EXPECT_EQ(again.at("phase").as_string(), "Failed");
  EXPECT_EQ(again.at("reason").as_string(), "Evicted");
  EXPECT_EQ(again.at("message").as_string(), termination.message);
  EXPECT_EQ(Condition(again, "DisruptionTarget").at("lastTransitionTime").as_string(), "2026-01-01T00:00:25Z");
}

TEST(PodStatusTest, ConditionsOfOthersAreKept) {
  json::object pod = Pod();
  pod["status"].as_object()["conditions"].as_array().push_back(json::object{
      {"type", "DisruptionTarget"}, {"status", "True"}, {"reason", "EvictionByEvictionAPI"}});
  pod["status"].as_object()["conditions"].as_array().push_back(
      json::object{{"type", "example.com/gate"}, {"status", "False"}});
  PodRuntimeStatus rt = Sandbox();
  rt.containers.push_back(Running("app", "c1"));
  json::object status = GeneratePodStatus(pod, Inputs(rt));
  std::vector<std::string> types;
  for (const auto& c : status.at("conditions").as_array()) types.emplace_back(c.at("type").as_string());
  EXPECT_EQ(types, (std::vector<std::string>{"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                                             "PodScheduled", "DisruptionTarget", "example.com/gate"}));
  EXPECT_EQ(Condition(status, "DisruptionTarget").at("reason").as_string(), "EvictionByEvictionAPI");
}

TEST(PodStatusTest, RejectedPodStatusIsTheRefusalAlone) {
  json::object status = RejectedPodStatus(Pod(), "Evicted", "The node had condition: [DiskPressure]. ", At(40));
  EXPECT_EQ(json::serialize(status),
            R"({"phase":"Failed","conditions":[{"type":"PodScheduled","status":"True","lastProbeTime":null,)"
            R"("lastTransitionTime":"2026-01-01T00:00:00Z"}],"message":"Pod was rejected: The node had condition: )"
            R"([DiskPressure]. ","reason":"Evicted","startTime":"2026-01-01T00:00:40Z","qosClass":"BestEffort"})");
}

}  // namespace
}  // namespace kubepp::kubelet
