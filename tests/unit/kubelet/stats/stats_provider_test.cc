// StatsProvider against an in-memory runtime and a node made of fixture
// files (a /proc, a cgroup v1 tree, a kubelet root and log directory).
#include "kubelet/stats/stats_provider.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "fakes/fake_runtime.h"
#include "kubelet/stats/cpu_usage_updater.h"
#include "kubelet/stats/stats_handlers.h"
#include "unit/kubelet/stats/fixture_dir.h"

namespace kubepp::kubelet::stats {
namespace {

namespace v1 = ::runtime::v1;
using std::chrono::seconds;
using testing::FixtureDir;

constexpr uint64_t kGi = 1024ULL * 1024 * 1024;

class StatsProviderTest : public ::testing::Test {
 protected:
  StatsProviderTest() {
    // The machine.
    d_.Write("proc/stat", "cpu  100 0 100 1000 0 0 0 0 0 0\nbtime 1767225600\n");
    d_.Write("proc/meminfo", "MemTotal: 8388608 kB\nSwapTotal: 1024 kB\nSwapFree: 1000 kB\n");
    d_.Write("proc/net/route",
             "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
             "ens3\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n");
    d_.Write("proc/net/dev",
             NetDev({{"lo", 5, 5}, {"ens3", 1000, 2000}, {"cni0", 30, 40}, {"veth12", 7, 8}}));
    d_.Write("proc/loadavg", "0.10 0.20 0.30 3/612 9999\n");
    d_.Write("proc/sys/kernel/pid_max", "4194304\n");
    d_.Write("proc/sys/kernel/threads-max", "63424\n");
    SetCgroup("", 50 * 1'000'000'000ULL, 2 * kGi, kGi / 2);
    SetCgroup("/kubepods", 0, 0, 0);

    options_.node_name = "node-1";
    options_.root_dir = d_.Path("root");
    options_.log_root = d_.Path("logs");
    options_.cgroup_root = d_.Path("cgroup");
    options_.proc_root = d_.Path("proc");
    d_.MakeDir("root/pods");
    runtime_.AddImage("kubepp.local/busybox:1.35");
  }

  struct Iface {
    std::string name;
    uint64_t rx, tx;
  };
  static std::string NetDev(const std::vector<Iface>& ifaces) {
    std::string out =
        "Inter-|   Receive\n face |bytes    packets errs drop fifo frame compressed "
        "multicast|bytes\n";
    for (const Iface& i : ifaces) {
      out += i.name + ": " + std::to_string(i.rx) + " 1 0 0 0 0 0 0 " + std::to_string(i.tx) +
             " 1 0 0 0 0 0 0\n";
    }
    return out;
  }

  void SetCgroup(const std::string& path, uint64_t cpu, uint64_t usage, uint64_t inactive) {
    d_.Write("cgroup/cpuacct" + path + "/cpuacct.usage", std::to_string(cpu) + "\n");
    d_.Write("cgroup/memory" + path + "/memory.usage_in_bytes", std::to_string(usage) + "\n");
    d_.Write("cgroup/memory" + path + "/memory.limit_in_bytes", "9223372036854771712\n");
    d_.Write("cgroup/memory" + path + "/memory.stat",
             "pgfault 10\npgmajfault 1\ntotal_rss 4096\ntotal_inactive_file " +
                 std::to_string(inactive) + "\n");
  }

  // A running pod: its sandbox and one running container per name.
  std::string RunPod(const std::string& name, const std::string& uid,
                     const std::vector<std::string>& containers) {
    v1::RunPodSandboxRequest run;
    run.mutable_config()->mutable_metadata()->set_name(name);
    run.mutable_config()->mutable_metadata()->set_namespace_("default");
    run.mutable_config()->mutable_metadata()->set_uid(uid);
    auto sandbox = runtime_.RunPodSandbox(run);
    EXPECT_TRUE(sandbox.ok());
    for (const std::string& c : containers) {
      v1::CreateContainerRequest create;
      create.set_pod_sandbox_id(sandbox->pod_sandbox_id());
      create.mutable_config()->mutable_metadata()->set_name(c);
      create.mutable_config()->mutable_image()->set_image("kubepp.local/busybox:1.35");
      auto id = runtime_.CreateContainer(create);
      EXPECT_TRUE(id.ok());
      v1::StartContainerRequest start;
      start.set_container_id(id->container_id());
      EXPECT_TRUE(runtime_.StartContainer(start).ok());
    }
    return sandbox->pod_sandbox_id();
  }

  std::string Id(const std::string& uid, const std::string& name) {
    return *runtime_.ContainerIdOf(uid, name);
  }

  static const PodStats* FindPod(const Summary& s, const std::string& name) {
    for (const PodStats& p : s.pods) {
      if (p.pod_ref.name == name) return &p;
    }
    return nullptr;
  }

  FixtureDir d_;
  FakeClock clock_;
  fakes::FakeRuntime runtime_{clock_};
  StatsProviderOptions options_;
};

TEST_F(StatsProviderTest, NodeStats) {
  StatsProvider provider(runtime_, runtime_, options_, clock_);
  auto s = provider.GetSummary(false);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const NodeStats& n = s->node;
  EXPECT_EQ(n.node_name, "node-1");
  EXPECT_EQ(n.start_time, Time{seconds(1767225600)});
  ASSERT_TRUE(n.cpu.has_value());
  EXPECT_EQ(n.cpu->usage_core_nano_seconds, 50'000'000'000u);
  EXPECT_FALSE(n.cpu->usage_nano_cores.has_value());  // no window yet
  ASSERT_TRUE(n.memory.has_value());
  EXPECT_EQ(n.memory->usage_bytes, 2 * kGi);
  EXPECT_EQ(n.memory->working_set_bytes, 2 * kGi - kGi / 2);
  EXPECT_EQ(n.memory->available_bytes, 8 * kGi - (2 * kGi - kGi / 2));  // MemTotal - working set
  ASSERT_TRUE(n.swap.has_value());
  EXPECT_EQ(n.swap->swap_usage_bytes, 24u * 1024);
  EXPECT_EQ(n.swap->swap_available_bytes, 1000u * 1024);
  ASSERT_TRUE(n.network.has_value());
  EXPECT_EQ(n.network->default_interface.name, "ens3");  // the default route's interface
  EXPECT_EQ(n.network->default_interface.rx_bytes, 1000u);
  ASSERT_EQ(n.network->interfaces.size(), 2u);  // lo and veth* are left out
  EXPECT_EQ(n.network->interfaces[1].name, "cni0");
  ASSERT_TRUE(n.rlimit.has_value());
  EXPECT_EQ(n.rlimit->max_pid, 63424);
  EXPECT_EQ(n.rlimit->running_processes, 612);
  ASSERT_TRUE(n.fs.has_value());
  EXPECT_GT(n.fs->capacity_bytes.value_or(0), 0u);
  ASSERT_TRUE(n.runtime.has_value() && n.runtime->image_fs.has_value());
  EXPECT_GT(n.runtime->image_fs->used_bytes.value_or(0), 0u);  // the images the runtime holds
  EXPECT_EQ(n.runtime->container_fs->used_bytes, n.runtime->image_fs->used_bytes);
  ASSERT_EQ(n.system_containers.size(), 1u);
  EXPECT_EQ(n.system_containers[0].name, "pods");
  EXPECT_TRUE(s->pods.empty());
}

TEST_F(StatsProviderTest, PodAndContainerStats) {
  std::string sandbox = RunPod("web", "uid-1", {"sidecar", "app"});
  std::string app = Id("uid-1", "app");
  std::string sidecar = Id("uid-1", "sidecar");
  SetCgroup("/kubepods/besteffort/poduid-1", 3'000'000'000ULL, 64 << 20, 16 << 20);
  d_.Write("cgroup/memory/kubepods/besteffort/poduid-1/" + sandbox + "/cgroup.procs", "4242\n");
  d_.Write("cgroup/memory/kubepods/besteffort/poduid-1/" + app + "/cgroup.procs", "4243\n4244\n");
  d_.Write("cgroup/memory/kubepods/besteffort/poduid-1/" + sidecar + "/cgroup.procs", "4245\n");
  d_.Write("proc/4242/net/dev", NetDev({{"lo", 1, 1}, {"eth0", 300, 400}}));
  d_.Write("root/pods/uid-1/volumes/kubernetes.io~empty-dir/data/file", std::string(8192, 'd'));
  d_.Write("root/pods/uid-1/volumes/kubernetes.io~secret/token/token", "secret");
  d_.Write("root/pods/uid-1/volumes/kubernetes.io~host-path/host/x", "not measured");
  d_.Write("root/pods/uid-1/etc-hosts", "127.0.0.1 localhost\n");
  d_.Write("logs/default_web_uid-1/app/0.log", std::string(5000, 'l'));
  runtime_.SetContainerUsage(app, 1'000'000'000ULL, 10 << 20);
  runtime_.SetContainerUsage(sidecar, 500'000'000ULL, 5 << 20);
  // A pod whose containers all stopped is not reported.
  RunPod("done", "uid-2", {"job"});
  v1::StopContainerRequest stop;
  stop.set_container_id(Id("uid-2", "job"));
  ASSERT_TRUE(runtime_.StopContainer(stop).ok());

  StatsProvider provider(runtime_, runtime_, options_, clock_);
  auto s = provider.GetSummary(false);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->pods.size(), 1u);
  const PodStats& p = s->pods[0];
  EXPECT_EQ(p.pod_ref.name, "web");
  EXPECT_EQ(p.pod_ref.ns, "default");
  EXPECT_EQ(p.pod_ref.uid, "uid-1");
  EXPECT_NE(p.start_time, Time{});
  ASSERT_EQ(p.containers.size(), 2u);
  EXPECT_EQ(p.containers[0].name, "app");  // sorted by name
  EXPECT_EQ(p.containers[0].cpu->usage_core_nano_seconds, 1'000'000'000u);
  EXPECT_EQ(p.containers[0].memory->working_set_bytes, 10u << 20);
  ASSERT_TRUE(p.containers[0].logs.has_value());
  EXPECT_GE(p.containers[0].logs->used_bytes.value_or(0), 5000u);
  EXPECT_EQ(p.containers[0].logs->inodes_used, 1u);
  ASSERT_TRUE(p.containers[0].rootfs.has_value());
  EXPECT_EQ(p.containers[0].rootfs->used_bytes, 0u);
  // The pod's own figures come from its cgroup, not the sum of its containers.
  EXPECT_EQ(p.cpu->usage_core_nano_seconds, 3'000'000'000u);
  EXPECT_EQ(p.memory->working_set_bytes, (64u << 20) - (16u << 20));
  EXPECT_FALSE(p.memory->available_bytes.has_value());  // no limit
  ASSERT_TRUE(p.network.has_value());
  EXPECT_EQ(p.network->default_interface.name, "eth0");
  EXPECT_EQ(p.network->default_interface.tx_bytes, 400u);
  EXPECT_EQ(p.network->interfaces.size(), 1u);
  ASSERT_TRUE(p.process_stats.has_value());
  EXPECT_EQ(p.process_stats->process_count, 3u);  // the containers' processes, not the sandbox's
  // Volumes: the emptyDir (ephemeral) first, then the secret; hostPath is not measured.
  ASSERT_EQ(p.volumes.size(), 2u);
  EXPECT_EQ(p.volumes[0].name, "data");
  EXPECT_GE(p.volumes[0].fs.used_bytes.value_or(0), 8192u);
  EXPECT_EQ(p.volumes[1].name, "token");
  ASSERT_TRUE(p.ephemeral_storage.has_value());
  // Writable layers (0) + container logs + the emptyDir + etc-hosts; not the secret.
  const uint64_t expected_min = 5000 + 8192 + 20;
  EXPECT_GE(p.ephemeral_storage->used_bytes.value_or(0), expected_min);
  EXPECT_LT(p.ephemeral_storage->used_bytes.value_or(0), expected_min + 4 * 4096 + 4096);
}

TEST_F(StatsProviderTest, UsageNanoCoresMoveOnlyWithUpdates) {
  RunPod("web", "uid-1", {"app"});
  std::string app = Id("uid-1", "app");
  SetCgroup("/kubepods/poduid-1", 1'000'000'000ULL, 1 << 20, 0);
  runtime_.SetContainerUsage(app, 1'000'000'000ULL, 1 << 20);
  StatsProvider provider(runtime_, runtime_, options_, clock_);
  ASSERT_TRUE(provider.GetSummary(true).ok());  // primes every window

  clock_.Advance(seconds(10));
  SetCgroup("", 60'000'000'000ULL, 2 * kGi, 0);                   // node: 10 s of CPU in 10 s
  SetCgroup("/kubepods/poduid-1", 6'000'000'000ULL, 1 << 20, 0);  // pod: half a core
  runtime_.SetContainerUsage(app, 3'500'000'000ULL, 1 << 20);     // container: a quarter
  auto s = provider.GetSummary(true);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->node.cpu->usage_nano_cores, 1'000'000'000u);
  const PodStats* p = FindPod(*s, "web");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->cpu->usage_nano_cores, 500'000'000u);
  EXPECT_EQ(p->containers[0].cpu->usage_nano_cores, 250'000'000u);
  ASSERT_EQ(s->node.system_containers.size(), 1u);
  EXPECT_EQ(s->node.system_containers[0].cpu->usage_nano_cores, 0u);  // kubepods fixture stays at 0

  // Readers between updates see the last window, whatever they read now.
  clock_.Advance(seconds(3));
  runtime_.SetContainerUsage(app, 9'000'000'000ULL, 1 << 20);
  auto read = provider.GetSummary(false);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(FindPod(*read, "web")->containers[0].cpu->usage_nano_cores, 250'000'000u);
  EXPECT_EQ(FindPod(*read, "web")->containers[0].cpu->usage_core_nano_seconds, 9'000'000'000u);
  auto cpu_memory = provider.GetCpuAndMemory();
  ASSERT_TRUE(cpu_memory.ok());
  EXPECT_EQ(cpu_memory->node.cpu->usage_nano_cores, 1'000'000'000u);
  EXPECT_EQ(FindPod(*cpu_memory, "web")->cpu->usage_nano_cores, 500'000'000u);
}

TEST_F(StatsProviderTest, UpdaterRefreshesEveryTenSeconds) {
  RunPod("web", "uid-1", {"app"});
  std::string app = Id("uid-1", "app");
  runtime_.SetContainerUsage(app, 0, 1 << 20);
  StatsProvider provider(runtime_, runtime_, options_, clock_);
  CpuUsageUpdater updater(provider, clock_);
  updater.Start();
  auto wait_for = [&](int n) {
    auto deadline = std::chrono::steady_clock::now() + seconds(20);
    while (updater.updates() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_GE(updater.updates(), n);
    while (clock_.Waiters() == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  };
  wait_for(1);
  runtime_.SetContainerUsage(app, 2'000'000'000ULL, 1 << 20);
  clock_.Advance(kCpuUsageUpdatePeriod);
  wait_for(2);
  updater.Stop();
  auto s = provider.GetSummary(false);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(FindPod(*s, "web")->containers[0].cpu->usage_nano_cores, 200'000'000u);  // 2 s in 10 s
}

TEST_F(StatsProviderTest, PodWithoutCgroupSumsItsContainers) {
  RunPod("web", "uid-1", {"a", "b"});
  runtime_.SetContainerUsage(Id("uid-1", "a"), 100, 1000);
  runtime_.SetContainerUsage(Id("uid-1", "b"), 200, 3000);
  StatsProvider provider(runtime_, runtime_, options_, clock_);
  auto s = provider.GetCpuAndMemory();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const PodStats* p = FindPod(*s, "web");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->cpu->usage_core_nano_seconds, 300u);
  EXPECT_EQ(p->memory->working_set_bytes, 4000u);
  // CPU and memory only: no storage, network or logs.
  EXPECT_FALSE(p->network.has_value());
  EXPECT_FALSE(p->ephemeral_storage.has_value());
  EXPECT_FALSE(p->containers[0].logs.has_value());
  EXPECT_FALSE(p->containers[0].rootfs.has_value());
  EXPECT_FALSE(s->node.fs.has_value());
}

TEST_F(StatsProviderTest, HandlersServeJsonTextAndErrors) {
  RunPod("web", "uid-1", {"app"});
  runtime_.SetContainerUsage(Id("uid-1", "app"), 2'000'000'000ULL, 1 << 20);
  StatsProvider provider(runtime_, runtime_, options_, clock_);

  net::HttpRequest summary;
  summary.method = "GET";
  summary.path = "/stats/summary";
  auto r = ServeStats(provider, summary);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->content_type, "application/json");
  EXPECT_EQ(r->body.substr(0, 14), "{\n \"node\": {\n ");
  auto parsed = boost::json::parse(r->body);
  EXPECT_EQ(parsed.at("pods").at(0).at("podRef").at("name"), "web");
  EXPECT_TRUE(parsed.at("node").as_object().contains("fs"));

  summary.query = "only_cpu_and_memory=true";
  r = ServeStats(provider, summary);
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(boost::json::parse(r->body).at("node").as_object().contains("fs"));
  EXPECT_TRUE(OnlyCpuAndMemory("only_cpu_and_memory=true"));
  EXPECT_FALSE(OnlyCpuAndMemory("only_cpu_and_memory=1"));
  EXPECT_FALSE(OnlyCpuAndMemory("only_cpu_and_memory=true&only_cpu_and_memory=true"));
  EXPECT_FALSE(OnlyCpuAndMemory(""));

  net::HttpRequest metrics;
  metrics.method = "GET";
  metrics.path = "/metrics/resource";
  r = ServeStats(provider, metrics);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->content_type, kPrometheusTextType);
  EXPECT_NE(r->body.find("container_cpu_usage_seconds_total{container=\"app\",namespace="
                         "\"default\",pod=\"web\"} 2 "),
            std::string::npos)
      << r->body;
  EXPECT_NE(r->body.find("resource_scrape_error 0\n"), std::string::npos);

  net::HttpRequest other;
  other.method = "GET";
  other.path = "/pods";
  EXPECT_FALSE(ServeStats(provider, other).has_value());

  // The runtime failing: the summary is a 500, the metrics say so.
  runtime_.FailNext("ListContainerStats",
                    Status::Unavailable("rpc error: code = Unavailable desc = down"));
  r = ServeStats(provider, summary);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body,
            "Internal Error: failed to list all container stats: rpc error: code = Unavailable "
            "desc = down");
  runtime_.FailNext("ListContainerStats", Status::Unavailable("down"));
  r = ServeStats(provider, metrics);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("resource_scrape_error 1\n"), std::string::npos);
  EXPECT_EQ(r->body.find("container_cpu"), std::string::npos);
}

TEST_F(StatsProviderTest, MissingRootCgroupFails) {
  options_.cgroup_root = d_.Path("no-cgroups");
  StatsProvider provider(runtime_, runtime_, options_, clock_);
  auto s = provider.GetSummary(false);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("failed to get root cgroup stats"), std::string::npos);
}

}  // namespace
}  // namespace kubepp::kubelet::stats
