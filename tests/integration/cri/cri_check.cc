// kubepp_cri_check: drives a real containerd through kubepp's CRI client (kubelet/cri) and
// checks what the kubelet relies on: images imported by kubepp, sandboxes in a pod network
// namespace and in the node's, container states and exit codes, log files, ExecSync, stop
// timeouts, OOMKilled, stats, NotFound over gRPC, kubepp's own images behaving as the
// walkthrough needs (myblog serving its version on 8002, mysql on 3306), and the kubelet's
// Summary API and /metrics/resource (kubelet/stats) reading a busy pod off containerd and
// the node's cgroups.
//
// Run by tests/integration/test_containerd.py against `kubepp containerd`:
//   KUBEPP_CRI_ENDPOINT  unix:///.../containerd.sock   (required)
//   KUBEPP_CRI_WORKDIR   a directory for container logs  (required)
//   KUBEPP_CRI_CGROUP    cgroup parent for the pods, e.g. /kubepp-it-123 (required; the caller
//                        removes it afterwards)
// Every test removes the sandboxes it created, except LeavesAPodRunning, which runs only when
// KUBEPP_CRI_LEAVE_RUNNING is set and leaves a pod for the caller to see removed by
// `kubepp containerd --remove-containers-on-exit`.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include <boost/json/parse.hpp>

#include "kubelet/cri/grpc_runtime.h"
#include "kubelet/stats/stats_handlers.h"
#include "kubelet/stats/stats_provider.h"

namespace kubepp::kubelet::cri {
namespace {

using namespace std::chrono_literals;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// Polls `predicate` until it holds or `timeout` passes.
bool Eventually(const std::function<bool()>& predicate, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto interval = 20ms;
  while (true) {
    if (predicate()) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(interval);
    interval = std::min(interval * 2, std::chrono::milliseconds(500));
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Connects to ip:port from the node (as the kubelet's probes do), sends `request` and returns
// everything the server answers until it closes; "" when the connection fails.
std::string Talk(const std::string& ip, int port, const std::string& request) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return "";
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  std::string reply;
  if (inet_pton(AF_INET, ip.c_str(), &addr.sin_addr) == 1 &&
      connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) reply.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return reply;
}

class CriCheck : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    endpoint_ = Env("KUBEPP_CRI_ENDPOINT");
    workdir_ = Env("KUBEPP_CRI_WORKDIR");
    cgroup_ = Env("KUBEPP_CRI_CGROUP");
    ASSERT_FALSE(endpoint_.empty() || workdir_.empty() || cgroup_.empty())
        << "set KUBEPP_CRI_ENDPOINT, KUBEPP_CRI_WORKDIR and KUBEPP_CRI_CGROUP";
    auto cri = ConnectCri(endpoint_);
    ASSERT_TRUE(cri.ok()) << cri.status().ToString();
    clients_ = new CriClients(std::move(*cri));
  }
  static void TearDownTestSuite() {
    delete clients_;
    clients_ = nullptr;
  }
  void TearDown() override {
    for (const std::string& id : sandboxes_) {
      v1::StopPodSandboxRequest stop;
      stop.set_pod_sandbox_id(id);
      EXPECT_TRUE(runtime().StopPodSandbox(stop).ok());
      v1::RemovePodSandboxRequest remove;
      remove.set_pod_sandbox_id(id);
      auto removed = runtime().RemovePodSandbox(remove);
      EXPECT_TRUE(removed.ok()) << removed.status().ToString();
    }
  }

  static RuntimeService& runtime() { return *clients_->runtime; }
  static ImageService& images() { return *clients_->images; }

  v1::PodSandboxConfig SandboxConfig(const std::string& name, bool host_network = false) {
    std::string uid = name + "-" + std::to_string(getpid()) + "-" + std::to_string(counter_++);
    v1::PodSandboxConfig config;
    config.mutable_metadata()->set_name(name);
    config.mutable_metadata()->set_namespace_("cri-check");
    config.mutable_metadata()->set_uid(uid);
    if (!host_network) config.set_hostname(name);
    config.set_log_directory(workdir_ + "/logs/" + uid);
    (*config.mutable_labels())["io.kubernetes.pod.uid"] = uid;
    (*config.mutable_annotations())["kubepp.io/check"] = "yes";
    config.mutable_linux()->set_cgroup_parent(cgroup_ + "/pod" + uid);
    auto* ns = config.mutable_linux()->mutable_security_context()->mutable_namespace_options();
    ns->set_network(host_network ? v1::NODE : v1::POD);
    ns->set_pid(v1::CONTAINER);
    return config;
  }

  std::string RunSandbox(const v1::PodSandboxConfig& config) {
    v1::RunPodSandboxRequest request;
    *request.mutable_config() = config;
    auto r = runtime().RunPodSandbox(request);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return "";
    sandboxes_.push_back(r->pod_sandbox_id());
    return r->pod_sandbox_id();
  }

  v1::ContainerConfig Container(const std::string& name, const std::string& image, std::vector<std::string> command,
                                std::vector<std::string> args = {}) {
    v1::ContainerConfig c;
    c.mutable_metadata()->set_name(name);
    c.mutable_image()->set_image(image);
    for (auto& s : command) c.add_command(s);
    for (auto& s : args) c.add_args(s);
    c.set_log_path(name + "/0.log");
    (*c.mutable_labels())["io.kubernetes.container.name"] = name;
    return c;
  }

  // Creates and starts the container; returns its ID.
  std::string Start(const std::string& sandbox, const v1::PodSandboxConfig& sandbox_config,
                    const v1::ContainerConfig& config) {
    v1::CreateContainerRequest create;
    create.set_pod_sandbox_id(sandbox);
    *create.mutable_config() = config;
    *create.mutable_sandbox_config() = sandbox_config;
    auto created = runtime().CreateContainer(create);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    if (!created.ok()) return "";
    v1::StartContainerRequest start;
    start.set_container_id(created->container_id());
    auto started = runtime().StartContainer(start);
    EXPECT_TRUE(started.ok()) << started.status().ToString();
    return created->container_id();
  }

  v1::ContainerStatus StatusOf(const std::string& id) {
    v1::ContainerStatusRequest request;
    request.set_container_id(id);
    auto r = runtime().ContainerStatus(request);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->status() : v1::ContainerStatus();
  }

  bool WaitExited(const std::string& id, std::chrono::milliseconds timeout = 60s) {
    return Eventually([&] { return StatusOf(id).state() == v1::CONTAINER_EXITED; }, timeout);
  }

  StatusOr<v1::ExecSyncResponse> Exec(const std::string& id, std::vector<std::string> cmd, int64_t timeout = 10) {
    v1::ExecSyncRequest request;
    request.set_container_id(id);
    for (auto& s : cmd) request.add_cmd(s);
    request.set_timeout(timeout);
    return runtime().ExecSync(request);
  }

  std::string PodIp(const std::string& sandbox) {
    v1::PodSandboxStatusRequest request;
    request.set_pod_sandbox_id(sandbox);
    auto status = runtime().PodSandboxStatus(request);
    EXPECT_TRUE(status.ok()) << status.status().ToString();
    return status.ok() ? status->status().network().ip() : "";
  }

  // Talks to ip:port until the answer contains `expected` (the server may still be starting);
  // returns the last answer.
  std::string TalkUntil(const std::string& ip, int port, const std::string& request, const std::string& expected) {
    std::string reply;
    Eventually(
        [&] {
          reply = Talk(ip, port, request);
          return reply.find(expected) != std::string::npos;
        },
        30s);
    return reply;
  }

  // Runs `cmd` until it exits 0 (a server inside the container may still be starting); returns
  // its stdout, or "" if it never succeeded.
  std::string ExecUntilSuccess(const std::string& id, std::vector<std::string> cmd) {
    std::string out;
    Eventually(
        [&] {
          auto r = Exec(id, cmd);
          if (!r.ok() || r->exit_code() != 0) return false;
          out = r->stdout();
          return true;
        },
        30s);
    return out;
  }

  static inline std::string endpoint_, workdir_, cgroup_;
  static inline CriClients* clients_ = nullptr;
  static inline int counter_ = 0;
  std::vector<std::string> sandboxes_;
};

TEST_F(CriCheck, VersionAndRuntimeConditions) {
  auto version = runtime().Version(v1::VersionRequest());
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_EQ(version->runtime_name(), "containerd");
  EXPECT_EQ(version->runtime_api_version(), "v1");
  EXPECT_FALSE(version->runtime_version().empty());

  // The caller wrote a CNI configuration; containerd notices it and reports the network ready.
  bool ready = Eventually(
      [&] {
        auto status = runtime().Status(v1::StatusRequest());
        if (!status.ok()) return false;
        int ok = 0;
        for (const auto& c : status->status().conditions()) {
          if ((c.type() == "RuntimeReady" || c.type() == "NetworkReady") && c.status()) ++ok;
        }
        return ok == 2;
      },
      30s);
  EXPECT_TRUE(ready) << "RuntimeReady and NetworkReady never both became true";
}

TEST_F(CriCheck, KubeppImagesArePresentUnderEveryName) {
  for (const char* name : {"kubepp.local/pause:3.9", "registry.k8s.io/pause:3.9", "kubepp.local/busybox:1.35",
                           "busybox:1.35", "kubepp.local/myblog:v1", "myblog:v1", "10.2.2.10:5000/myblog:v1",
                           "10.2.2.10:5000/myblog:v2", "kubepp.local/mysql:5.7", "mysql:5.7",
                           "10.2.2.10:5000/mysql:5.7-utf8", "kubepp.local/stress:1"}) {
    v1::ImageStatusRequest request;
    request.mutable_image()->set_image(name);
    auto status = images().ImageStatus(request);
    ASSERT_TRUE(status.ok()) << name << ": " << status.status().ToString();
    EXPECT_TRUE(status->has_image()) << name << " is not present";
    EXPECT_EQ(status->image().id().rfind("sha256:", 0), 0u) << name;
  }
  v1::ImageStatusRequest missing;
  missing.mutable_image()->set_image("kubepp.local/no-such-image:1");
  auto status = images().ImageStatus(missing);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_FALSE(status->has_image());

  // myblog v1 and v2 are different images.
  v1::ImageStatusRequest v1_request, v2_request;
  v1_request.mutable_image()->set_image("myblog:v1");
  v2_request.mutable_image()->set_image("myblog:v2");
  EXPECT_NE(images().ImageStatus(v1_request)->image().id(), images().ImageStatus(v2_request)->image().id());

  auto list = images().ListImages(v1::ListImagesRequest());
  ASSERT_TRUE(list.ok());
  EXPECT_GE(list->images_size(), 6);
  // containerd samples snapshot usage periodically (every 10 s): the first figure may be zero.
  bool used = Eventually(
      [&] {
        auto fs = images().ImageFsInfo(v1::ImageFsInfoRequest());
        EXPECT_TRUE(fs.ok()) << fs.status().ToString();
        return fs.ok() && fs->image_filesystems_size() >= 1 &&
               !fs->image_filesystems(0).fs_id().mountpoint().empty() &&
               fs->image_filesystems(0).used_bytes().value() > 0;
      },
      30s);
  EXPECT_TRUE(used) << "ImageFsInfo never reported the images' disk usage";
}

TEST_F(CriCheck, PullFromAnUnreachableRegistryFails) {
  v1::PullImageRequest pull;
  pull.mutable_image()->set_image("127.0.0.1:1/nothing/here:v1");
  auto pulled = images().PullImage(pull);
  ASSERT_FALSE(pulled.ok());
  EXPECT_NE(pulled.status().message().find("rpc error: code = "), std::string::npos) << pulled.status().message();
}

TEST_F(CriCheck, ContainerRunsToCompletionAndLogs) {
  v1::PodSandboxConfig config = SandboxConfig("completes");
  std::string sandbox = RunSandbox(config);
  ASSERT_FALSE(sandbox.empty());
  std::string id = Start(sandbox, config,
                         Container("main", "kubepp.local/busybox:1.35", {"sh", "-c", "echo hello; echo oops >&2; exit 3"}));
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(WaitExited(id));
  v1::ContainerStatus status = StatusOf(id);
  EXPECT_EQ(status.exit_code(), 3);
  EXPECT_EQ(status.reason(), "Error");
  EXPECT_GT(status.created_at(), 0);
  EXPECT_GE(status.started_at(), status.created_at());
  // containerd may stamp a very short-lived process's exit a little before its start.
  EXPECT_GT(status.finished_at(), 0);
  EXPECT_EQ(status.metadata().name(), "main");
  EXPECT_EQ(status.labels().at("io.kubernetes.container.name"), "main");
  // A repo digest, or for images imported from archives (no registry digest) the image ID.
  EXPECT_TRUE(status.image_ref().find("@sha256:") != std::string::npos || status.image_ref().rfind("sha256:", 0) == 0)
      << status.image_ref();
  EXPECT_EQ(status.log_path(), config.log_directory() + "/main/0.log");

  // CRI log format: "<time> <stream> <F|P> <line>".
  std::string log;
  Eventually(
      [&] {
        log = ReadFile(status.log_path());
        return log.find("oops") != std::string::npos && log.find("hello") != std::string::npos;
      },
      10s);
  EXPECT_NE(log.find(" stdout F hello\n"), std::string::npos) << log;
  EXPECT_NE(log.find(" stderr F oops\n"), std::string::npos) << log;

  v1::PodSandboxStatusRequest sandbox_status;
  sandbox_status.set_pod_sandbox_id(sandbox);
  auto sst = runtime().PodSandboxStatus(sandbox_status);
  ASSERT_TRUE(sst.ok()) << sst.status().ToString();
  EXPECT_EQ(sst->status().state(), v1::SANDBOX_READY);
  EXPECT_EQ(sst->status().metadata().uid(), config.metadata().uid());
  EXPECT_EQ(sst->status().annotations().at("kubepp.io/check"), "yes");
  EXPECT_GT(sst->status().created_at(), 0);
}

TEST_F(CriCheck, ExecSyncStatsAndStopTimeout) {
  v1::PodSandboxConfig config = SandboxConfig("sleeper");
  std::string sandbox = RunSandbox(config);
  ASSERT_FALSE(sandbox.empty());
  // The shell ignores SIGTERM, so only the stop timeout's SIGKILL ends it.
  v1::ContainerConfig c =
      Container("sleep", "busybox:1.35", {"sh", "-c", "trap '' TERM; while :; do sleep 1; done"});
  auto* env = c.add_envs();
  env->set_key("GREETING");
  env->set_value("hi there");
  c.set_working_dir("/tmp");
  std::string id = Start(sandbox, config, c);
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(StatusOf(id).state(), v1::CONTAINER_RUNNING);

  auto echo = Exec(id, {"sh", "-c", "echo $GREETING; pwd; hostname"});
  ASSERT_TRUE(echo.ok()) << echo.status().ToString();
  EXPECT_EQ(echo->exit_code(), 0);
  EXPECT_EQ(echo->stdout(), "hi there\n/tmp\nsleeper\n");
  auto failing = Exec(id, {"sh", "-c", "echo bad >&2; exit 7"});
  ASSERT_TRUE(failing.ok()) << failing.status().ToString();
  EXPECT_EQ(failing->exit_code(), 7);
  EXPECT_EQ(failing->stderr(), "bad\n");
  auto missing = Exec(id, {"/no/such/binary"});
  EXPECT_TRUE(!missing.ok() || missing->exit_code() != 0);

  v1::ListContainersRequest list;
  list.mutable_filter()->set_pod_sandbox_id(sandbox);
  list.mutable_filter()->mutable_state()->set_state(v1::CONTAINER_RUNNING);
  auto listed = runtime().ListContainers(list);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->containers_size(), 1);
  EXPECT_EQ(listed->containers(0).id(), id);

  v1::ContainerStatsRequest stats_request;
  stats_request.set_container_id(id);
  auto stats = runtime().ContainerStats(stats_request);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->stats().attributes().id(), id);
  EXPECT_TRUE(stats->stats().has_memory());
  EXPECT_GT(stats->stats().memory().working_set_bytes().value(), 0u);

  v1::StopContainerRequest stop;
  stop.set_container_id(id);
  stop.set_timeout(1);
  auto t0 = std::chrono::steady_clock::now();
  auto stopped = runtime().StopContainer(stop);
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 900ms);
  v1::ContainerStatus status = StatusOf(id);
  EXPECT_EQ(status.state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(status.exit_code(), 137);
  EXPECT_TRUE(runtime().StopContainer(stop).ok());  // idempotent

  v1::RemoveContainerRequest remove;
  remove.set_container_id(id);
  ASSERT_TRUE(runtime().RemoveContainer(remove).ok());
  ASSERT_TRUE(runtime().RemoveContainer(remove).ok());  // idempotent
  v1::ContainerStatusRequest gone;
  gone.set_container_id(id);
  auto after = runtime().ContainerStatus(gone);
  ASSERT_FALSE(after.ok());
  EXPECT_TRUE(after.status().IsNotFound()) << after.status().ToString();
}

TEST_F(CriCheck, MyblogServesItsVersionOn8002) {
  for (const char* version : {"v1", "v2"}) {
    v1::PodSandboxConfig config = SandboxConfig(std::string("myblog-") + version);
    std::string sandbox = RunSandbox(config);
    ASSERT_FALSE(sandbox.empty());
    v1::ContainerConfig c = Container("myblog", std::string("10.2.2.10:5000/myblog:") + version, {});
    auto* env = c.add_envs();
    env->set_key("MYSQL_HOST");
    env->set_value("mysql");
    std::string id = Start(sandbox, config, c);
    ASSERT_FALSE(id.empty());
    std::string page = ExecUntilSuccess(id, {"wget", "-q", "-O", "-", "http://127.0.0.1:8002/blog/index/"});
    EXPECT_NE(page.find(std::string("<h1>myblog ") + version + "</h1>"), std::string::npos) << page;
    EXPECT_NE(page.find("MYSQL_HOST: mysql"), std::string::npos) << page;
    // From the node, as the kubelet's httpGet probe reaches it: the pod's own address.
    std::string ip = PodIp(sandbox);
    ASSERT_FALSE(ip.empty());
    std::string http = TalkUntil(ip, 8002, "GET /blog/index/ HTTP/1.0\r\nHost: myblog\r\n\r\n", "</html>");
    EXPECT_EQ(http.rfind("HTTP/1.", 0), 0u) << http;
    EXPECT_EQ(http.find(" 200 OK\r\n"), 8u) << http;
    EXPECT_NE(http.find(std::string("myblog ") + version), std::string::npos) << http;
    // The walkthrough execs `bash` and runs `curl` in the blog's container.
    auto curl = Exec(id, {"bash", "-c", "curl 127.0.0.1:8002/blog/index/"});
    ASSERT_TRUE(curl.ok()) << curl.status().ToString();
    EXPECT_NE(curl->stdout().find(std::string("myblog ") + version), std::string::npos) << curl->stderr();
  }
}

TEST_F(CriCheck, MysqlStandInListensAndRequiresAPassword) {
  v1::PodSandboxConfig config = SandboxConfig("mysql");
  std::string sandbox = RunSandbox(config);
  ASSERT_FALSE(sandbox.empty());
  v1::ContainerConfig c = Container("mysql", "10.2.2.10:5000/mysql:5.7-utf8", {});
  auto* env = c.add_envs();
  env->set_key("MYSQL_ROOT_PASSWORD");
  env->set_value("123456");
  env = c.add_envs();
  env->set_key("MYSQL_DATABASE");
  env->set_value("myblog");
  std::string id = Start(sandbox, config, c);
  ASSERT_FALSE(id.empty());
  std::string greeting = ExecUntilSuccess(id, {"sh", "-c", "nc 127.0.0.1 3306 </dev/null"});
  EXPECT_NE(greeting.find("5.7"), std::string::npos) << greeting;
  // A tcpSocket probe from the node connects to the pod's address.
  std::string ip = PodIp(sandbox);
  ASSERT_FALSE(ip.empty());
  EXPECT_NE(TalkUntil(ip, 3306, "", "5.7").find("5.7.44"), std::string::npos);
  auto dir = Exec(id, {"test", "-d", "/var/lib/mysql/myblog"});
  ASSERT_TRUE(dir.ok());
  EXPECT_EQ(dir->exit_code(), 0);

  v1::ContainerConfig bare = Container("mysql-bare", "mysql:5.7", {});
  bare.mutable_metadata()->set_attempt(0);
  std::string failing = Start(sandbox, config, bare);
  ASSERT_FALSE(failing.empty());
  ASSERT_TRUE(WaitExited(failing));
  EXPECT_EQ(StatusOf(failing).exit_code(), 1);
}

TEST_F(CriCheck, MemoryLimitEndsInOomKilled) {
  v1::PodSandboxConfig config = SandboxConfig("oom");
  std::string sandbox = RunSandbox(config);
  ASSERT_FALSE(sandbox.empty());
  v1::ContainerConfig c = Container("hog", "kubepp.local/stress:1", {}, {"256"});
  c.mutable_linux()->mutable_resources()->set_memory_limit_in_bytes(32 << 20);
  std::string id = Start(sandbox, config, c);
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(WaitExited(id));
  v1::ContainerStatus status = StatusOf(id);
  EXPECT_EQ(status.reason(), "OOMKilled");
  EXPECT_EQ(status.exit_code(), 137);
}

TEST_F(CriCheck, HostNetworkSandboxSharesTheNodesNetwork) {
  v1::PodSandboxConfig config = SandboxConfig("hostnet", /*host_network=*/true);
  std::string sandbox = RunSandbox(config);
  ASSERT_FALSE(sandbox.empty());
  std::string id = Start(sandbox, config, Container("main", "kubepp.local/busybox:1.35", {"sleep", "3600"}));
  ASSERT_FALSE(id.empty());
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  auto name = Exec(id, {"hostname"});
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  EXPECT_EQ(name->stdout(), std::string(host) + "\n");
  // The node's interfaces are visible, not only a loopback.
  auto links = Exec(id, {"sh", "-c", "ls /sys/class/net | wc -l"});
  ASSERT_TRUE(links.ok());
  EXPECT_GT(std::atoi(links->stdout().c_str()), 1) << links->stdout();
}

// What /stats/summary and /metrics/resource make of a pod burning a core next to an idle one,
// read from containerd (CRI stats) and the pod's cgroup, as the kubelet serves them.
TEST_F(CriCheck, SummaryAndResourceMetricsOfABusyPod) {
  v1::PodSandboxConfig config = SandboxConfig("busy");
  const std::string uid = config.metadata().uid();
  config.set_log_directory(workdir_ + "/pod-logs/cri-check_busy_" + uid);
  std::string sandbox = RunSandbox(config);
  ASSERT_FALSE(sandbox.empty());
  std::string burner = Start(sandbox, config, Container("burner", "kubepp.local/busybox:1.35",
                                                        {"sh", "-c", "echo burning; while :; do :; done"}));
  std::string idle = Start(sandbox, config, Container("idle", "kubepp.local/busybox:1.35", {"sleep", "3600"}));
  ASSERT_FALSE(burner.empty() || idle.empty());

  stats::StatsProviderOptions options;
  options.node_name = "cri-check-node";
  options.root_dir = workdir_;
  options.log_root = workdir_ + "/pod-logs";
  options.pods_cgroup = cgroup_;
  stats::StatsProvider provider(runtime(), images(), options);
  const stats::PodStats* pod = nullptr;
  StatusOr<stats::Summary> summary = Status::Unavailable("not read yet");
  // Two updates make a window; poll until one shows the burner at work and
  // the idle container past its start-up (a short first window can charge
  // it with runc's start of `sleep`). Were the burner's CPU charged to the
  // idle container, it would never look idle and the poll would time out.
  ASSERT_TRUE(provider.GetSummary(true).ok());
  ASSERT_TRUE(Eventually(
      [&] {
        summary = provider.GetSummary(true);
        if (!summary.ok()) return false;
        pod = nullptr;
        for (const auto& p : summary->pods) {
          if (p.pod_ref.uid == uid) pod = &p;
        }
        // The pod's own window is read apart from its containers': on a busy
        // host one may show the burner at work while the other does not yet.
        return pod != nullptr && pod->containers.size() == 2 && pod->containers[0].cpu &&
               pod->containers[0].cpu->usage_nano_cores.value_or(0) > 500'000'000 &&
               pod->containers[1].cpu &&
               pod->containers[1].cpu->usage_nano_cores.value_or(1'000'000'000) < 100'000'000 && pod->cpu &&
               pod->cpu->usage_nano_cores.value_or(0) > 500'000'000;
      },
      60s))
      << (summary.ok() ? "" : summary.status().ToString());
  EXPECT_EQ(pod->pod_ref.name, "busy");
  EXPECT_EQ(pod->pod_ref.ns, "cri-check");
  EXPECT_EQ(pod->containers[0].name, "burner");
  EXPECT_EQ(pod->containers[1].name, "idle");
  EXPECT_LT(pod->containers[1].cpu->usage_nano_cores.value_or(1'000'000'000), 100'000'000u);
  EXPECT_GT(pod->containers[0].memory->working_set_bytes.value_or(0), 0u);
  // The pod's cgroup holds both containers: at least the burner's core.
  ASSERT_TRUE(pod->cpu.has_value());
  EXPECT_GT(pod->cpu->usage_nano_cores.value_or(0), 500'000'000u);
  EXPECT_GE(pod->cpu->usage_core_nano_seconds.value_or(0), pod->containers[0].cpu->usage_core_nano_seconds.value_or(0));
  ASSERT_TRUE(pod->memory.has_value());
  EXPECT_GT(pod->memory->working_set_bytes.value_or(0), 0u);
  ASSERT_TRUE(pod->network.has_value());
  EXPECT_EQ(pod->network->default_interface.name, "eth0");
  ASSERT_TRUE(pod->process_stats.has_value());
  EXPECT_GE(pod->process_stats->process_count.value_or(0), 2u);
  ASSERT_TRUE(pod->containers[0].logs.has_value());
  EXPECT_GT(pod->containers[0].logs->used_bytes.value_or(0), 0u);  // "burning"
  EXPECT_TRUE(pod->ephemeral_storage.has_value());
  // The node: the root cgroup and the runtime's image filesystem.
  ASSERT_TRUE(summary->node.cpu.has_value() && summary->node.memory.has_value());
  EXPECT_GT(summary->node.cpu->usage_nano_cores.value_or(0), 500'000'000u);
  EXPECT_GT(summary->node.memory->working_set_bytes.value_or(0), 0u);
  ASSERT_TRUE(summary->node.runtime.has_value() && summary->node.runtime->image_fs.has_value());
  EXPECT_GT(summary->node.runtime->image_fs->capacity_bytes.value_or(0), 0u);

  net::HttpRequest request;
  request.method = "GET";
  request.path = "/stats/summary";
  auto served = stats::ServeStats(provider, request);
  ASSERT_TRUE(served.has_value());
  ASSERT_EQ(served->status, 200) << served->body;
  EXPECT_EQ(boost::json::parse(served->body).at("node").at("nodeName"), "cri-check-node");
  request.path = "/metrics/resource";
  served = stats::ServeStats(provider, request);
  ASSERT_TRUE(served.has_value());
  EXPECT_NE(served->body.find("container_cpu_usage_seconds_total{container=\"burner\",namespace=\"cri-check\",pod=\"busy\"}"),
            std::string::npos)
      << served->body;
  EXPECT_NE(served->body.find("pod_memory_working_set_bytes{namespace=\"cri-check\",pod=\"busy\"}"), std::string::npos);
  EXPECT_NE(served->body.find("\nresource_scrape_error 0\n"), std::string::npos);
}

TEST_F(CriCheck, RemovingTheSandboxRemovesItsContainers) {
  v1::PodSandboxConfig config = SandboxConfig("removed");
  std::string sandbox = RunSandbox(config);
  ASSERT_FALSE(sandbox.empty());
  std::string id = Start(sandbox, config, Container("main", "kubepp.local/busybox:1.35", {"sleep", "3600"}));
  ASSERT_FALSE(id.empty());

  v1::ListPodSandboxRequest by_label;
  (*by_label.mutable_filter()->mutable_label_selector())["io.kubernetes.pod.uid"] = config.metadata().uid();
  auto listed = runtime().ListPodSandbox(by_label);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->items_size(), 1);
  EXPECT_EQ(listed->items(0).id(), sandbox);

  v1::StopPodSandboxRequest stop;
  stop.set_pod_sandbox_id(sandbox);
  ASSERT_TRUE(runtime().StopPodSandbox(stop).ok());
  EXPECT_EQ(StatusOf(id).state(), v1::CONTAINER_EXITED);
  v1::RemovePodSandboxRequest remove;
  remove.set_pod_sandbox_id(sandbox);
  ASSERT_TRUE(runtime().RemovePodSandbox(remove).ok());
  sandboxes_.clear();

  v1::ListContainersRequest list;
  list.mutable_filter()->set_pod_sandbox_id(sandbox);
  EXPECT_EQ(runtime().ListContainers(list)->containers_size(), 0);
  v1::PodSandboxStatusRequest status;
  status.set_pod_sandbox_id(sandbox);
  auto st = runtime().PodSandboxStatus(status);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.status().IsNotFound()) << st.status().ToString();
}

TEST_F(CriCheck, LeavesAPodRunning) {
  if (Env("KUBEPP_CRI_LEAVE_RUNNING").empty()) GTEST_SKIP() << "only when KUBEPP_CRI_LEAVE_RUNNING is set";
  v1::PodSandboxConfig config = SandboxConfig("left-running");
  std::string sandbox = RunSandbox(config);
  ASSERT_FALSE(sandbox.empty());
  std::string id = Start(sandbox, config, Container("main", "kubepp.local/busybox:1.35", {"sleep", "3600"}));
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(StatusOf(id).state(), v1::CONTAINER_RUNNING);
  sandboxes_.clear();  // not removed: the caller checks that stopping the runtime removes it
}

}  // namespace
}  // namespace kubepp::kubelet::cri
