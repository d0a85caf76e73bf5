#include "kubelet/prober/exec_probe.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet::prober {
namespace {

struct Call {
  std::string container_id;
  std::vector<std::string> command;
  Clock::Duration timeout;
};

TEST(ExecProbe, ExitCodeDecides) {
  std::vector<Call> calls;
  int code = 0;
  ExecRunner runner = [&](std::string_view id, const std::vector<std::string>& cmd, Clock::Duration timeout) {
    calls.push_back({std::string(id), cmd, timeout});
    return StatusOr<ExecOutput>(ExecOutput{code, "out\nerr\n"});
  };
  ProbeOutcome ok = ExecProbe(runner, "containerd://abc", {"cat", "/tmp/healthy"}, std::chrono::seconds(3));
  EXPECT_EQ(ok.kind, ProbeOutcome::Kind::kSuccess);
  EXPECT_EQ(ok.output, "out\nerr\n");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].container_id, "containerd://abc");
  EXPECT_EQ(calls[0].command, (std::vector<std::string>{"cat", "/tmp/healthy"}));
  EXPECT_EQ(calls[0].timeout, std::chrono::seconds(3));
  code = 1;
  ProbeOutcome failed = ExecProbe(runner, "containerd://abc", {"false"}, std::chrono::seconds(1));
  EXPECT_EQ(failed.kind, ProbeOutcome::Kind::kFailure);
  EXPECT_EQ(failed.output, "out\nerr\n");
}

TEST(ExecProbe, TimeoutFailsWithUpstreamsMessage) {
  ExecRunner runner = [](std::string_view, const std::vector<std::string>&, Clock::Duration) {
    return StatusOr<ExecOutput>(Status::Timeout("deadline exceeded"));
  };
  ProbeOutcome out = ExecProbe(runner, "c", {"sh", "-c", "sleep 10; echo \"x\""}, std::chrono::seconds(1));
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kFailure);
  EXPECT_EQ(out.output, "command \"sh -c sleep 10; echo \\\"x\\\"\" timed out");
}

TEST(ExecProbe, RunnerErrorsAreErrors) {
  ExecRunner runner = [](std::string_view, const std::vector<std::string>&, Clock::Duration) {
    return StatusOr<ExecOutput>(Status::NotFound("container not found"));
  };
  ProbeOutcome out = ExecProbe(runner, "c", {"true"}, std::chrono::seconds(1));
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kUnknown);
  EXPECT_EQ(out.error.message(), "container not found");
}

TEST(ExecProbe, OutputIsCappedAtTenKiB) {
  ExecRunner runner = [](std::string_view, const std::vector<std::string>&, Clock::Duration) {
    return StatusOr<ExecOutput>(ExecOutput{1, std::string(50000, 'y')});
  };
  EXPECT_EQ(ExecProbe(runner, "c", {"x"}, std::chrono::seconds(1)).output.size(), kMaxProbeOutputBytes);
}

}  // namespace
}  // namespace kubepp::kubelet::prober
