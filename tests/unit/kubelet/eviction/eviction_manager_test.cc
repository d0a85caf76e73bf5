// The eviction manager's rounds on a FakeClock over fake summaries: pressure
// conditions and their transition period, hard and soft thresholds, one pod
// per round ranked as upstream, critical pods spared, node-level disk freed
// before pods are evicted, admission under pressure, and the thread's rounds.
#include "kubelet/eviction/eviction_manager.h"

#include <gtest/gtest.h>

#include <thread>

#include "../test_util.h"
#include "fakes/fake_disk_reclaimer.h"
#include "fakes/fake_event_recorder.h"
#include "fakes/fake_summary_provider.h"

namespace kubepp::kubelet::eviction {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::Json;

constexpr uint64_t kMi = 1 << 20;
constexpr uint64_t kGi = kMi << 10;

struct Kill {
  std::string pod;
  PodTermination termination;
};

client::ObjectPtr Pod(const std::string& name, const std::string& memory_request = "",
                      int64_t grace = 30, const std::string& extra_metadata = "") {
  std::string resources =
      memory_request.empty() ? "{}" : R"({"requests":{"memory":")" + memory_request + R"("}})";
  return client::MakeObject(Json(
      R"({"metadata":{"name":")" + name + R"(","namespace":"ns","uid":")" + name + "\"" +
      extra_metadata + R"(},"spec":{"terminationGracePeriodSeconds":)" + std::to_string(grace) +
      R"(,"containers":[{"name":"app","resources":)" + resources + "}]}}"));
}

Threshold Parse(const std::string& hard, const std::string& soft = "",
                const std::string& grace = "") {
  ThresholdFlags flags;
  flags.hard = hard;
  flags.soft = soft;
  flags.soft_grace_period = grace;
  flags.enforce_node_allocatable = {};
  auto parsed = ParseThresholdConfig(flags);
  EXPECT_TRUE(parsed.ok() && parsed->size() == 1) << parsed.status().ToString();
  return parsed->front();
}

class EvictionManagerTest : public ::testing::Test {
 protected:
  void Make(std::vector<Threshold> thresholds, int64_t max_pod_grace = 0) {
    EvictionConfig config;
    config.thresholds = std::move(thresholds);
    config.pressure_transition_period = minutes(5);
    config.max_pod_grace_period_seconds = max_pod_grace;
    EvictionDeps deps;
    deps.stats = &stats_;
    deps.active_pods = [this] {
      std::lock_guard lock(mu_);
      return pods_;
    };
    deps.kill_pod = [this](const boost::json::object& pod, const PodTermination& termination) {
      std::lock_guard lock(mu_);
      kills_.push_back({std::string(client::NameOf(pod)), termination});
      // The pod is gone from the active pods once killed.
      std::erase_if(pods_, [&](const client::ObjectPtr& p) {
        return client::NameOf(*p) == client::NameOf(pod);
      });
      return Status::Ok();
    };
    deps.reclaimer = &reclaimer_;
    deps.recorder = &recorder_;
    deps.node_events = [this](std::string_view type, std::string_view reason,
                              std::string_view message) {
      std::lock_guard lock(mu_);
      node_events_.push_back(std::string(type) + " " + std::string(reason) + " " +
                             std::string(message));
    };
    manager_ = std::make_unique<EvictionManager>(std::move(config), std::move(deps), clock_);
  }

  void SetPods(std::vector<client::ObjectPtr> pods) {
    std::lock_guard lock(mu_);
    pods_ = std::move(pods);
  }

  // Node memory: `available` of 1Gi; pods use what `pod_memory` says.
  void SetMemory(uint64_t available,
                 std::vector<std::pair<std::string, uint64_t>> pod_memory = {}) {
    Summary s;
    s.node.memory = MemoryStats{clock_.Now(), available, kGi - available};
    s.node.nodefs = FsStats{};
    s.node.nodefs->time = clock_.Now();
    s.node.nodefs->available_bytes = 50 * kGi;
    s.node.nodefs->capacity_bytes = 100 * kGi;
    for (const auto& [uid, bytes] : pod_memory) {
      PodStats p;
      p.uid = uid;
      p.memory_working_set_bytes = bytes;
      p.containers = {ContainerStats{"app", bytes, {}, {}}};
      s.pods.push_back(p);
    }
    stats_.Set(std::move(s));
  }

  void SetNodeFs(uint64_t available) {
    Summary s;
    s.node.nodefs = FsStats{};
    s.node.nodefs->time = clock_.Now();
    s.node.nodefs->available_bytes = available;
    s.node.nodefs->capacity_bytes = 100 * kGi;
    stats_.Set(std::move(s));
  }

  std::vector<Kill> kills() {
    std::lock_guard lock(mu_);
    return kills_;
  }
  std::vector<std::string> node_events() {
    std::lock_guard lock(mu_);
    return node_events_;
  }

  FakeClock clock_;
  fakes::FakeSummaryProvider stats_;
  fakes::FakeDiskReclaimer reclaimer_;
  fakes::FakeEventRecorder recorder_;
  std::mutex mu_;
  std::vector<client::ObjectPtr> pods_;
  std::vector<Kill> kills_;
  std::vector<std::string> node_events_;
  std::unique_ptr<EvictionManager> manager_;
};

TEST_F(EvictionManagerTest, HardMemoryThresholdEvictsTheTopRankedPodAtOnce) {
  Make({Parse("memory.available<100Mi")});
  SetPods({Pod("within", "200Mi"), Pod("hog", "64Mi"), Pod("small")});
  SetMemory(500 * kMi, {{"within", 150 * kMi}, {"hog", 180 * kMi}, {"small", 10 * kMi}});
  EXPECT_EQ(manager_->Synchronize(), nullptr);
  EXPECT_FALSE(manager_->Pressure().memory);
  EXPECT_TRUE(kills().empty());

  clock_.Advance(seconds(10));
  SetMemory(50 * kMi, {{"within", 150 * kMi}, {"hog", 180 * kMi}, {"small", 10 * kMi}});
  client::ObjectPtr evicted = manager_->Synchronize();
  ASSERT_NE(evicted, nullptr);
  EXPECT_EQ(client::NameOf(*evicted), "hog");
  EXPECT_TRUE(manager_->Pressure().memory);
  EXPECT_FALSE(manager_->Pressure().disk);
  std::vector<Kill> killed = kills();
  ASSERT_EQ(killed.size(), 1u);
  const PodTermination& t = killed[0].termination;
  EXPECT_EQ(t.grace_seconds, 0);
  EXPECT_EQ(t.reason, "Evicted");
  const std::string message =
      "The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. "
      "Container app was using 180Mi, request is 64Mi, has larger consumption of memory. ";
  EXPECT_EQ(t.message, message);
  ASSERT_TRUE(t.condition.has_value());
  EXPECT_EQ(t.condition->at("type").as_string(), "DisruptionTarget");
  EXPECT_EQ(t.condition->at("status").as_string(), "True");
  EXPECT_EQ(t.condition->at("reason").as_string(), "TerminationByKubelet");
  EXPECT_EQ(t.condition->at("message").as_string(), message);
  auto events = recorder_.Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].object_key, "ns/hog");
  EXPECT_EQ(events[0].type, "Warning");
  EXPECT_EQ(events[0].reason, "Evicted");
  EXPECT_EQ(events[0].message, message);
  EXPECT_EQ(node_events(),
            std::vector<std::string>{"Warning EvictionThresholdMet Attempting to reclaim memory"});
}

TEST_F(EvictionManagerTest, OnePodPerRoundWhileThePressureLasts) {
  Make({Parse("memory.available<100Mi")});
  SetPods({Pod("a"), Pod("b")});
  SetMemory(50 * kMi, {{"a", 300 * kMi}, {"b", 200 * kMi}});
  ASSERT_NE(manager_->Synchronize(), nullptr);
  EXPECT_EQ(kills().size(), 1u);
  clock_.Advance(seconds(10));
  SetMemory(60 * kMi, {{"b", 200 * kMi}});
  client::ObjectPtr second = manager_->Synchronize();
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(client::NameOf(*second), "b");
  // Without fresher figures nothing more happens.
  SetPods({Pod("c")});
  EXPECT_EQ(manager_->Synchronize(), nullptr);
  EXPECT_EQ(kills().size(), 2u);
}

TEST_F(EvictionManagerTest, PressureOutlivesItsLastObservationByTheTransitionPeriod) {
  Make({Parse("memory.available<100Mi")});
  SetMemory(50 * kMi);
  manager_->Synchronize();
  EXPECT_TRUE(manager_->Pressure().memory);
  clock_.Advance(seconds(10));
  SetMemory(800 * kMi);
  manager_->Synchronize();
  EXPECT_TRUE(manager_->Pressure().memory);
  clock_.Advance(minutes(4));
  manager_->Synchronize();
  EXPECT_TRUE(manager_->Pressure().memory);
  clock_.Advance(seconds(50));
  manager_->Synchronize();
  EXPECT_FALSE(manager_->Pressure().memory);
}

TEST_F(EvictionManagerTest, CriticalAndStaticPodsAreNeverEvicted) {
  Make({Parse("memory.available<100Mi")});
  auto critical =
      client::MakeObject(Json(R"({"metadata":{"name":"dns","namespace":"kube-system","uid":"dns"},
    "spec":{"priority":2000000000,"priorityClassName":"system-cluster-critical","containers":[{"name":"app"}]}})"));
  auto static_pod = Pod("etcd", "", 30, R"(,"annotations":{"kubernetes.io/config.source":"file"})");
  SetPods({critical, static_pod, Pod("plain", "1Gi")});
  SetMemory(50 * kMi, {{"dns", 500 * kMi}, {"etcd", 400 * kMi}, {"plain", 10 * kMi}});
  client::ObjectPtr evicted = manager_->Synchronize();
  ASSERT_NE(evicted, nullptr);
  EXPECT_EQ(client::NameOf(*evicted), "plain");
  ASSERT_EQ(kills().size(), 1u);
}

TEST_F(EvictionManagerTest, SoftThresholdsWaitForTheirGracePeriodAndCapThePodsOwn) {
  Make({Parse("", "memory.available<300Mi", "memory.available=1m")}, /*max_pod_grace=*/20);
  SetPods({Pod("slow", "", 45)});
  SetMemory(200 * kMi, {{"slow", 500 * kMi}});
  EXPECT_EQ(manager_->Synchronize(), nullptr);
  // The condition is raised at once; the eviction waits for the grace period.
  EXPECT_TRUE(manager_->Pressure().memory);
  clock_.Advance(seconds(50));
  SetMemory(200 * kMi, {{"slow", 500 * kMi}});
  EXPECT_EQ(manager_->Synchronize(), nullptr);
  clock_.Advance(seconds(10));
  SetMemory(200 * kMi, {{"slow", 500 * kMi}});
  ASSERT_NE(manager_->Synchronize(), nullptr);
  ASSERT_EQ(kills().size(), 1u);
  EXPECT_EQ(kills()[0].termination.grace_seconds, 20);
}

TEST_F(EvictionManagerTest, SoftEvictionWithoutAMaximumUsesThePodsGracePeriod) {
  Make({Parse("", "memory.available<300Mi", "memory.available=10s")});
  SetPods({Pod("quick", "", 5)});
  SetMemory(200 * kMi, {{"quick", 500 * kMi}});
  EXPECT_EQ(manager_->Synchronize(), nullptr);
  clock_.Advance(seconds(10));
  SetMemory(200 * kMi, {{"quick", 500 * kMi}});
  ASSERT_NE(manager_->Synchronize(), nullptr);
  EXPECT_EQ(kills()[0].termination.grace_seconds, 5);
}

TEST_F(EvictionManagerTest, MinimumReclaimKeepsEvictingUntilThatMuchIsFree) {
  ThresholdFlags flags;
  flags.hard = "memory.available<100Mi";
  flags.minimum_reclaim = "memory.available=200Mi";
  flags.enforce_node_allocatable = {};
  Make(*ParseThresholdConfig(flags));
  SetPods({Pod("a"), Pod("b")});
  SetMemory(50 * kMi, {{"a", 300 * kMi}, {"b", 200 * kMi}});
  ASSERT_NE(manager_->Synchronize(), nullptr);
  clock_.Advance(seconds(10));
  // Above the threshold, but not by the minimum reclaim: still pressure, b goes too.
  SetMemory(250 * kMi, {{"b", 200 * kMi}});
  ASSERT_NE(manager_->Synchronize(), nullptr);
  EXPECT_EQ(kills().size(), 2u);
  clock_.Advance(seconds(10));
  SetMemory(400 * kMi);
  EXPECT_EQ(manager_->Synchronize(), nullptr);
}

TEST_F(EvictionManagerTest, DiskPressureFreesNodeLevelDiskBeforeEvictingPods) {
  Make({Parse("nodefs.available<10%")});
  SetPods({Pod("writer")});
  SetNodeFs(5 * kGi);
  fakes::FakeDiskReclaimer freeing([this] { SetNodeFs(30 * kGi); });
  // A reclaimer that frees enough: nobody is evicted.
  EvictionConfig config;
  config.thresholds = {Parse("nodefs.available<10%")};
  EvictionDeps deps;
  deps.stats = &stats_;
  deps.active_pods = [this] { return pods_; };
  deps.kill_pod = [this](const boost::json::object& pod, const PodTermination& t) {
    kills_.push_back({std::string(client::NameOf(pod)), t});
    return Status::Ok();
  };
  deps.reclaimer = &freeing;
  EvictionManager manager(config, deps, clock_);
  EXPECT_EQ(manager.Synchronize(), nullptr);
  EXPECT_EQ(freeing.calls(), (std::vector<std::string>{"containers", "images"}));
  EXPECT_TRUE(manager.Pressure().disk);
  EXPECT_TRUE(kills().empty());

  // A reclaimer that frees nothing: the pod goes.
  SetNodeFs(5 * kGi);
  ASSERT_NE(manager_->Synchronize(), nullptr);
  EXPECT_EQ(reclaimer_.calls(), (std::vector<std::string>{"containers", "images"}));
  ASSERT_EQ(kills().size(), 1u);
  EXPECT_EQ(kills()[0].termination.message,
            "The node was low on resource: ephemeral-storage. Threshold quantity: 10737418400, "
            "available: 5Gi. ");
}

TEST_F(EvictionManagerTest, WithADedicatedImageFsNodefsPressureFreesNothingNodeLevel) {
  stats_.SetDedicatedImageFs(true);
  Make({Parse("nodefs.available<10%")});
  SetPods({Pod("writer")});
  SetNodeFs(5 * kGi);
  ASSERT_NE(manager_->Synchronize(), nullptr);
  EXPECT_TRUE(reclaimer_.calls().empty());
}

TEST_F(EvictionManagerTest, AdmissionFollowsTheConditionsHeld) {
  Make({Parse("memory.available<100Mi")});
  auto best_effort = Pod("be");
  auto burstable = Pod("bu", "10Mi");
  EXPECT_TRUE(manager_->Admit(*best_effort).admit);
  SetMemory(50 * kMi);
  manager_->Synchronize();
  PodAdmitResult refused = manager_->Admit(*best_effort);
  EXPECT_FALSE(refused.admit);
  EXPECT_EQ(refused.reason, "Evicted");
  EXPECT_EQ(refused.message, "The node had condition: [MemoryPressure]. ");
  EXPECT_TRUE(manager_->Admit(*burstable).admit);
}

TEST_F(EvictionManagerTest, FailedMeasurementsChangeNothing) {
  Make({Parse("memory.available<100Mi")});
  SetMemory(50 * kMi);
  manager_->Synchronize();
  EXPECT_TRUE(manager_->Pressure().memory);
  stats_.SetError(Status::Unavailable("runtime down"));
  clock_.Advance(minutes(10));
  EXPECT_EQ(manager_->Synchronize(), nullptr);
  EXPECT_TRUE(manager_->Pressure().memory);
}

TEST_F(EvictionManagerTest, PodsOverTheirStorageLimitsAreEvictedWithoutAnyThreshold) {
  Make({});
  auto limited = [](const std::string& name) {
    return client::MakeObject(Json(R"({"metadata":{"name":")" + name + R"(","namespace":"ns","uid":")" +
                                   name + R"("},"spec":{"terminationGracePeriodSeconds":30,
      "volumes":[{"name":"cache","emptyDir":{"sizeLimit":"1Mi"}}],"containers":[{"name":"app"}]}})"));
  };
  auto critical = client::MakeObject(Json(R"({"metadata":{"name":"dns","namespace":"kube-system","uid":"dns"},
    "spec":{"priority":2000000000,"volumes":[{"name":"cache","emptyDir":{"sizeLimit":"1Mi"}}],
    "containers":[{"name":"app"}]}})"));
  SetPods({limited("small"), limited("big"), limited("bigger"), critical});
  Summary s;
  for (const auto& [uid, bytes] : std::vector<std::pair<std::string, uint64_t>>{
           {"small", kMi / 2}, {"big", 2 * kMi}, {"bigger", 3 * kMi}, {"dns", 5 * kMi}}) {
    PodStats p;
    p.uid = uid;
    FsStats fs;
    fs.used_bytes = bytes;
    p.volumes = {VolumeStats{"cache", fs}};
    s.pods.push_back(p);
  }
  stats_.Set(s);

  // Every pod over its limit goes in the same round, at once; the critical one stays.
  client::ObjectPtr evicted = manager_->Synchronize();
  ASSERT_NE(evicted, nullptr);
  EXPECT_EQ(client::NameOf(*evicted), "big");
  std::vector<Kill> killed = kills();
  ASSERT_EQ(killed.size(), 2u);
  EXPECT_EQ(killed[0].pod, "big");
  EXPECT_EQ(killed[1].pod, "bigger");
  const PodTermination& t = killed[0].termination;
  EXPECT_EQ(t.grace_seconds, 0);
  EXPECT_EQ(t.reason, "Evicted");
  EXPECT_EQ(t.message, R"(Usage of EmptyDir volume "cache" exceeds the limit "1Mi". )");
  EXPECT_FALSE(t.condition.has_value());
  auto events = recorder_.Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].object_key, "ns/big");
  EXPECT_EQ(events[0].reason, "Evicted");
  EXPECT_EQ(events[0].message, t.message);
  EXPECT_FALSE(manager_->Pressure().disk);
}

TEST_F(EvictionManagerTest, StorageLimitEvictionsEndTheRound) {
  Make({Parse("memory.available<100Mi")});
  auto over = client::MakeObject(Json(R"({"metadata":{"name":"over","namespace":"ns","uid":"over"},
    "spec":{"containers":[{"name":"app","resources":{"limits":{"ephemeral-storage":"1Mi"}}}]}})"));
  SetPods({over, Pod("hog")});
  SetMemory(50 * kMi, {{"hog", 500 * kMi}});
  Summary s = *stats_.Get();
  PodStats p;
  p.uid = "over";
  FsStats fs;
  fs.used_bytes = 4 * kMi;
  p.ephemeral_storage = fs;
  s.pods.push_back(p);
  stats_.Set(s);
  client::ObjectPtr evicted = manager_->Synchronize();
  ASSERT_NE(evicted, nullptr);
  EXPECT_EQ(client::NameOf(*evicted), "over");
  ASSERT_EQ(kills().size(), 1u);
  EXPECT_EQ(kills()[0].termination.message,
            "Pod ephemeral local storage usage exceeds the total limit of containers 1Mi. ");
  // The memory pressure is still seen and acted on in the next round.
  EXPECT_TRUE(manager_->Pressure().memory);
  clock_.Advance(seconds(10));
  SetMemory(50 * kMi, {{"hog", 500 * kMi}});
  evicted = manager_->Synchronize();
  ASSERT_NE(evicted, nullptr);
  EXPECT_EQ(client::NameOf(*evicted), "hog");
}

TEST_F(EvictionManagerTest, TheThreadRunsARoundEveryMonitoringInterval) {
  Make({Parse("memory.available<100Mi")});
  SetMemory(500 * kMi);
  manager_->Start();
  auto wait_for_gets = [this](int n) {
    for (int i = 0; i < 2000 && stats_.gets() < n; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return stats_.gets();
  };
  ASSERT_GE(wait_for_gets(1), 1);
  for (int i = 0; i < 2000 && clock_.Waiters() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(stats_.gets(), 1);
  SetMemory(50 * kMi);
  clock_.Advance(seconds(10));
  ASSERT_GE(wait_for_gets(2), 2);
  for (int i = 0; i < 2000 && !manager_->Pressure().memory; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(manager_->Pressure().memory);
  manager_->Stop();
}

}  // namespace
}  // namespace kubepp::kubelet::eviction
