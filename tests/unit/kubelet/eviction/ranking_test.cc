// The order pods are evicted in: memory (over requests, priority, usage above
// requests), disk (what the signal's filesystem holds of them), pids.
#include "kubelet/eviction/ranking.h"

#include <gtest/gtest.h>

#include "../test_util.h"
#include "client/object.h"

namespace kubepp::kubelet::eviction {
namespace {

using testing::Json;
constexpr uint64_t kMi = 1 << 20;

client::ObjectPtr Pod(const std::string& name, const std::string& memory_request = "",
                      int64_t priority = 0, const std::string& extra_spec = "") {
  std::string resources =
      memory_request.empty() ? "{}" : R"({"requests":{"memory":")" + memory_request + R"("}})";
  std::string text = R"({"metadata":{"name":")" + name + R"(","namespace":"ns","uid":")" + name +
                     R"("},"spec":{"priority":)" + std::to_string(priority) +
                     R"(,"containers":[{"name":"c","resources":)" + resources + "}]" + extra_spec +
                     "}}";
  return client::MakeObject(Json(text));
}

std::vector<std::string> Names(const std::vector<client::ObjectPtr>& pods) {
  std::vector<std::string> out;
  for (const auto& p : pods) out.emplace_back(client::NameOf(*p));
  return out;
}

PodStats Memory(const std::string& uid, uint64_t bytes) {
  PodStats s;
  s.uid = uid;
  s.memory_working_set_bytes = bytes;
  return s;
}

TEST(RankingTest, MemoryOverRequestsFirstThenPriorityThenUsageAboveRequest) {
  std::vector<client::ObjectPtr> pods = {
      Pod("guaranteed-ish", "500Mi"),   // uses 400Mi of 500Mi: within its request
      Pod("besteffort-small"),          // uses 10Mi, requests nothing: over
      Pod("burstable-over", "100Mi"),   // uses 300Mi: 200Mi over
      Pod("important-over", "", 1000),  // uses 900Mi, but higher priority
      Pod("besteffort-big"),            // uses 250Mi: 250Mi over
  };
  std::vector<PodStats> stats = {
      Memory("guaranteed-ish", 400 * kMi), Memory("besteffort-small", 10 * kMi),
      Memory("burstable-over", 300 * kMi), Memory("important-over", 900 * kMi),
      Memory("besteffort-big", 250 * kMi)};
  RankMemoryPressure(pods, StatsByUid(stats));
  EXPECT_EQ(Names(pods),
            (std::vector<std::string>{"besteffort-big", "burstable-over", "besteffort-small",
                                      "important-over", "guaranteed-ish"}));
}

TEST(RankingTest, PodsWithoutStatsGoFirst) {
  std::vector<client::ObjectPtr> pods = {Pod("measured"), Pod("unknown")};
  std::vector<PodStats> stats = {Memory("measured", 100 * kMi)};
  RankMemoryPressure(pods, StatsByUid(stats));
  EXPECT_EQ(Names(pods), (std::vector<std::string>{"unknown", "measured"}));
}

TEST(RankingTest, PodRequestSumsContainersAtLeastTheLargestInitPlusOverhead) {
  auto pod = Json(R"({"spec":{
    "containers":[{"name":"a","resources":{"requests":{"memory":"100Mi"}}},
                  {"name":"b","resources":{"requests":{"memory":"50Mi"}}}],
    "initContainers":[{"name":"i","resources":{"requests":{"memory":"200Mi"}}}],
    "overhead":{"memory":"10Mi"}}})");
  EXPECT_EQ(PodRequest(pod, "memory"), int64_t{210} * int64_t{kMi});
  EXPECT_EQ(PodRequest(pod, "ephemeral-storage"), 0);
  EXPECT_EQ(PodPriority(pod), 0);
}

PodStats Disk(const std::string& uid, uint64_t rootfs, uint64_t logs, uint64_t scratch) {
  PodStats s;
  s.uid = uid;
  ContainerStats c;
  c.name = "c";
  c.rootfs = FsStats{};
  c.rootfs->used_bytes = rootfs;
  c.rootfs->inodes_used = rootfs / kMi;
  c.logs = FsStats{};
  c.logs->used_bytes = logs;
  s.containers.push_back(c);
  VolumeStats v;
  v.name = "scratch";
  v.fs.used_bytes = scratch;
  s.volumes.push_back(v);
  return s;
}

TEST(RankingTest, DiskCountsWhatTheSignalsFilesystemHolds) {
  const std::string scratch = R"(,"volumes":[{"name":"scratch","emptyDir":{}}])";
  std::vector<client::ObjectPtr> pods = {Pod("layers", "", 0, scratch),
                                         Pod("volume", "", 0, scratch)};
  std::vector<PodStats> stats = {Disk("layers", 500 * kMi, 0, 10 * kMi),
                                 Disk("volume", 10 * kMi, 0, 300 * kMi)};
  // One filesystem for everything: the writable layer counts.
  RankFuncFor("nodefs.available", false)(pods, StatsByUid(stats));
  EXPECT_EQ(Names(pods), (std::vector<std::string>{"layers", "volume"}));
  // Images (and writable layers) elsewhere: nodefs holds the volumes and logs...
  RankFuncFor("nodefs.available", true)(pods, StatsByUid(stats));
  EXPECT_EQ(Names(pods), (std::vector<std::string>{"volume", "layers"}));
  // ...and imagefs the writable layers.
  RankFuncFor("imagefs.available", true)(pods, StatsByUid(stats));
  EXPECT_EQ(Names(pods), (std::vector<std::string>{"layers", "volume"}));
  // Inodes rank by inodes used.
  RankFuncFor("nodefs.inodesFree", false)(pods, StatsByUid(stats));
  EXPECT_EQ(Names(pods), (std::vector<std::string>{"layers", "volume"}));
}

TEST(RankingTest, DiskOverTheEphemeralStorageRequestGoesFirst) {
  std::string request = R"({"requests":{"ephemeral-storage":"1Gi"}})";
  auto big_but_requested = client::MakeObject(Json(
      R"({"metadata":{"name":"big","uid":"big"},"spec":{"containers":[{"name":"c","resources":)" +
      request + "}]}}"));
  std::vector<client::ObjectPtr> pods = {big_but_requested, Pod("small")};
  std::vector<PodStats> stats = {Disk("big", 800 * kMi, 0, 0), Disk("small", 50 * kMi, 0, 0)};
  RankFuncFor("nodefs.available", false)(pods, StatsByUid(stats));
  EXPECT_EQ(Names(pods), (std::vector<std::string>{"small", "big"}));
}

TEST(RankingTest, PidsByPriorityThenProcessCount) {
  std::vector<client::ObjectPtr> pods = {Pod("few"), Pod("many"), Pod("important", "", 100)};
  std::vector<PodStats> stats(3);
  stats[0].uid = "few";
  stats[0].process_count = 3;
  stats[1].uid = "many";
  stats[1].process_count = 300;
  stats[2].uid = "important";
  stats[2].process_count = 3000;
  RankFuncFor("pid.available", false)(pods, StatsByUid(stats));
  EXPECT_EQ(Names(pods), (std::vector<std::string>{"many", "few", "important"}));
  EXPECT_FALSE(RankFuncFor("swap.available", false));
}

}  // namespace
}  // namespace kubepp::kubelet::eviction
