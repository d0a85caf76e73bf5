#include "kubelet/prober/prober.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "fakes/recording_event_recorder.h"

namespace kubepp::kubelet::prober {
namespace {
namespace json = boost::json;

class ProberTest : public ::testing::Test {
 protected:
  ProberTest() {
    checks_.http = [this](const ProbeSpec&, const json::object&, std::string_view ip) {
      seen_host_ = std::string(ip);
      ++calls_;
      return next_;
    };
    checks_.tcp = [this](std::string_view host, int port, std::chrono::seconds) {
      seen_host_ = std::string(host);
      seen_port_ = port;
      ++calls_;
      return next_;
    };
    checks_.grpc = [this](std::string_view host, std::string_view service, int port, std::chrono::seconds) {
      seen_host_ = std::string(host) + "/" + std::string(service);
      seen_port_ = port;
      ++calls_;
      return next_;
    };
    checks_.exec = [this](std::string_view, const std::vector<std::string>& cmd, Clock::Duration) {
      seen_command_ = cmd;
      ++calls_;
      if (!next_.error.ok()) return StatusOr<ExecOutput>(next_.error);
      return StatusOr<ExecOutput>(ExecOutput{next_.kind == ProbeOutcome::Kind::kSuccess ? 0 : 1, next_.output});
    };
    status_.pod_ip = "10.244.1.5";
  }

  Prober::Verdict Probe(ProbeType type, const ProbeSpec& spec) {
    Prober prober(checks_, &events_);
    return prober.Probe(type, spec, pod_, status_, container_, "containerd://c");
  }

  ProbeChecks checks_;
  fakes::RecordingEventRecorder events_;
  ProbeOutcome next_ = ProbeOutcome::Success();
  int calls_ = 0;
  std::string seen_host_;
  int seen_port_ = 0;
  std::vector<std::string> seen_command_;
  PodRuntimeStatus status_;
  json::object pod_ = json::parse(R"({"apiVersion":"v1","kind":"Pod",
      "metadata":{"name":"web","namespace":"default","uid":"u1"}})").as_object();
  json::object container_ = json::parse(R"({"name":"app","ports":[{"name":"http","containerPort":8080}],
      "env":[{"name":"F","value":"/ok"}]})").as_object();
};

ProbeSpec Spec(ProbeSpec::Handler handler) {
  ProbeSpec spec;
  spec.handler = handler;
  return spec;
}

TEST_F(ProberTest, FailureIsAnUnhealthyEvent) {
  next_ = ProbeOutcome::Failure("HTTP probe failed with statuscode: 500");
  auto v = Probe(ProbeType::kLiveness, Spec(ProbeSpec::Handler::kHttpGet));
  EXPECT_EQ(v.result, ProbeResult::kFailure);
  EXPECT_TRUE(v.error.ok());
  EXPECT_EQ(seen_host_, "10.244.1.5");
  auto events = events_.Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "Warning");
  EXPECT_EQ(events[0].reason, "Unhealthy");
  EXPECT_EQ(events[0].message, "Liveness probe failed: HTTP probe failed with statuscode: 500");
  EXPECT_EQ(events[0].object_key, "default/web");
}

TEST_F(ProberTest, SuccessRecordsNothingAndWarningIsASuccessWithAnEvent) {
  EXPECT_EQ(Probe(ProbeType::kReadiness, Spec(ProbeSpec::Handler::kHttpGet)).result, ProbeResult::kSuccess);
  EXPECT_TRUE(events_.Events().empty());
  next_ = ProbeOutcome::Warning("Probe terminated redirects, Response body: x");
  EXPECT_EQ(Probe(ProbeType::kReadiness, Spec(ProbeSpec::Handler::kHttpGet)).result, ProbeResult::kSuccess);
  EXPECT_EQ(events_.Messages("ProbeWarning"),
            std::vector<std::string>{"Readiness probe warning: Probe terminated redirects, Response body: x"});
}

TEST_F(ProberTest, ErrorsAreRetriedThreeTimesThenReported) {
  next_ = ProbeOutcome::Error(Status::Unavailable("runtime down"));
  auto v = Probe(ProbeType::kStartup, Spec(ProbeSpec::Handler::kExec));
  EXPECT_FALSE(v.error.ok());
  EXPECT_EQ(calls_, 3);
  EXPECT_EQ(events_.Messages("Unhealthy"),
            std::vector<std::string>{"Startup probe errored and resulted in Failure state: runtime down"});
}

TEST_F(ProberTest, PortNamesAndHosts) {
  ProbeSpec tcp = Spec(ProbeSpec::Handler::kTcpSocket);
  tcp.tcp_port = PortRef{true, 0, "http"};
  Probe(ProbeType::kReadiness, tcp);
  EXPECT_EQ(seen_host_, "10.244.1.5");
  EXPECT_EQ(seen_port_, 8080);
  tcp.tcp_host = "db.local";
  Probe(ProbeType::kReadiness, tcp);
  EXPECT_EQ(seen_host_, "db.local");

  ProbeSpec grpc = Spec(ProbeSpec::Handler::kGrpc);
  grpc.grpc_port = 9000;
  grpc.grpc_service = "svc";
  Probe(ProbeType::kLiveness, grpc);
  EXPECT_EQ(seen_host_, "10.244.1.5/svc");
  EXPECT_EQ(seen_port_, 9000);

  // A port that does not resolve errors without calling the check.
  calls_ = 0;
  tcp.tcp_port = PortRef{true, 0, "nope"};
  auto v = Probe(ProbeType::kReadiness, tcp);
  EXPECT_FALSE(v.error.ok());
  EXPECT_EQ(calls_, 0);
}

TEST_F(ProberTest, ExecCommandIsExpanded) {
  ProbeSpec exec = Spec(ProbeSpec::Handler::kExec);
  exec.command = {"test", "-f", "$(F)"};
  Probe(ProbeType::kLiveness, exec);
  EXPECT_EQ(seen_command_, (std::vector<std::string>{"test", "-f", "/ok"}));
}

}  // namespace
}  // namespace kubepp::kubelet::prober
