// HookRunner over the in-memory runtime and real local HTTP servers: each
// handler kind, what counts as failure, and the texts of the events.
#include "kubelet/lifecycle/hook_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <mutex>
#include <thread>

#include "base/version.h"
#include "fakes/fake_event_recorder.h"
#include "fakes/fake_runtime.h"
#include "unit/kubelet/prober/local_servers.h"

namespace kubepp::kubelet {
namespace {

namespace json = boost::json;
namespace v1 = ::runtime::v1;
using prober::testing::ClosedPort;
using prober::testing::HttpTestServer;
using prober::testing::LocalServer;

constexpr auto kBudget = std::chrono::seconds(5);

class HookRunnerTest : public ::testing::Test {
 protected:
  HookRunnerTest() : runtime_(clock_), hooks_(runtime_, recorder_, clock_) {
    runtime_.AddImage("busybox:1.35");
    pod_ = json::parse(R"({"metadata":{"name":"web","namespace":"default","uid":"uid-1"}})")
               .as_object();
    container_ =
        json::parse(R"({"name":"main","ports":[{"name":"hooks","containerPort":0}]})").as_object();
    v1::RunPodSandboxRequest run;
    run.mutable_config()->mutable_metadata()->set_name("web");
    auto sandbox = runtime_.RunPodSandbox(run);
    EXPECT_TRUE(sandbox.ok());
    sandbox_id_ = sandbox->pod_sandbox_id();
    v1::CreateContainerRequest create;
    create.set_pod_sandbox_id(sandbox_id_);
    create.mutable_config()->mutable_metadata()->set_name("main");
    create.mutable_config()->mutable_image()->set_image("busybox:1.35");
    auto created = runtime_.CreateContainer(create);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    container_id_ = created->container_id();
    v1::StartContainerRequest start;
    start.set_container_id(container_id_);
    EXPECT_TRUE(runtime_.StartContainer(start).ok());
  }

  std::string Run(std::string_view handler, std::string pod_ip = "127.0.0.1",
                  Clock::Duration budget = kBudget) {
    HookRunner::Target target{pod_, container_, container_id_, sandbox_id_, std::move(pod_ip)};
    return hooks_.Run(json::parse(handler).as_object(), target, budget);
  }

  void SetHookPort(int port) {
    container_["ports"].as_array()[0].as_object()["containerPort"] = port;
  }

  FakeClock clock_;
  fakes::FakeRuntime runtime_;
  fakes::FakeEventRecorder recorder_;
  HookRunner hooks_;
  json::object pod_, container_;
  std::string sandbox_id_, container_id_;
};

TEST_F(HookRunnerTest, ExecRunsTheCommandInTheContainer) {
  std::vector<std::string> ran;
  std::string in;
  runtime_.SetExecHandler(
      [&](const std::string& id,
          const std::vector<std::string>& cmd) -> StatusOr<v1::ExecSyncResponse> {
        in = id;
        ran = cmd;
        return v1::ExecSyncResponse();
      });
  EXPECT_EQ(Run(R"({"exec":{"command":["touch","/tmp/started"]}})"), "");
  EXPECT_EQ(in, container_id_);
  EXPECT_EQ(ran, (std::vector<std::string>{"touch", "/tmp/started"}));
}

TEST_F(HookRunnerTest, ExecFailureReadsAsUpstreams) {
  runtime_.SetExecHandler(
      [](const std::string&, const std::vector<std::string>&) -> StatusOr<v1::ExecSyncResponse> {
        v1::ExecSyncResponse r;
        r.set_exit_code(3);
        r.set_stdout("out\n");
        r.set_stderr("bad");
        return r;
      });
  EXPECT_EQ(Run(R"({"exec":{"command":["sh","-c","exit 3"]}})"),
            "Exec lifecycle hook ([sh -c exit 3]) for Container \"main\" in Pod "
            "\"web_default(uid-1)\" failed - "
            "error: command 'sh -c exit 3' exited with 3: bad, message: \"out\\nbad\"");
}

TEST_F(HookRunnerTest, ExecInAStoppedContainerFailsWithTheRuntimesError) {
  ASSERT_TRUE(runtime_.ExitContainer(container_id_, 0).ok());
  std::string error = Run(R"({"exec":{"command":["true"]}})");
  EXPECT_EQ(error.rfind("Exec lifecycle hook ([true]) for Container \"main\" in Pod "
                        "\"web_default(uid-1)\" failed - "
                        "error: rpc error: ",
                        0),
            0u)
      << error;
  EXPECT_NE(error.find(", message: \"\""), std::string::npos) << error;
}

TEST_F(HookRunnerTest, HttpGetGoesToThePodIpAndAnyResponseSucceeds) {
  HttpTestServer server([](const std::string&) { return HttpTestServer::Response(500, "broken"); });
  SetHookPort(server.port());
  EXPECT_EQ(Run(R"({"httpGet":{"path":"/started?from=hook","port":"hooks",
                               "httpHeaders":[{"name":"x-token","value":"t1"}]}})"),
            "")
      << "a 500 is still a response: upstream's hook does not judge the status";
  auto requests = server.Requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& head = requests[0];
  EXPECT_EQ(head.rfind("GET /started?from=hook HTTP/1.1\r\n", 0), 0u) << head;
  EXPECT_NE(head.find("Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n"),
            std::string::npos)
      << head;
  std::string agent = "User-Agent: kube-lifecycle/" + std::string(version::kMajor) + "." +
                      std::string(version::kMinor) + "\r\n";
  EXPECT_NE(head.find(agent), std::string::npos) << head;
  EXPECT_NE(head.find("X-Token: t1\r\n"), std::string::npos) << head;
}

TEST_F(HookRunnerTest, HttpGetWithNothingListeningFailsWithGosText) {
  int port = ClosedPort();
  EXPECT_EQ(Run(R"({"httpGet":{"path":"/stop","port":)" + std::to_string(port) + "}}"),
            "HTTP lifecycle hook (/stop) for Container \"main\" in Pod \"web_default(uid-1)\" "
            "failed - error: "
            "Get \"http://127.0.0.1:" +
                std::to_string(port) + "/stop\": dial tcp 127.0.0.1:" + std::to_string(port) +
                ": connect: connection refused");
}

TEST_F(HookRunnerTest, HttpGetWithAnUnknownPortNameFails) {
  std::string error = Run(R"({"httpGet":{"path":"/x","port":"nope"}})");
  EXPECT_EQ(
      error.rfind(
          "HTTP lifecycle hook (/x) for Container \"main\" in Pod \"web_default(uid-1)\" failed - "
          "error: ",
          0),
      0u)
      << error;
}

TEST_F(HookRunnerTest, HttpGetWithoutAPodIpAsksTheSandbox) {
  // A preStop hook has no IP at hand: the sandbox's is the host.
  HttpTestServer server([](const std::string&) { return HttpTestServer::Response(200, ""); });
  SetHookPort(server.port());
  runtime_.SetSandboxIp(sandbox_id_, "127.0.0.1");
  EXPECT_EQ(Run(R"({"httpGet":{"path":"/stop","port":"hooks"}})", ""), "");
  EXPECT_EQ(server.Requests().size(), 1u);
  runtime_.SetSandboxIp(sandbox_id_, "");
  EXPECT_EQ(Run(R"({"httpGet":{"path":"/stop","port":"hooks"}})", ""),
            "HTTP lifecycle hook (/stop) for Container \"main\" in Pod \"web_default(uid-1)\" "
            "failed - error: "
            "failed to find networking container: the pod's sandbox has no IP");
}

TEST_F(HookRunnerTest, HttpsHookAnsweredInPlainHttpIsRetriedOverHttp) {
  std::atomic<int> tls_attempts{0};
  std::vector<std::string> plain_heads;
  std::mutex mu;
  LocalServer server(prober::testing::PlainHttpMeetingTls(
      [&](const std::string& head) {
        std::lock_guard lock(mu);
        plain_heads.push_back(head);
        return HttpTestServer::Response(200, "ok");
      },
      &tls_attempts));
  SetHookPort(server.port());
  EXPECT_EQ(Run(R"({"httpGet":{"scheme":"HTTPS","path":"/hook","port":"hooks",
                               "httpHeaders":[{"name":"Authorization","value":"Bearer secret"}]}})"),
            "");
  EXPECT_EQ(tls_attempts.load(), 1);
  std::lock_guard lock(mu);
  ASSERT_EQ(plain_heads.size(), 1u);
  EXPECT_EQ(plain_heads[0].find("Authorization"), std::string::npos)
      << "the fallback drops credentials";
  auto events = recorder_.Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].reason, "LifecycleHTTPFallback");
  EXPECT_EQ(events[0].type, "Warning");
  EXPECT_EQ(events[0].message,
            "request to HTTPS lifecycle hook 127.0.0.1:" + std::to_string(server.port()) +
                " got HTTP response, retry with HTTP succeeded");
}

TEST_F(HookRunnerTest, SleepWaitsItsSecondsButNotPastTheBudget) {
  std::atomic<bool> done{false};
  std::string error = "unset";
  std::thread hook([&] {
    error = Run(R"({"sleep":{"seconds":30}})", "127.0.0.1", std::chrono::seconds(10));
    done = true;
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (clock_.Waiters() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::yield();
  ASSERT_EQ(clock_.Waiters(), 1);
  EXPECT_FALSE(done.load());
  clock_.Advance(std::chrono::seconds(10));
  hook.join();
  EXPECT_EQ(error, "");
}

TEST_F(HookRunnerTest, AHandlerThatCannotRunFails) {
  // tcpSocket is accepted by the API for old manifests but never ran as a hook.
  std::string error = Run(R"({"tcpSocket":{"port":80}})");
  EXPECT_EQ(error.rfind("Cannot run handler: invalid handler: ", 0), 0u) << error;
}

}  // namespace
}  // namespace kubepp::kubelet
