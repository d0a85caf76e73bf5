// PodSyncer over the in-memory runtime and API: the pod workers' decisions
// end to end — start, restart with CrashLoopBackOff, image pull failures,
// deletion with its grace period, and orphans left in the runtime.
#include "kubelet/pod_syncer.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "controllers/util/object_fields.h"
#include "fakes/fake_api_client.h"
#include "fakes/fake_event_recorder.h"
#include "fakes/fake_runtime.h"
#include "kubelet/eviction/runtime_disk_reclaimer.h"
#include "kubelet/kuberuntime/runtime_manager.h"

namespace kubepp::kubelet {
namespace {

namespace json = boost::json;
namespace v1 = ::runtime::v1;

// Env from literal values only, no volumes: enough for the workers' logic.
class SimpleEnvironment : public PodEnvironment {
 public:
  Status SetUpVolumes(const json::object&) override { return Status::Ok(); }
  Status TearDownPod(const std::string& uid) override {
    torn_down.push_back(uid);
    return Status::Ok();
  }
  Status TearDownVolumes(const std::string& uid) override {
    volumes_torn_down.push_back(uid);
    return Status::Ok();
  }
  StatusOr<ContainerRunSpec> RunSpec(const json::object&, const json::object& c, const std::string&) override {
    ContainerRunSpec run;
    if (const json::value* list = c.if_contains("env")) {
      for (const auto& e : list->as_array()) {
        if (e.as_object().contains("valueFrom")) return Status::NotFound("configmap \"x\" not found");
        run.env.emplace_back(e.at("name").as_string(), e.at("value").as_string());
      }
    }
    if (const json::value* list = c.if_contains("command")) {
      for (const auto& v : list->as_array()) run.command.emplace_back(v.as_string());
    }
    return run;
  }
  StatusOr<std::vector<ContainerMount>> Mounts(const json::object&, const json::object&,
                                               const std::string&) override {
    return std::vector<ContainerMount>{};
  }
  ContainerResources Resources(const json::object&, const json::object&) override { return {}; }
  std::string CgroupParent(const json::object&) override { return "/kubepods/besteffort/podx"; }
  PodPullSecrets PullCredentials(const json::object&) override { return {}; }
  std::string TerminationMessagePath(const json::object&, const json::object&, int) override { return ""; }

  std::vector<std::string> torn_down;
  std::vector<std::string> volumes_torn_down;
};

// The pods' log directories, in a scratch directory removed after the test.
class LogRoot {
 public:
  LogRoot() {
    std::string templ = "/tmp/kubepp-syncer-logs-XXXXXX";
    EXPECT_NE(::mkdtemp(templ.data()), nullptr);
    path_ = templ;
  }
  ~LogRoot() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  LogRoot(const LogRoot&) = delete;
  LogRoot& operator=(const LogRoot&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

const client::Resource& Pods() {
  static const client::Resource r = client::Resource::Of("", "pods");
  return r;
}

class PodSyncerTest : public ::testing::Test {
 protected:
  PodSyncerTest()
      : api_(fakes::FakeApiClient::Create(clock_)),
        runtime_(clock_),
        manager_(runtime_, runtime_, environment_, recorder_, clock_, RuntimeManagerOptions{logs_.path()}),
        statuses_(*api_),
        syncer_(manager_, environment_, statuses_, clock_, PodSyncerOptions{1, std::chrono::minutes(1), {"10.0.0.1"}}) {
    runtime_.AddImage("busybox:1.35");
  }

  // `container_fields` join the container's spec ("lifecycle", ...).
  client::ObjectPtr CreatePod(std::string_view name, std::string_view restart_policy = "Always",
                              std::string_view image = "busybox:1.35", const json::object& container_fields = {}) {
    json::object pod = json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"namespace":"default"},
      "spec":{"nodeName":"node-1","terminationGracePeriodSeconds":30,
              "containers":[{"name":"main","image":"","imagePullPolicy":"IfNotPresent"}]}})")
                           .as_object();
    pod["metadata"].as_object()["name"] = name;
    pod["spec"].as_object()["restartPolicy"] = restart_policy;
    pod["spec"].as_object()["containers"].as_array()[0].as_object()["image"] = image;
    for (const auto& [key, value] : container_fields) {
      pod["spec"].as_object()["containers"].as_array()[0].as_object()[key] = value;
    }
    auto created = api_->Create(Pods(), "default", pod);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    syncer_.UpsertPod(*created);
    return *created;
  }

  // Re-reads the pod from the API and hands it to the syncer, as the informer would.
  client::ObjectPtr Refresh(const client::ObjectPtr& pod) {
    auto now = api_->Get(Pods(), "default", client::NameOf(*pod));
    if (!now.ok()) return nullptr;
    syncer_.UpsertPod(*now);
    return *now;
  }

  void Sync(const client::ObjectPtr& pod) { syncer_.SyncOne(std::string(client::UidOf(*pod))); }

  const json::object& Status(const client::ObjectPtr& pod) { return pod->at("status").as_object(); }
  const json::object& MainStatus(const client::ObjectPtr& pod) {
    return Status(pod).at("containerStatuses").as_array()[0].as_object();
  }

  LogRoot logs_;  // first: the managers write below it until they go
  FakeClock clock_;
  std::unique_ptr<fakes::FakeApiClient> api_;
  fakes::FakeRuntime runtime_;
  SimpleEnvironment environment_;
  fakes::FakeEventRecorder recorder_;
  RuntimeManager manager_;
  StatusManager statuses_;
  PodSyncer syncer_;
};

TEST_F(PodSyncerTest, StartsThePodAndReportsRunning) {
  auto pod = CreatePod("web");
  Sync(pod);
  pod = Refresh(pod);
  EXPECT_EQ(Status(pod).at("phase").as_string(), "Running");
  EXPECT_TRUE(MainStatus(pod).at("ready").as_bool());
  EXPECT_TRUE(MainStatus(pod).at("state").as_object().contains("running"));
  EXPECT_EQ(Status(pod).at("podIP").as_string().subview(0, 5), "10.88");
  EXPECT_EQ(Status(pod).at("hostIP").as_string(), "10.0.0.1");
  EXPECT_TRUE(runtime_.ContainerIdOf(std::string(client::UidOf(*pod)), "main").has_value());
}

TEST_F(PodSyncerTest, CrashingContainerRestartsWithBackOff) {
  auto pod = CreatePod("crash");
  std::string uid(client::UidOf(*pod));
  Sync(pod);
  ASSERT_TRUE(runtime_.ExitContainer(*runtime_.ContainerIdOf(uid, "main"), 1).ok());
  // The first restart is immediate.
  Sync(Refresh(pod));
  pod = Refresh(pod);
  EXPECT_EQ(MainStatus(pod).at("restartCount").as_int64(), 1) << json::serialize(MainStatus(pod));
  EXPECT_TRUE(MainStatus(pod).at("state").as_object().contains("running"));
  // The second waits out a 10 s back-off.
  ASSERT_TRUE(runtime_.ExitContainer(*runtime_.ContainerIdOf(uid, "main"), 1).ok());
  Sync(Refresh(pod));
  pod = Refresh(pod);
  const json::object& waiting = MainStatus(pod).at("state").at("waiting").as_object();
  EXPECT_EQ(waiting.at("reason").as_string(), "CrashLoopBackOff");
  EXPECT_EQ(waiting.at("message").as_string(),
            "back-off 10s restarting failed container=main pod=crash_default(" + uid + ")");
  EXPECT_EQ(MainStatus(pod).at("lastState").at("terminated").at("exitCode").as_int64(), 1);
  EXPECT_EQ(Status(pod).at("phase").as_string(), "Running");
  clock_.Advance(std::chrono::seconds(10));
  Sync(Refresh(pod));
  pod = Refresh(pod);
  EXPECT_EQ(MainStatus(pod).at("restartCount").as_int64(), 2);
  EXPECT_TRUE(MainStatus(pod).at("state").as_object().contains("running"));
  // The third waits 20 s.
  ASSERT_TRUE(runtime_.ExitContainer(*runtime_.ContainerIdOf(uid, "main"), 1).ok());
  clock_.Advance(std::chrono::seconds(15));
  Sync(Refresh(pod));
  pod = Refresh(pod);
  EXPECT_EQ(MainStatus(pod).at("state").at("waiting").at("message").as_string().subview(0, 12), "back-off 20s");
}

TEST_F(PodSyncerTest, CrashLoopBackOffStopsGrowingAtFiveMinutes) {
  auto pod = CreatePod("loop");
  std::string uid(client::UidOf(*pod));
  Sync(pod);
  std::vector<std::string> delays;
  for (int crash = 0; crash < 8; ++crash) {
    ASSERT_TRUE(runtime_.ExitContainer(*runtime_.ContainerIdOf(uid, "main"), 1).ok());
    Sync(Refresh(pod));
    pod = Refresh(pod);
    const json::object& state = MainStatus(pod).at("state").as_object();
    if (const json::value* waiting = state.if_contains("waiting")) {
      std::string_view message = waiting->at("message").as_string();
      delays.emplace_back(message.substr(9, message.find(' ', 9) - 9));  // "back-off <d> restarting..."
      clock_.Advance(std::chrono::minutes(5));
      Sync(Refresh(pod));
    }
    ASSERT_TRUE(MainStatus(Refresh(pod)).at("state").as_object().contains("running"));
  }
  EXPECT_EQ(delays, (std::vector<std::string>{"10s", "20s", "40s", "1m20s", "2m40s", "5m0s", "5m0s"}));
}

TEST_F(PodSyncerTest, NeverRestartPolicyEndsFailed) {
  auto pod = CreatePod("once", "Never");
  std::string uid(client::UidOf(*pod));
  Sync(pod);
  ASSERT_TRUE(runtime_.ExitContainer(*runtime_.ContainerIdOf(uid, "main"), 2).ok());
  Sync(Refresh(pod));
  pod = Refresh(pod);
  EXPECT_EQ(Status(pod).at("phase").as_string(), "Failed");
  EXPECT_EQ(MainStatus(pod).at("state").at("terminated").at("reason").as_string(), "Error");
  // A terminal pod's sandbox is stopped, and its volumes removed; the pod stays.
  EXPECT_TRUE(environment_.volumes_torn_down.empty());
  Sync(pod);
  auto rt = manager_.GetPodStatus(uid);
  ASSERT_TRUE(rt.ok());
  for (const auto& s : rt->sandboxes) EXPECT_FALSE(s.ready);
  EXPECT_EQ(environment_.volumes_torn_down, std::vector<std::string>{uid});
  EXPECT_TRUE(environment_.torn_down.empty());
}

TEST_F(PodSyncerTest, DiskReclaimRemovesWhatFinishedPodsLeftAndTheirStatusStays) {
  auto done = CreatePod("done", "Never");
  std::string done_uid(client::UidOf(*done));
  Sync(done);
  ASSERT_TRUE(runtime_.ExitContainer(*runtime_.ContainerIdOf(done_uid, "main"), 1).ok());
  Sync(Refresh(done));
  done = Refresh(done);
  ASSERT_EQ(Status(done).at("phase").as_string(), "Failed");
  Sync(done);  // stops its sandbox
  auto busy = CreatePod("busy", "Always");
  std::string busy_uid(client::UidOf(*busy));
  Sync(busy);

  eviction::RuntimeDiskReclaimer reclaimer(manager_, nullptr, [this](const std::string& uid) {
    client::ObjectPtr pod = syncer_.PodByUid(uid);
    return pod && IsTerminalPhase(controllers::util::StringAt(*pod, {"status", "phase"}));
  });
  ASSERT_TRUE(reclaimer.DeleteAllUnusedContainers().ok());
  auto gone = manager_.GetPodStatus(done_uid);
  ASSERT_TRUE(gone.ok());
  EXPECT_TRUE(gone->containers.empty());
  EXPECT_TRUE(gone->sandboxes.empty());
  auto running = manager_.GetPodStatus(busy_uid);
  ASSERT_TRUE(running.ok());
  ASSERT_EQ(running->containers.size(), 1u);
  EXPECT_EQ(running->containers[0].state, ContainerState::kRunning);

  // The finished pod's status stays what it was, containers gone or not.
  Sync(Refresh(done));
  done = Refresh(done);
  EXPECT_EQ(Status(done).at("phase").as_string(), "Failed");
  EXPECT_EQ(MainStatus(done).at("state").at("terminated").at("exitCode").as_int64(), 1);
}

TEST_F(PodSyncerTest, MissingImageGoesFromErrImagePullToImagePullBackOff) {
  auto pod = CreatePod("ghost", "Always", "example.com/ghost:1");
  Sync(pod);
  pod = Refresh(pod);
  EXPECT_EQ(MainStatus(pod).at("state").at("waiting").at("reason").as_string(), "ErrImagePull");
  Sync(pod);
  pod = Refresh(pod);
  EXPECT_EQ(MainStatus(pod).at("state").at("waiting").at("reason").as_string(), "ImagePullBackOff");
  EXPECT_EQ(MainStatus(pod).at("state").at("waiting").at("message").as_string(),
            "Back-off pulling image \"example.com/ghost:1\": ErrImagePull: rpc error: code = NotFound desc = "
            "failed to pull and unpack image \"example.com/ghost:1\": failed to resolve reference "
            "\"example.com/ghost:1\": example.com/ghost:1: not found");
  // Pullable later: the next attempt after the back-off succeeds.
  runtime_.AddPullableImage("example.com/ghost:1");
  clock_.Advance(std::chrono::seconds(11));
  Sync(pod);
  pod = Refresh(pod);
  EXPECT_TRUE(MainStatus(pod).at("state").as_object().contains("running")) << json::serialize(MainStatus(pod));
}

TEST_F(PodSyncerTest, ConfigErrorIsReportedAsCreateContainerConfigError) {
  json::object pod = json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"namespace":"default","name":"cfg"},
    "spec":{"nodeName":"node-1","containers":[{"name":"main","image":"busybox:1.35",
      "env":[{"name":"A","valueFrom":{"configMapKeyRef":{"name":"x","key":"k"}}}]}]}})")
                         .as_object();
  auto created = api_->Create(Pods(), "default", pod);
  ASSERT_TRUE(created.ok());
  syncer_.UpsertPod(*created);
  Sync(*created);
  auto now = Refresh(*created);
  const json::object& waiting = MainStatus(now).at("state").at("waiting").as_object();
  EXPECT_EQ(waiting.at("reason").as_string(), "CreateContainerConfigError");
  EXPECT_EQ(waiting.at("message").as_string(), "configmap \"x\" not found");
}

TEST_F(PodSyncerTest, DeletedPodIsStoppedThenRemovedFromTheApi) {
  auto pod = CreatePod("gone");
  std::string uid(client::UidOf(*pod));
  Sync(pod);
  client::DeleteOptions options;
  options.grace_period_seconds = 5;
  ASSERT_TRUE(api_->Delete(Pods(), "default", "gone", options).ok());
  pod = Refresh(pod);
  ASSERT_NE(pod, nullptr) << "a scheduled pod is deleted gracefully";
  Sync(pod);
  EXPECT_FALSE(api_->Get(Pods(), "default", "gone").ok()) << "the kubelet removes it once stopped";
  auto rt = manager_.GetPodStatus(uid);
  ASSERT_TRUE(rt.ok());
  EXPECT_TRUE(rt->Empty());
  EXPECT_EQ(environment_.torn_down, std::vector<std::string>{uid});
}

TEST_F(PodSyncerTest, OrphanedContainersAreRemoved) {
  auto pod = CreatePod("orphan");
  std::string uid(client::UidOf(*pod));
  Sync(pod);
  syncer_.RemovePod(uid);
  syncer_.SyncOne(uid);
  auto rt = manager_.GetPodStatus(uid);
  ASSERT_TRUE(rt.ok());
  EXPECT_TRUE(rt->Empty());
}

TEST_F(PodSyncerTest, RunningContainersAreAdoptedNotRestarted) {
  auto pod = CreatePod("steady");
  std::string uid(client::UidOf(*pod));
  Sync(pod);
  std::string id = *runtime_.ContainerIdOf(uid, "main");
  // A second kubelet (fresh managers, same runtime) keeps the container.
  SimpleEnvironment env2;
  RuntimeManager manager2(runtime_, runtime_, env2, recorder_, clock_, RuntimeManagerOptions{logs_.path()});
  StatusManager statuses2(*api_);
  PodSyncer syncer2(manager2, env2, statuses2, clock_, PodSyncerOptions{1, std::chrono::minutes(1), {"10.0.0.1"}});
  syncer2.UpsertPod(Refresh(pod));
  syncer2.SyncOne(uid);
  EXPECT_EQ(*runtime_.ContainerIdOf(uid, "main"), id);
  pod = Refresh(pod);
  EXPECT_EQ(MainStatus(pod).at("restartCount").as_int64(), 0);
}

TEST_F(PodSyncerTest, RefusedPodNeverStartsAndIsReportedFailed) {
  PodSyncer syncer(manager_, environment_, statuses_, clock_,
                   PodSyncerOptions{1, std::chrono::minutes(1), {"10.0.0.1"}, &recorder_});
  int asked = 0;
  syncer.AddAdmitHandler([&](const json::object&, const std::vector<client::ObjectPtr>&) {
    ++asked;
    return PodAdmitResult{false, "Evicted", "The node had condition: [MemoryPressure]. "};
  });
  json::object spec = json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"namespace":"default","name":"late"},
    "spec":{"nodeName":"node-1","containers":[{"name":"main","image":"busybox:1.35"}]}})")
                          .as_object();
  auto pod = *api_->Create(Pods(), "default", spec);
  std::string uid(client::UidOf(*pod));
  syncer.UpsertPod(pod);
  syncer.SyncOne(uid);
  pod = *api_->Get(Pods(), "default", "late");
  syncer.UpsertPod(pod);
  syncer.SyncOne(uid);
  EXPECT_EQ(asked, 1) << "a pod is admitted or refused once";
  EXPECT_EQ(Status(pod).at("phase").as_string(), "Failed");
  EXPECT_EQ(Status(pod).at("reason").as_string(), "Evicted");
  EXPECT_EQ(Status(pod).at("message").as_string(), "Pod was rejected: The node had condition: [MemoryPressure]. ");
  EXPECT_EQ(Status(pod).at("qosClass").as_string(), "BestEffort");
  EXPECT_FALSE(Status(pod).contains("containerStatuses"));
  EXPECT_FALSE(runtime_.SandboxIdOf(uid).has_value()) << "nothing was started";
  EXPECT_TRUE(syncer.ActivePods().empty());
  bool evented = false;
  for (const auto& e : recorder_.Events()) {
    evented = evented || (e.object_key == "default/late" && e.type == "Warning" && e.reason == "Evicted" &&
                          e.message == "The node had condition: [MemoryPressure]. ");
  }
  EXPECT_TRUE(evented);
}

TEST_F(PodSyncerTest, AdmittedPodsAreActiveUntilTheyFinish) {
  std::vector<std::string> seen_admitted;
  syncer_.AddAdmitHandler([&](const json::object& pod, const std::vector<client::ObjectPtr>& admitted) {
    seen_admitted.push_back(std::string(client::NameOf(pod)) + ":" + std::to_string(admitted.size()));
    return PodAdmitResult{};
  });
  auto first = CreatePod("first");
  Sync(first);
  auto second = CreatePod("second", "Never");
  Sync(second);
  EXPECT_EQ(seen_admitted, (std::vector<std::string>{"first:0", "second:1"}));
  EXPECT_EQ(syncer_.ActivePods().size(), 2u);
  std::string id = *runtime_.ContainerIdOf(std::string(client::UidOf(*second)), "main");
  ASSERT_TRUE(runtime_.ExitContainer(id, 0).ok());
  Sync(second);
  Refresh(second);
  std::vector<client::ObjectPtr> active = syncer_.ActivePods();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(client::NameOf(*active[0]), "first");
}

TEST_F(PodSyncerTest, TerminatedPodStopsAndEndsFailedWithTheTerminationsStatus) {
  auto pod = CreatePod("victim");
  std::string uid(client::UidOf(*pod));
  Sync(pod);
  pod = Refresh(pod);
  ASSERT_EQ(Status(pod).at("phase").as_string(), "Running");
  syncer_.Start();
  PodTermination termination;
  termination.grace_seconds = 0;
  termination.reason = "Evicted";
  termination.message = "The node was low on resource: memory. ";
  termination.condition = json::object{{"type", "DisruptionTarget"}, {"status", "True"},
                                       {"reason", "TerminationByKubelet"}, {"message", termination.message}};
  ASSERT_TRUE(syncer_.TerminatePod(uid, termination, std::chrono::seconds(10)).ok());
  EXPECT_TRUE(syncer_.ActivePods().empty());
  syncer_.Stop();
  pod = Refresh(pod);
  EXPECT_EQ(Status(pod).at("phase").as_string(), "Failed");
  EXPECT_EQ(Status(pod).at("reason").as_string(), "Evicted");
  EXPECT_EQ(Status(pod).at("message").as_string(), termination.message);
  EXPECT_TRUE(MainStatus(pod).at("state").as_object().contains("terminated"));
  bool disruption = false;
  for (const auto& c : Status(pod).at("conditions").as_array()) {
    disruption = disruption || c.at("type").as_string() == "DisruptionTarget";
  }
  EXPECT_TRUE(disruption);
  // Its volumes are gone with its containers.
  EXPECT_NE(std::find(environment_.volumes_torn_down.begin(), environment_.volumes_torn_down.end(), uid),
            environment_.volumes_torn_down.end());
  // The pod stays in the API, Failed, and is not started again.
  Sync(pod);
  pod = Refresh(pod);
  EXPECT_EQ(Status(pod).at("phase").as_string(), "Failed");
  EXPECT_EQ(Status(pod).at("reason").as_string(), "Evicted");
  auto rt = manager_.GetPodStatus(uid);
  ASSERT_TRUE(rt.ok());
  for (const auto& c : rt->containers) EXPECT_NE(c.state, ContainerState::kRunning);
  EXPECT_EQ(syncer_.TerminatePod("no-such-uid", termination, std::chrono::seconds(1)).reason(), Reason::kNotFound);
}

json::object Lifecycle(std::string_view hook, std::string_view command) {
  json::object handler{{"exec", {{"command", json::array{"sh", "-c", command}}}}};
  return {{"lifecycle", {{hook, handler}}}};
}

TEST_F(PodSyncerTest, DeletedPodRunsPreStopThenStopsWithWhatIsLeftOfTheGracePeriod) {
  auto pod = CreatePod("drain", "Always", "busybox:1.35", Lifecycle("preStop", "drain-connections"));
  std::string uid(client::UidOf(*pod));
  Sync(pod);
  std::vector<std::string> hook;
  runtime_.SetExecHandler([&](const std::string&, const std::vector<std::string>& cmd) -> StatusOr<v1::ExecSyncResponse> {
    hook = cmd;
    clock_.Advance(std::chrono::seconds(12));  // the hook takes 12 of the 30 s
    return v1::ExecSyncResponse();
  });
  runtime_.ClearCalls();
  client::DeleteOptions options;
  options.grace_period_seconds = 30;
  ASSERT_TRUE(api_->Delete(Pods(), "default", "drain", options).ok());
  Sync(Refresh(pod));
  EXPECT_EQ(hook, (std::vector<std::string>{"sh", "-c", "drain-connections"}));
  auto calls = runtime_.Calls();
  auto exec = std::find(calls.begin(), calls.end(), "ExecSync");
  auto stop = std::find(calls.begin(), calls.end(), "StopContainer");
  ASSERT_NE(exec, calls.end());
  ASSERT_NE(stop, calls.end());
  EXPECT_LT(exec, stop) << "preStop runs before the container is signalled";
  auto stops = runtime_.Stops();
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0].timeout(), 18) << "the stop gets the grace period the hook left";
}

TEST_F(PodSyncerTest, FailingPreStopIsReportedAndTheContainerStillStops) {
  auto pod = CreatePod("stubborn", "Always", "busybox:1.35", Lifecycle("preStop", "exit 7"));
  Sync(pod);
  runtime_.SetExecHandler([](const std::string&, const std::vector<std::string>&) -> StatusOr<v1::ExecSyncResponse> {
    v1::ExecSyncResponse r;
    r.set_exit_code(7);
    return r;
  });
  client::DeleteOptions options;
  options.grace_period_seconds = 5;
  ASSERT_TRUE(api_->Delete(Pods(), "default", "stubborn", options).ok());
  Sync(Refresh(pod));
  bool reported = false;
  for (const auto& e : recorder_.Events()) {
    if (e.reason == "FailedPreStopHook") {
      reported = true;
      EXPECT_EQ(e.type, "Warning");
      EXPECT_NE(e.message.find("Exec lifecycle hook ([sh -c exit 7])"), std::string::npos) << e.message;
    }
  }
  EXPECT_TRUE(reported);
  ASSERT_EQ(runtime_.Stops().size(), 1u);
  EXPECT_EQ(runtime_.Stops()[0].timeout(), 5);
}

TEST_F(PodSyncerTest, EveryStopGetsAtLeastTwoSeconds) {
  auto pod = CreatePod("forced");
  std::string uid(client::UidOf(*pod));
  Sync(pod);
  auto rt = manager_.GetPodStatus(uid);
  ASSERT_TRUE(rt.ok());
  ASSERT_TRUE(manager_.KillPod(pod.get(), *rt, 0).ok());
  ASSERT_EQ(runtime_.Stops().size(), 1u);
  EXPECT_EQ(runtime_.Stops()[0].timeout(), 2) << "as upstream's minimumGracePeriodInSeconds";
}

TEST_F(PodSyncerTest, FailingPostStartKillsTheContainerAndShowsPostStartHookError) {
  auto pod = CreatePod("nostart", "Always", "busybox:1.35", Lifecycle("postStart", "exit 1"));
  std::string uid(client::UidOf(*pod));
  runtime_.SetExecHandler([](const std::string&, const std::vector<std::string>&) -> StatusOr<v1::ExecSyncResponse> {
    v1::ExecSyncResponse r;
    r.set_exit_code(1);
    r.set_stderr("no config");
    return r;
  });
  Sync(pod);
  std::string hook_message;
  bool killed = false;
  for (const auto& e : recorder_.Events()) {
    if (e.reason == "FailedPostStartHook") hook_message = e.message;
    if (e.reason == "Killing") killed = e.message == "FailedPostStartHook";
  }
  EXPECT_EQ(hook_message, "Exec lifecycle hook ([sh -c exit 1]) for Container \"main\" in Pod \"nostart_default(" +
                              uid + ")\" failed - error: command 'sh -c exit 1' exited with 1: no config, message: "
                              "\"no config\"");
  EXPECT_TRUE(killed) << "the container is stopped with FailedPostStartHook as its message";
  auto rt = manager_.GetPodStatus(uid);
  ASSERT_TRUE(rt.ok());
  ASSERT_NE(rt->Newest("main"), nullptr);
  EXPECT_NE(rt->Newest("main")->state, ContainerState::kRunning);
  pod = Refresh(pod);
  const json::object& waiting = MainStatus(pod).at("state").at("waiting").as_object();
  EXPECT_EQ(waiting.at("reason").as_string(), "PostStartHookError") << json::serialize(MainStatus(pod));
  EXPECT_EQ(waiting.at("message").as_string(), hook_message);
}

}  // namespace
}  // namespace kubepp::kubelet
