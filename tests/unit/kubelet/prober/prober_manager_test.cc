#include "kubelet/prober/prober_manager.h"

#include <atomic>
#include <map>
#include <mutex>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "client/object.h"
#include "client/time_format.h"
#include "fakes/recording_event_recorder.h"

namespace kubepp::kubelet::prober {
namespace {
namespace json = boost::json;
using std::chrono::seconds;

constexpr std::chrono::milliseconds kSettle{10000};

// A kubelet double: the status it reports per pod, and exec probes whose
// exit code the test sets per command ("live", "ready", "startup").
class ProberManagerTest : public ::testing::Test {
 protected:
  ProberManagerTest() {
    ProbeChecks checks;
    checks.exec = [this](std::string_view id, const std::vector<std::string>& cmd, Clock::Duration) {
      std::lock_guard lock(mu_);
      ++calls_[cmd.at(0)];
      last_container_[cmd.at(0)] = std::string(id);
      return StatusOr<ExecOutput>(ExecOutput{exit_codes_[cmd.at(0)], cmd.at(0) + " said no"});
    };
    ProberManagerOptions options;
    options.threads = 2;
    options.initial_jitter = false;
    manager_ = std::make_unique<ProberManager>(
        [this](std::string_view uid) -> std::optional<PodRuntimeStatus> {
          std::lock_guard lock(mu_);
          auto it = statuses_.find(std::string(uid));
          if (it == statuses_.end()) return std::nullopt;
          return it->second;
        },
        std::move(checks), &events_, clock_, options);
  }

  static json::object Probe(const std::string& cmd, int period = 10, int initial_delay = 0, int success = 1,
                            int failure = 3) {
    return json::object{{"exec", json::object{{"command", json::array{json::string(cmd)}}}},
                        {"periodSeconds", period},
                        {"initialDelaySeconds", initial_delay},
                        {"successThreshold", success},
                        {"failureThreshold", failure}};
  }

  client::ObjectPtr Pod(const std::string& uid, json::object container, std::string restart = "Always") {
    container["name"] = "app";
    return client::MakeObject(json::object{
        {"apiVersion", "v1"},
        {"kind", "Pod"},
        {"metadata", json::object{{"name", "pod-" + uid}, {"namespace", "default"}, {"uid", uid}}},
        {"spec", json::object{{"restartPolicy", restart}, {"containers", json::array{container}}}}});
  }

  void Running(const std::string& uid, const std::string& container_id, Clock::TimePoint started) {
    PodRuntimeStatus s;
    s.phase = "Running";
    s.pod_ip = "10.244.0.9";
    s.containers.push_back({"app", container_id, ContainerRuntimeStatus::State::kRunning, started});
    std::lock_guard lock(mu_);
    statuses_[uid] = s;
  }
  void SetStatus(const std::string& uid, PodRuntimeStatus s) {
    std::lock_guard lock(mu_);
    statuses_[uid] = std::move(s);
  }
  void Exit(const std::string& cmd, int code) {
    std::lock_guard lock(mu_);
    exit_codes_[cmd] = code;
  }
  int Calls(const std::string& cmd) {
    std::lock_guard lock(mu_);
    return calls_[cmd];
  }
  void Settle() { ASSERT_TRUE(manager_->Settle(kSettle)); }
  void Advance(Clock::Duration d) {
    clock_.Advance(d);
    Settle();
  }

  FakeClock clock_;
  fakes::RecordingEventRecorder events_;
  std::mutex mu_;
  std::map<std::string, PodRuntimeStatus> statuses_;
  std::map<std::string, int> exit_codes_;
  std::map<std::string, int> calls_;
  std::map<std::string, std::string> last_container_;
  std::unique_ptr<ProberManager> manager_;
};

TEST_F(ProberManagerTest, ReadinessStartsFailedAndNeedsItsSuccessThreshold) {
  Running("u1", "containerd://c1", clock_.Now());
  std::vector<ProbeResultUpdate> updates;
  std::mutex updates_mu;
  manager_->readiness().AddListener([&](const ProbeResultUpdate& u) {
    std::lock_guard lock(updates_mu);
    updates.push_back(u);
  });
  manager_->AddPod(Pod("u1", json::object{{"readinessProbe", Probe("ready", 10, 0, 2)}}));
  Settle();
  EXPECT_EQ(manager_->WorkerCount(), 1u);
  EXPECT_EQ(Calls("ready"), 1);
  EXPECT_EQ(manager_->readiness().Get("containerd://c1"), ProbeResult::kFailure);
  Advance(seconds(10));
  EXPECT_EQ(Calls("ready"), 2);
  EXPECT_EQ(manager_->readiness().Get("containerd://c1"), ProbeResult::kSuccess);
  std::lock_guard lock(updates_mu);
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0].result, ProbeResult::kFailure);
  EXPECT_EQ(updates[1].result, ProbeResult::kSuccess);
  EXPECT_EQ(updates[1].pod_uid, "u1");
}

TEST_F(ProberManagerTest, InitialDelayCountsFromContainerStart) {
  Running("u1", "containerd://c1", clock_.Now());
  manager_->AddPod(Pod("u1", json::object{{"livenessProbe", Probe("live", 10, 15)}}));
  Settle();
  EXPECT_EQ(Calls("live"), 0);
  EXPECT_EQ(manager_->liveness().Get("containerd://c1"), ProbeResult::kSuccess);  // liveness starts alive
  Advance(seconds(10));
  EXPECT_EQ(Calls("live"), 0);
  Advance(seconds(10));
  EXPECT_EQ(Calls("live"), 1);
}

TEST_F(ProberManagerTest, LivenessFailsAfterItsThresholdThenHoldsUntilRestart) {
  Running("u1", "containerd://c1", clock_.Now());
  Exit("live", 1);
  manager_->AddPod(Pod("u1", json::object{{"livenessProbe", Probe("live", 10, 0, 1, 3)}}));
  Settle();
  Advance(seconds(10));
  EXPECT_EQ(manager_->liveness().Get("containerd://c1"), ProbeResult::kSuccess);  // 2 of 3
  Advance(seconds(10));
  EXPECT_EQ(Calls("live"), 3);
  EXPECT_EQ(manager_->liveness().Get("containerd://c1"), ProbeResult::kFailure);
  EXPECT_EQ(events_.Messages("Unhealthy").size(), 3u);
  EXPECT_EQ(events_.Messages("Unhealthy")[0], "Liveness probe failed: live said no");
  // On hold: the kubelet is restarting the container.
  Advance(seconds(10));
  Advance(seconds(10));
  EXPECT_EQ(Calls("live"), 3);
  // The new container starts from scratch.
  Exit("live", 0);
  Running("u1", "containerd://c2", clock_.Now());
  Advance(seconds(10));
  EXPECT_EQ(Calls("live"), 4);
  EXPECT_FALSE(manager_->liveness().Get("containerd://c1"));
  EXPECT_EQ(manager_->liveness().Get("containerd://c2"), ProbeResult::kSuccess);
  EXPECT_EQ(last_container_["live"], "containerd://c2");
}

TEST_F(ProberManagerTest, StartupProbeGatesTheOthers) {
  Running("u1", "containerd://c1", clock_.Now());
  Exit("startup", 1);
  manager_->AddPod(Pod("u1", json::object{{"startupProbe", Probe("startup", 5, 0, 1, 30)},
                                          {"livenessProbe", Probe("live", 10)},
                                          {"readinessProbe", Probe("ready", 10)}}));
  Settle();
  EXPECT_EQ(manager_->WorkerCount(), 3u);
  EXPECT_EQ(manager_->startup().Get("containerd://c1"), ProbeResult::kUnknown);
  json::object status = json::parse(R"({"containerStatuses":[{"name":"app","containerID":"containerd://c1",
      "ready":false,"state":{"running":{"startedAt":"2026-01-01T00:00:00Z"}}}]})").as_object();
  manager_->UpdatePodStatus(*Pod("u1", {}), status);
  EXPECT_EQ(status.at("containerStatuses").at(0).at("started"), false);
  EXPECT_EQ(status.at("containerStatuses").at(0).at("ready"), false);
  for (int i = 0; i < 4; ++i) Advance(seconds(5));
  EXPECT_EQ(Calls("startup"), 5);
  EXPECT_EQ(Calls("live"), 0);
  EXPECT_EQ(Calls("ready"), 0);
  Exit("startup", 0);
  Advance(seconds(5));
  EXPECT_EQ(manager_->startup().Get("containerd://c1"), ProbeResult::kSuccess);
  int startup_calls = Calls("startup");
  Advance(seconds(10));
  Advance(seconds(10));
  EXPECT_EQ(Calls("startup"), startup_calls);  // done with this container
  EXPECT_GE(Calls("live"), 1);
  EXPECT_GE(Calls("ready"), 1);
  EXPECT_EQ(manager_->readiness().Get("containerd://c1"), ProbeResult::kSuccess);
  manager_->UpdatePodStatus(*Pod("u1", {}), status);
  EXPECT_EQ(status.at("containerStatuses").at(0).at("started"), true);
  EXPECT_EQ(status.at("containerStatuses").at(0).at("ready"), true);
}

TEST_F(ProberManagerTest, StartupFailureHoldsLikeLiveness) {
  Running("u1", "containerd://c1", clock_.Now());
  Exit("startup", 1);
  manager_->AddPod(Pod("u1", json::object{{"startupProbe", Probe("startup", 10, 0, 1, 2)}}));
  Settle();
  Advance(seconds(10));
  EXPECT_EQ(manager_->startup().Get("containerd://c1"), ProbeResult::kFailure);
  Advance(seconds(10));
  EXPECT_EQ(Calls("startup"), 2);
}

TEST_F(ProberManagerTest, WorkersEndWithThePod) {
  Running("u1", "containerd://c1", clock_.Now());
  manager_->AddPod(Pod("u1", json::object{{"readinessProbe", Probe("ready")}, {"livenessProbe", Probe("live")}}));
  Settle();
  EXPECT_EQ(manager_->WorkerCount(), 2u);
  PodRuntimeStatus done;
  done.phase = "Succeeded";
  SetStatus("u1", done);
  Advance(seconds(10));
  EXPECT_EQ(manager_->WorkerCount(), 0u);
  EXPECT_FALSE(manager_->readiness().Get("containerd://c1"));
  EXPECT_FALSE(manager_->liveness().Get("containerd://c1"));
}

TEST_F(ProberManagerTest, ExitedContainerThatWillNotRestart) {
  manager_->AddPod(Pod("never", json::object{{"readinessProbe", Probe("ready")}}, "Never"));
  manager_->AddPod(Pod("always", json::object{{"readinessProbe", Probe("ready")}}, "Always"));
  for (const char* uid : {"never", "always"}) {
    PodRuntimeStatus s;
    s.phase = "Running";
    s.containers.push_back({"app", std::string("containerd://") + uid, ContainerRuntimeStatus::State::kTerminated, {}});
    SetStatus(uid, s);
  }
  Advance(seconds(10));
  EXPECT_EQ(manager_->WorkerCount(), 1u);  // only the one that will restart
  EXPECT_EQ(manager_->readiness().Get("containerd://always"), ProbeResult::kFailure);
  EXPECT_EQ(Calls("ready"), 0);
}

TEST_F(ProberManagerTest, NoStatusOrNoContainerYetWaits) {
  manager_->AddPod(Pod("u1", json::object{{"livenessProbe", Probe("live")}}));
  Advance(seconds(10));
  PodRuntimeStatus s;
  s.phase = "Pending";
  s.containers.push_back({"app", "", ContainerRuntimeStatus::State::kWaiting, {}});
  SetStatus("u1", s);
  Advance(seconds(10));
  EXPECT_EQ(Calls("live"), 0);
  EXPECT_EQ(manager_->WorkerCount(), 1u);
  Running("u1", "containerd://c1", clock_.Now());
  Advance(seconds(10));
  EXPECT_EQ(Calls("live"), 1);
}

TEST_F(ProberManagerTest, DeletedPodReportsAliveAndStops) {
  Running("u1", "containerd://c1", clock_.Now());
  auto pod = Pod("u1", json::object{{"livenessProbe", Probe("live")}});
  json::object deleting = *pod;
  deleting["metadata"].as_object()["deletionTimestamp"] = client::FormatTime(clock_.Now());
  Exit("live", 1);
  manager_->AddPod(client::MakeObject(deleting));
  Settle();
  EXPECT_EQ(manager_->WorkerCount(), 0u);
  EXPECT_EQ(Calls("live"), 0);
}

TEST_F(ProberManagerTest, UpdatePodStatusReadiness) {
  Running("u1", "containerd://c1", clock_.Now());
  // No readiness probe: ready as soon as it runs.
  manager_->AddPod(Pod("u1", json::object{{"livenessProbe", Probe("live")}}));
  json::object status = json::parse(R"({"containerStatuses":[{"name":"app","containerID":"containerd://c1",
      "state":{"running":{}}}],
      "initContainerStatuses":[{"name":"init","containerID":"containerd://i1","state":{"terminated":{"exitCode":0}}},
                               {"name":"bad","containerID":"containerd://i2","ready":false,
                                "state":{"terminated":{"exitCode":2}}}]})").as_object();
  json::object pod = *Pod("u1", {});
  pod["spec"].as_object()["initContainers"] = json::array{json::object{{"name", "init"}}, json::object{{"name", "bad"}}};
  manager_->UpdatePodStatus(pod, status);
  EXPECT_EQ(status.at("containerStatuses").at(0).at("started"), true);
  EXPECT_EQ(status.at("containerStatuses").at(0).at("ready"), true);
  EXPECT_EQ(status.at("initContainerStatuses").at(0).at("ready"), true);
  EXPECT_EQ(status.at("initContainerStatuses").at(0).at("started"), false);
  EXPECT_EQ(status.at("initContainerStatuses").at(1).at("ready"), false);

  // A readiness probe without a success yet: not ready, and probed now.
  Running("u2", "containerd://c2", clock_.Now());
  Exit("ready", 1);
  manager_->AddPod(Pod("u2", json::object{{"readinessProbe", Probe("ready", 60)}}));
  Settle();
  int before = Calls("ready");
  json::object status2 = json::parse(R"({"containerStatuses":[{"name":"app","containerID":"containerd://c2",
      "state":{"running":{}}}]})").as_object();
  manager_->UpdatePodStatus(*Pod("u2", {}), status2);
  EXPECT_EQ(status2.at("containerStatuses").at(0).at("ready"), false);
  Settle();
  EXPECT_EQ(Calls("ready"), before + 1);
  // Not running: neither started nor ready.
  json::object waiting = json::parse(R"({"containerStatuses":[{"name":"app","ready":false,
      "state":{"waiting":{}}}]})").as_object();
  manager_->UpdatePodStatus(*Pod("u2", {}), waiting);
  EXPECT_EQ(waiting.at("containerStatuses").at(0).at("started"), false);
  EXPECT_EQ(waiting.at("containerStatuses").at(0).at("ready"), false);
}

TEST_F(ProberManagerTest, RemoveStopAndCleanup) {
  for (const char* uid : {"a", "b", "c"}) {
    Running(uid, std::string("containerd://") + uid, clock_.Now());
    manager_->AddPod(Pod(uid, json::object{{"readinessProbe", Probe("ready")},
                                           {"livenessProbe", Probe("live")},
                                           {"startupProbe", Probe("startup")}}));
  }
  Settle();
  EXPECT_EQ(manager_->WorkerCount(), 9u);
  manager_->AddPod(Pod("a", json::object{{"readinessProbe", Probe("ready")}}));  // already there
  EXPECT_EQ(manager_->WorkerCount(), 9u);
  manager_->StopLivenessAndStartup(*Pod("a", json::object{{"livenessProbe", Probe("live")},
                                                          {"startupProbe", Probe("startup")}}));
  Settle();
  EXPECT_EQ(manager_->WorkerCount(), 7u);
  manager_->RemovePod(*Pod("b", json::object{{"readinessProbe", Probe("ready")},
                                             {"livenessProbe", Probe("live")},
                                             {"startupProbe", Probe("startup")}}));
  Settle();
  EXPECT_EQ(manager_->WorkerCount(), 4u);
  manager_->CleanupPods({"a"});
  Settle();
  EXPECT_EQ(manager_->WorkerCount(), 1u);
}

TEST_F(ProberManagerTest, SidecarsAreProbed) {
  json::object pod = *Pod("u1", {});
  pod["spec"].as_object()["initContainers"] = json::array{
      json::object{{"name", "proxy"}, {"restartPolicy", "Always"}, {"readinessProbe", Probe("ready")}},
      json::object{{"name", "setup"}, {"readinessProbe", Probe("ready")}}};
  PodRuntimeStatus s;
  s.phase = "Running";
  s.init_containers.push_back({"proxy", "containerd://p1", ContainerRuntimeStatus::State::kRunning, clock_.Now()});
  SetStatus("u1", s);
  manager_->AddPod(client::MakeObject(pod));
  Settle();
  EXPECT_EQ(manager_->WorkerCount(), 1u);
  EXPECT_EQ(manager_->readiness().Get("containerd://p1"), ProbeResult::kSuccess);
}

TEST_F(ProberManagerTest, FiftyPodsShareAFewThreads) {
  for (int i = 0; i < 50; ++i) {
    std::string uid = "p" + std::to_string(i);
    Running(uid, "containerd://" + uid, clock_.Now());
    manager_->AddPod(Pod(uid, json::object{{"readinessProbe", Probe("ready")}, {"livenessProbe", Probe("live")}}));
  }
  Settle();
  Advance(seconds(10));
  EXPECT_EQ(manager_->WorkerCount(), 100u);
  EXPECT_EQ(Calls("ready"), 100);
  EXPECT_EQ(Calls("live"), 100);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(manager_->readiness().Get("containerd://p" + std::to_string(i)), ProbeResult::kSuccess);
  }
}

}  // namespace
}  // namespace kubepp::kubelet::prober
