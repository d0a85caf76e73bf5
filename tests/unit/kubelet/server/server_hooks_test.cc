// The kubelet API's hooks answered from the kubelet's state and a fake CRI
// runtime: which log file (and whether to keep following it), and which
// runtime streaming URL for exec, attach and port-forward, with upstream's
// errors when the container or pod is not there.
#include "kubelet/server_hooks.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "fakes/fake_runtime.h"

namespace kubepp::kubelet {
namespace {

namespace v1 = ::runtime::v1;

class ServerHooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    runtime_.AddImage("kubepp.local/busybox:1.35");
    v1::RunPodSandboxRequest run;
    run.mutable_config()->mutable_metadata()->set_name("web");
    run.mutable_config()->mutable_metadata()->set_namespace_("default");
    run.mutable_config()->mutable_metadata()->set_uid("uid-1");
    run.mutable_config()->set_log_directory("/logs/pods/default_web_uid-1");
    auto sandbox = runtime_.RunPodSandbox(run);
    ASSERT_TRUE(sandbox.ok()) << sandbox.status().ToString();
    sandbox_ = sandbox->pod_sandbox_id();
    v1::CreateContainerRequest create;
    create.set_pod_sandbox_id(sandbox_);
    create.mutable_config()->mutable_metadata()->set_name("app");
    create.mutable_config()->mutable_image()->set_image("kubepp.local/busybox:1.35");
    create.mutable_config()->set_log_path("app/0.log");
    auto created = runtime_.CreateContainer(create);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    container_ = created->container_id();
    v1::StartContainerRequest start;
    start.set_container_id(container_);
    ASSERT_TRUE(runtime_.StartContainer(start).ok());

    pod_ = client::MakeObject(boost::json::parse(R"({"metadata":{"name":"web","namespace":"default","uid":"uid-1"},
        "spec":{"containers":[{"name":"app"}]}})").as_object());
    status_ = boost::json::parse(R"({"containerStatuses":[{"name":"app","containerID":"containerd://)" + container_ +
                                 R"(","state":{"running":{}}}]})")
                  .as_object();
    KubeletState state;
    state.pods = [this] { return std::vector<client::ObjectPtr>{pod_}; };
    state.last_status = [this](const std::string& uid) -> std::optional<boost::json::object> {
      if (uid != "uid-1") return std::nullopt;
      return status_;
    };
    state.runtime_status = [this](const std::string& uid) -> StatusOr<PodRuntimeStatus> {
      PodRuntimeStatus s;
      s.uid = uid;
      if (with_sandbox_) s.sandboxes.push_back(SandboxRuntimeStatus{sandbox_, true});
      ContainerRuntimeStatus c;
      c.id = container_;
      c.name = "app";
      c.state = container_running_ ? ContainerState::kRunning : ContainerState::kExited;
      s.containers.push_back(c);
      return s;
    };
    hooks_ = MakeServerHooks(std::move(state), runtime_);
  }

  server::StreamRequest Stream(server::StreamRequest::Kind kind) {
    server::StreamRequest r;
    r.kind = kind;
    r.pod = pod_;
    r.container = "app";
    r.command = {"sh"};
    r.input = r.output = r.tty = true;
    r.ports = {8080};
    return r;
  }

  FakeClock clock_;
  fakes::FakeRuntime runtime_{clock_};
  std::string sandbox_, container_;
  client::ObjectPtr pod_;
  boost::json::object status_;
  bool with_sandbox_ = true;
  bool container_running_ = true;
  server::KubeletServerHooks hooks_;
};

TEST_F(ServerHooksTest, FindsPodsByNamespaceAndName) {
  EXPECT_EQ(hooks_.get_pod("default", "web"), pod_);
  EXPECT_EQ(hooks_.get_pod("other", "web"), nullptr);
  EXPECT_EQ(hooks_.list_pods().size(), 1u);
}

TEST_F(ServerHooksTest, LogsComeFromTheRuntimesLogPathWhileItRuns) {
  auto target = hooks_.resolve_log({pod_, "app", false});
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  EXPECT_EQ(target->path, "/logs/pods/default_web_uid-1/app/0.log");
  EXPECT_TRUE(target->running());
  ASSERT_TRUE(runtime_.ExitContainer(container_, 0).ok());
  EXPECT_FALSE(target->running());

  auto previous = hooks_.resolve_log({pod_, "app", true});
  EXPECT_EQ(previous.status().message(), "previous terminated container \"app\" in pod \"web\" not found");
  status_["containerStatuses"].as_array()[0].as_object()["containerID"] = "containerd://gone";
  auto gone = hooks_.resolve_log({pod_, "app", false});
  EXPECT_EQ(gone.status().message(), "unable to retrieve container logs for containerd://gone");
}

TEST_F(ServerHooksTest, StreamingUrlsComeFromTheRuntime) {
  auto exec = hooks_.resolve_stream(Stream(server::StreamRequest::Kind::kExec));
  ASSERT_TRUE(exec.ok()) << exec.status().ToString();
  EXPECT_EQ(*exec, "http://127.0.0.1:10010/exec/" + container_.substr(0, 8));
  auto attach = hooks_.resolve_stream(Stream(server::StreamRequest::Kind::kAttach));
  ASSERT_TRUE(attach.ok());
  auto forward = hooks_.resolve_stream(Stream(server::StreamRequest::Kind::kPortForward));
  ASSERT_TRUE(forward.ok()) << forward.status().ToString();
  EXPECT_EQ(*forward, "http://127.0.0.1:10010/portforward/" + sandbox_.substr(0, 8));

  container_running_ = false;
  auto stopped = hooks_.resolve_stream(Stream(server::StreamRequest::Kind::kExec));
  EXPECT_EQ(stopped.status().message(), "container not found (\"app\")");
  with_sandbox_ = false;
  auto no_sandbox = hooks_.resolve_stream(Stream(server::StreamRequest::Kind::kPortForward));
  EXPECT_EQ(no_sandbox.status().message(), "pod not found (\"web_default\")");
}

TEST_F(ServerHooksTest, RuntimeNotFoundStaysNotFound) {
  runtime_.FailNext("Exec", Status::NotFound("rpc error: code = NotFound desc = no such container"));
  auto exec = hooks_.resolve_stream(Stream(server::StreamRequest::Kind::kExec));
  EXPECT_TRUE(exec.status().IsNotFound());
}

}  // namespace
}  // namespace kubepp::kubelet
