// FakeRuntime behaves like containerd where kubelet logic can tell.
#include "fakes/fake_runtime.h"

#include <gtest/gtest.h>

namespace kubepp::fakes {
namespace {

v1::PodSandboxConfig PodConfig(const std::string& name, const std::string& uid) {
  v1::PodSandboxConfig config;
  config.mutable_metadata()->set_name(name);
  config.mutable_metadata()->set_namespace_("default");
  config.mutable_metadata()->set_uid(uid);
  config.set_log_directory("/var/log/pods/default_" + name + "_" + uid);
  (*config.mutable_labels())["io.kubernetes.pod.uid"] = uid;
  return config;
}

class FakeRuntimeTest : public ::testing::Test {
 protected:
  std::string RunSandbox(const std::string& name, const std::string& uid) {
    v1::RunPodSandboxRequest request;
    *request.mutable_config() = PodConfig(name, uid);
    auto r = runtime_.RunPodSandbox(request);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->pod_sandbox_id() : "";
  }
  StatusOr<std::string> CreateContainer(const std::string& sandbox, const std::string& name, const std::string& image,
                                        uint32_t attempt = 0) {
    v1::CreateContainerRequest request;
    request.set_pod_sandbox_id(sandbox);
    request.mutable_config()->mutable_metadata()->set_name(name);
    request.mutable_config()->mutable_metadata()->set_attempt(attempt);
    request.mutable_config()->mutable_image()->set_image(image);
    request.mutable_config()->set_log_path(name + "/" + std::to_string(attempt) + ".log");
    (*request.mutable_config()->mutable_annotations())["io.kubernetes.container.restartCount"] =
        std::to_string(attempt);
    auto r = runtime_.CreateContainer(request);
    if (!r.ok()) return r.status();
    return r->container_id();
  }
  v1::ContainerStatus StatusOf(const std::string& id) {
    v1::ContainerStatusRequest request;
    request.set_container_id(id);
    auto r = runtime_.ContainerStatus(request);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->status() : v1::ContainerStatus();
  }

  FakeClock clock_;
  FakeRuntime runtime_{clock_};
};

TEST_F(FakeRuntimeTest, ContainerLifecycle) {
  runtime_.AddImage("kubepp.local/busybox:1.35");
  std::string sandbox = RunSandbox("web", "uid-1");
  auto id = CreateContainer(sandbox, "app", "kubepp.local/busybox:1.35");
  ASSERT_TRUE(id.ok()) << id.status().ToString();

  v1::ContainerStatus created = StatusOf(*id);
  EXPECT_EQ(created.state(), v1::CONTAINER_CREATED);
  EXPECT_GT(created.created_at(), 0);
  EXPECT_EQ(created.started_at(), 0);
  EXPECT_EQ(created.log_path(), "/var/log/pods/default_web_uid-1/app/0.log");
  EXPECT_EQ(created.image().image(), "kubepp.local/busybox:1.35");
  EXPECT_EQ(created.image_ref().rfind("kubepp.local/busybox@sha256:", 0), 0u) << created.image_ref();
  EXPECT_EQ(created.annotations().at("io.kubernetes.container.restartCount"), "0");

  clock_.Advance(std::chrono::seconds(1));
  v1::StartContainerRequest start;
  start.set_container_id(*id);
  ASSERT_TRUE(runtime_.StartContainer(start).ok());
  v1::ContainerStatus running = StatusOf(*id);
  EXPECT_EQ(running.state(), v1::CONTAINER_RUNNING);
  EXPECT_EQ(running.started_at() - running.created_at(), 1000000000);
  // A second start is refused, as containerd refuses it.
  EXPECT_FALSE(runtime_.StartContainer(start).ok());

  clock_.Advance(std::chrono::seconds(2));
  ASSERT_TRUE(runtime_.ExitContainer(*id, 1).ok());
  v1::ContainerStatus exited = StatusOf(*id);
  EXPECT_EQ(exited.state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(exited.exit_code(), 1);
  EXPECT_EQ(exited.reason(), "Error");
  EXPECT_EQ(exited.finished_at() - exited.started_at(), 2000000000);

  v1::RemoveContainerRequest remove;
  remove.set_container_id(*id);
  ASSERT_TRUE(runtime_.RemoveContainer(remove).ok());
  ASSERT_TRUE(runtime_.RemoveContainer(remove).ok());  // idempotent
  v1::ContainerStatusRequest status;
  status.set_container_id(*id);
  EXPECT_TRUE(runtime_.ContainerStatus(status).status().IsNotFound());
}

TEST_F(FakeRuntimeTest, OomKilledAndCompletedReasons) {
  runtime_.AddImage("busybox");
  std::string sandbox = RunSandbox("web", "uid-1");
  auto a = CreateContainer(sandbox, "a", "docker.io/library/busybox:latest");
  auto b = CreateContainer(sandbox, "b", "busybox");
  ASSERT_TRUE(a.ok() && b.ok());
  for (const std::string& id : {*a, *b}) {
    v1::StartContainerRequest start;
    start.set_container_id(id);
    ASSERT_TRUE(runtime_.StartContainer(start).ok());
  }
  ASSERT_TRUE(runtime_.ExitContainer(*a, 137, "OOMKilled").ok());
  ASSERT_TRUE(runtime_.ExitContainer(*b, 0).ok());
  EXPECT_EQ(StatusOf(*a).reason(), "OOMKilled");
  EXPECT_EQ(StatusOf(*a).exit_code(), 137);
  EXPECT_EQ(StatusOf(*b).reason(), "Completed");
  EXPECT_TRUE(runtime_.ExitContainer("nope", 0).IsNotFound());
}

TEST_F(FakeRuntimeTest, CreateNeedsImageAndUniqueNameAttempt) {
  std::string sandbox = RunSandbox("web", "uid-1");
  auto missing = CreateContainer(sandbox, "app", "nginx:1.25");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.status().IsNotFound());

  runtime_.AddImage("nginx:1.25");
  ASSERT_TRUE(CreateContainer(sandbox, "app", "nginx:1.25").ok());
  EXPECT_FALSE(CreateContainer(sandbox, "app", "nginx:1.25").ok());
  EXPECT_TRUE(CreateContainer(sandbox, "app", "nginx:1.25", 1).ok());
  EXPECT_FALSE(CreateContainer("no-such-sandbox", "app", "nginx:1.25").ok());
  EXPECT_EQ(runtime_.ContainerIdOf("uid-1", "app").value(),
            runtime_.ContainerIdOf("uid-1", "app").value());  // stable
  EXPECT_EQ(runtime_.ContainerConfigOf(*runtime_.ContainerIdOf("uid-1", "app")).metadata().attempt(), 1u);
}

TEST_F(FakeRuntimeTest, StoppingTheSandboxKillsItsContainers) {
  runtime_.AddImage("busybox");
  std::string sandbox = RunSandbox("web", "uid-1");
  auto id = CreateContainer(sandbox, "app", "busybox");
  ASSERT_TRUE(id.ok());
  v1::StartContainerRequest start;
  start.set_container_id(*id);
  ASSERT_TRUE(runtime_.StartContainer(start).ok());

  v1::RemovePodSandboxRequest remove;
  remove.set_pod_sandbox_id(sandbox);
  EXPECT_FALSE(runtime_.RemovePodSandbox(remove).ok());  // still ready

  v1::StopPodSandboxRequest stop;
  stop.set_pod_sandbox_id(sandbox);
  ASSERT_TRUE(runtime_.StopPodSandbox(stop).ok());
  EXPECT_EQ(StatusOf(*id).state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(StatusOf(*id).exit_code(), 137);

  v1::PodSandboxStatusRequest status;
  status.set_pod_sandbox_id(sandbox);
  auto st = runtime_.PodSandboxStatus(status);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->status().state(), v1::SANDBOX_NOTREADY);
  EXPECT_EQ(st->status().metadata().uid(), "uid-1");

  ASSERT_TRUE(runtime_.RemovePodSandbox(remove).ok());
  ASSERT_TRUE(runtime_.RemovePodSandbox(remove).ok());  // idempotent
  EXPECT_TRUE(runtime_.PodSandboxStatus(status).status().IsNotFound());
  auto list = runtime_.ListContainers(v1::ListContainersRequest());
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->containers_size(), 0);
}

TEST_F(FakeRuntimeTest, SandboxNetworkAndFilters) {
  std::string a = RunSandbox("a", "uid-a");
  v1::RunPodSandboxRequest host;
  *host.mutable_config() = PodConfig("h", "uid-h");
  host.mutable_config()->mutable_linux()->mutable_security_context()->mutable_namespace_options()->set_network(
      v1::NODE);
  auto h = runtime_.RunPodSandbox(host);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(a.size(), 64u);

  v1::PodSandboxStatusRequest status;
  status.set_pod_sandbox_id(a);
  EXPECT_FALSE(runtime_.PodSandboxStatus(status)->status().network().ip().empty());
  status.set_pod_sandbox_id(h->pod_sandbox_id());
  EXPECT_TRUE(runtime_.PodSandboxStatus(status)->status().network().ip().empty());

  v1::ListPodSandboxRequest by_label;
  (*by_label.mutable_filter()->mutable_label_selector())["io.kubernetes.pod.uid"] = "uid-a";
  auto list = runtime_.ListPodSandbox(by_label);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items_size(), 1);
  EXPECT_EQ(list->items(0).id(), a);

  v1::ListPodSandboxRequest by_prefix;
  by_prefix.mutable_filter()->set_id(a.substr(0, 12));
  EXPECT_EQ(runtime_.ListPodSandbox(by_prefix)->items_size(), 1);

  v1::StopPodSandboxRequest stop;
  stop.set_pod_sandbox_id(a);
  ASSERT_TRUE(runtime_.StopPodSandbox(stop).ok());
  v1::ListPodSandboxRequest ready;
  ready.mutable_filter()->mutable_state()->set_state(v1::SANDBOX_READY);
  list = runtime_.ListPodSandbox(ready);
  ASSERT_EQ(list->items_size(), 1);
  EXPECT_EQ(list->items(0).id(), h->pod_sandbox_id());
  EXPECT_EQ(runtime_.SandboxIdOf("uid-a").value(), a);
}

TEST_F(FakeRuntimeTest, PullsOnlyAvailableImagesWithTheRightCredentials) {
  runtime_.AddPullableImage("kubepp.local/busybox:1.35");
  runtime_.AddPullableImage("127.0.0.1:5000/private:v1", "alice", "secret");

  v1::ImageStatusRequest status;
  status.mutable_image()->set_image("kubepp.local/busybox:1.35");
  auto before = runtime_.ImageStatus(status);
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(before->has_image());

  v1::PullImageRequest pull;
  pull.mutable_image()->set_image("kubepp.local/busybox:1.35");
  auto pulled = runtime_.PullImage(pull);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  auto after = runtime_.ImageStatus(status);
  ASSERT_TRUE(after->has_image());
  EXPECT_EQ(after->image().id(), pulled->image_ref());
  EXPECT_EQ(after->image().repo_tags(0), "kubepp.local/busybox:1.35");

  pull.mutable_image()->set_image("nosuch:v1");
  auto missing = runtime_.PullImage(pull);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nosuch:v1\": "
            "failed to resolve reference \"docker.io/library/nosuch:v1\": docker.io/library/nosuch:v1: not found");

  pull.mutable_image()->set_image("127.0.0.1:5000/private:v1");
  auto denied = runtime_.PullImage(pull);
  ASSERT_FALSE(denied.ok());
  EXPECT_NE(denied.status().message().find("401 Unauthorized"), std::string::npos);
  pull.mutable_auth()->set_auth("YWxpY2U6c2VjcmV0");  // alice:secret
  EXPECT_TRUE(runtime_.PullImage(pull).ok());
  pull.mutable_auth()->Clear();
  pull.mutable_auth()->set_username("alice");
  pull.mutable_auth()->set_password("secret");
  EXPECT_TRUE(runtime_.PullImage(pull).ok());
  EXPECT_EQ(runtime_.Pulls().size(), 5u);

  v1::RemoveImageRequest remove;
  remove.mutable_image()->set_image(pulled->image_ref());  // by ID
  ASSERT_TRUE(runtime_.RemoveImage(remove).ok());
  ASSERT_TRUE(runtime_.RemoveImage(remove).ok());
  EXPECT_FALSE(runtime_.HasImage("kubepp.local/busybox:1.35"));
  EXPECT_TRUE(runtime_.HasImage("127.0.0.1:5000/private:v1"));
}

TEST_F(FakeRuntimeTest, ExecSyncIsScriptableAndNeedsARunningContainer) {
  runtime_.AddImage("busybox");
  std::string sandbox = RunSandbox("web", "uid-1");
  auto id = CreateContainer(sandbox, "app", "busybox");
  ASSERT_TRUE(id.ok());
  v1::ExecSyncRequest exec;
  exec.set_container_id(*id);
  exec.add_cmd("cat");
  exec.add_cmd("/tmp/healthy");
  EXPECT_FALSE(runtime_.ExecSync(exec).ok());  // not running yet

  v1::StartContainerRequest start;
  start.set_container_id(*id);
  ASSERT_TRUE(runtime_.StartContainer(start).ok());
  EXPECT_EQ(runtime_.ExecSync(exec)->exit_code(), 0);

  runtime_.SetExecHandler([](const std::string&, const std::vector<std::string>& cmd) {
    v1::ExecSyncResponse r;
    r.set_exit_code(cmd.back() == "/tmp/healthy" ? 1 : 0);
    r.set_stderr("cat: can't open '" + cmd.back() + "': No such file or directory\n");
    return StatusOr<v1::ExecSyncResponse>(r);
  });
  auto result = runtime_.ExecSync(exec);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->exit_code(), 1);
  EXPECT_EQ(result->stderr(), "cat: can't open '/tmp/healthy': No such file or directory\n");
}

TEST_F(FakeRuntimeTest, InjectedFailuresAndCallLog) {
  runtime_.FailNext("RunPodSandbox", Status::Unavailable("containerd is restarting"));
  v1::RunPodSandboxRequest request;
  *request.mutable_config() = PodConfig("web", "uid-1");
  EXPECT_EQ(runtime_.RunPodSandbox(request).status().reason(), Reason::kUnavailable);
  EXPECT_TRUE(runtime_.RunPodSandbox(request).ok());  // only the next call failed

  int statuses = 0;
  runtime_.SetReactor([&](const std::string& method) {
    if (method == "Status") ++statuses;
    return method == "ImageFsInfo" ? Status::Internal("disk gone") : Status::Ok();
  });
  EXPECT_TRUE(runtime_.Status(v1::StatusRequest()).ok());
  EXPECT_FALSE(runtime_.ImageFsInfo(v1::ImageFsInfoRequest()).ok());
  EXPECT_EQ(statuses, 1);
  EXPECT_EQ(runtime_.Calls(),
            (std::vector<std::string>{"RunPodSandbox", "RunPodSandbox", "Status", "ImageFsInfo"}));
}

TEST_F(FakeRuntimeTest, ConditionsStatsAndRuntimeConfig) {
  auto status = runtime_.Status(v1::StatusRequest());
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(status->status().conditions_size(), 2);
  for (const auto& c : status->status().conditions()) EXPECT_TRUE(c.status()) << c.type();
  runtime_.SetCondition("NetworkReady", false, "NetworkPluginNotReady", "cni plugin not initialized");
  status = runtime_.Status(v1::StatusRequest());
  bool network_ready = true;
  for (const auto& c : status->status().conditions()) {
    if (c.type() == "NetworkReady") network_ready = c.status();
  }
  EXPECT_FALSE(network_ready);

  v1::UpdateRuntimeConfigRequest config;
  config.mutable_runtime_config()->mutable_network_config()->set_pod_cidr("10.244.0.0/24");
  ASSERT_TRUE(runtime_.UpdateRuntimeConfig(config).ok());
  EXPECT_EQ(runtime_.PodCidr(), "10.244.0.0/24");

  runtime_.AddImage("busybox");
  std::string sandbox = RunSandbox("web", "uid-1");
  auto id = CreateContainer(sandbox, "app", "busybox");
  v1::StartContainerRequest start;
  start.set_container_id(*id);
  ASSERT_TRUE(runtime_.StartContainer(start).ok());
  runtime_.SetContainerUsage(*id, 5000000000ULL, 64 << 20);
  auto stats = runtime_.ListContainerStats(v1::ListContainerStatsRequest());
  ASSERT_TRUE(stats.ok());
  ASSERT_EQ(stats->stats_size(), 1);
  EXPECT_EQ(stats->stats(0).cpu().usage_core_nano_seconds().value(), 5000000000ULL);
  EXPECT_EQ(stats->stats(0).memory().working_set_bytes().value(), uint64_t(64) << 20);
  v1::PodSandboxStatsRequest pod;
  pod.set_pod_sandbox_id(sandbox);
  EXPECT_EQ(runtime_.PodSandboxStats(pod)->stats().linux().memory().working_set_bytes().value(), uint64_t(64) << 20);
}

TEST(FakeRuntimeNormalizeTest, ReferencesAsContainerdNormalizesThem) {
  EXPECT_EQ(FakeRuntime::NormalizeReference("busybox"), "docker.io/library/busybox:latest");
  EXPECT_EQ(FakeRuntime::NormalizeReference("library/busybox:1.35"), "docker.io/library/busybox:1.35");
  EXPECT_EQ(FakeRuntime::NormalizeReference("jds/myblog:v1"), "docker.io/jds/myblog:v1");
  EXPECT_EQ(FakeRuntime::NormalizeReference("10.2.2.10:5000/myblog:v1"), "10.2.2.10:5000/myblog:v1");
  EXPECT_EQ(FakeRuntime::NormalizeReference("localhost/x"), "localhost/x:latest");
  EXPECT_EQ(FakeRuntime::NormalizeReference("kubepp.local/pause:3.9"), "kubepp.local/pause:3.9");
  EXPECT_EQ(FakeRuntime::NormalizeReference("127.0.0.1:5000/app"), "127.0.0.1:5000/app:latest");
}

}  // namespace
}  // namespace kubepp::fakes
