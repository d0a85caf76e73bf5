#include "kubelet/prober/probe_spec.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "kubelet/prober/command_expansion.h"
#include "kubelet/prober/container_port.h"
#include "kubelet/prober/pod_runtime_status.h"
#include "kubelet/prober/results_manager.h"

namespace kubepp::kubelet::prober {
namespace {
namespace json = boost::json;

TEST(ProbeSpec, ReadsEachHandlerWithDefaults) {
  json::object container = json::parse(R"({
    "name": "app",
    "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTPS",
                                  "httpHeaders": [{"name": "X-A", "value": "1"}]},
                      "initialDelaySeconds": 5, "periodSeconds": 7, "failureThreshold": 2},
    "readinessProbe": {"tcpSocket": {"port": 8080, "host": "10.0.0.9"}},
    "startupProbe": {"grpc": {"port": 9000, "service": "s"}, "timeoutSeconds": 3, "successThreshold": 1}
  })").as_object();
  auto live = ParseProbe(container, ProbeType::kLiveness);
  ASSERT_TRUE(live);
  EXPECT_EQ(live->handler, ProbeSpec::Handler::kHttpGet);
  EXPECT_EQ(live->http_path, "/healthz");
  EXPECT_EQ(live->http_scheme, "HTTPS");
  EXPECT_TRUE(live->http_port.is_name);
  EXPECT_EQ(live->http_port.name, "http");
  EXPECT_EQ(live->http_headers.at(0), (std::pair<std::string, std::string>{"X-A", "1"}));
  EXPECT_EQ(live->initial_delay_seconds, 5);
  EXPECT_EQ(live->period_seconds, 7);
  EXPECT_EQ(live->failure_threshold, 2);
  EXPECT_EQ(live->timeout_seconds, 1);
  EXPECT_EQ(live->success_threshold, 1);

  auto ready = ParseProbe(container, ProbeType::kReadiness);
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->handler, ProbeSpec::Handler::kTcpSocket);
  EXPECT_EQ(ready->tcp_port.number, 8080);
  EXPECT_EQ(ready->tcp_host, "10.0.0.9");
  EXPECT_EQ(ready->period_seconds, 10);
  EXPECT_EQ(ready->failure_threshold, 3);

  auto startup = ParseProbe(container, ProbeType::kStartup);
  ASSERT_TRUE(startup);
  EXPECT_EQ(startup->handler, ProbeSpec::Handler::kGrpc);
  EXPECT_EQ(startup->grpc_port, 9000);
  EXPECT_EQ(startup->grpc_service, "s");
  EXPECT_EQ(startup->timeout_seconds, 3);

  EXPECT_FALSE(ParseProbe(json::object{{"name", "x"}}, ProbeType::kLiveness));
  auto exec = ParseProbe(json::parse(R"({"readinessProbe":{"exec":{"command":["cat","/ok"]}}})").as_object(),
                         ProbeType::kReadiness);
  EXPECT_EQ(exec->command, (std::vector<std::string>{"cat", "/ok"}));
}

TEST(ContainerPort, ByNumberNameOrNumericName) {
  json::object container = json::parse(R"({"ports":[{"name":"web","containerPort":8080}]})").as_object();
  EXPECT_EQ(*ResolveContainerPort(PortRef{false, 81, ""}, container), 81);
  EXPECT_EQ(*ResolveContainerPort(PortRef{true, 0, "web"}, container), 8080);
  EXPECT_EQ(*ResolveContainerPort(PortRef{true, 0, "8443"}, container), 8443);
  EXPECT_EQ(ResolveContainerPort(PortRef{true, 0, "nope"}, container).status().message(),
            "strconv.Atoi: parsing \"nope\": invalid syntax");
  EXPECT_EQ(ResolveContainerPort(PortRef{false, 0, ""}, container).status().message(), "invalid port number: 0");
  EXPECT_EQ(ResolveContainerPort(PortRef{false, 70000, ""}, container).status().message(),
            "invalid port number: 70000");
}

TEST(CommandExpansion, StaticEnvOnly) {
  json::object container = json::parse(R"({"env":[{"name":"FILE","value":"/tmp/ok"},
                                                  {"name":"SECRET","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}}]})")
                               .as_object();
  EXPECT_EQ(ExpandCommandStatic({"cat", "$(FILE)", "$(SECRET)x", "$(NOPE)", "$$(FILE)", "$(open", "a$b", "end$"},
                                container),
            (std::vector<std::string>{"cat", "/tmp/ok", "x", "$(NOPE)", "$(FILE)", "$(open", "a$b", "end$"}));
}

TEST(PodRuntimeStatus, FromPodStatusJson) {
  json::object status = json::parse(R"({
    "phase": "Running", "podIP": "10.244.0.7",
    "containerStatuses": [
      {"name": "app", "containerID": "containerd://a1", "state": {"running": {"startedAt": "2026-01-01T00:00:05Z"}}},
      {"name": "side", "containerID": "containerd://b2", "state": {"terminated": {"exitCode": 1}}},
      {"name": "new", "state": {"waiting": {"reason": "ContainerCreating"}}}],
    "initContainerStatuses": [{"name": "init", "containerID": "containerd://c3", "state": {"terminated": {"exitCode": 0}}}]
  })").as_object();
  PodRuntimeStatus s = PodRuntimeStatusFromJson(status);
  EXPECT_EQ(s.phase, "Running");
  EXPECT_EQ(s.pod_ip, "10.244.0.7");
  ASSERT_EQ(s.containers.size(), 3u);
  EXPECT_EQ(s.containers[0].state, ContainerRuntimeStatus::State::kRunning);
  EXPECT_EQ(s.containers[0].started_at, Clock::TimePoint(std::chrono::seconds(1767225605)));
  EXPECT_EQ(s.containers[1].state, ContainerRuntimeStatus::State::kTerminated);
  EXPECT_EQ(s.containers[2].state, ContainerRuntimeStatus::State::kWaiting);
  EXPECT_TRUE(s.containers[2].container_id.empty());
  ASSERT_EQ(s.init_containers.size(), 1u);
  EXPECT_EQ(s.init_containers[0].container_id, "containerd://c3");
}

TEST(ResultsManager, NotifiesOnChangesOnly) {
  ResultsManager results;
  std::vector<ProbeResultUpdate> updates;
  results.AddListener([&](const ProbeResultUpdate& u) {
    // The new value is visible to the listener already.
    EXPECT_EQ(results.Get(u.container_id), u.result);
    updates.push_back(u);
  });
  EXPECT_FALSE(results.Get("c1"));
  results.Set("c1", ProbeResult::kSuccess, "uid-1");
  results.Set("c1", ProbeResult::kSuccess, "uid-1");
  results.Set("c1", ProbeResult::kFailure, "uid-1");
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[1].result, ProbeResult::kFailure);
  EXPECT_EQ(updates[1].pod_uid, "uid-1");
  results.Remove("c1");
  EXPECT_FALSE(results.Get("c1"));
  results.Set("c1", ProbeResult::kFailure, "uid-1");  // new after removal: notified again
  EXPECT_EQ(updates.size(), 3u);
}

}  // namespace
}  // namespace kubepp::kubelet::prober
