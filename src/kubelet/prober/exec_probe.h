// The exec probe: runs the command in the container through an ExecRunner
// (the kubelet's is CRI ExecSync) — exit code 0 is success, any other is
// failure with the command's output (stdout then stderr, at most 10 KiB) as
// the message, as upstream's pkg/probe/exec. A command still running at the
// timeout is a failure "command \"<cmd>\" timed out"; a runner that could not
// run it at all (container gone, runtime down) gives an error, which the
// prober retries and reports as "probe errored".
//
// Thread safety: ExecProbe may be called from any thread; the runner must be
// safe to call concurrently.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "kubelet/prober/probe_types.h"

namespace kubepp::kubelet::prober {

struct ExecOutput {
  int exit_code = 0;
  std::string output;  // stdout followed by stderr
};

// Runs `command` in the container and waits for it, for at most `timeout`.
// Must return Status::Timeout when the command outlived `timeout`; any other
// failure means the command did not run.
using ExecRunner = std::function<StatusOr<ExecOutput>(
    std::string_view container_id, const std::vector<std::string>& command, Clock::Duration timeout)>;

inline constexpr size_t kMaxProbeOutputBytes = 10 * 1024;

ProbeOutcome ExecProbe(const ExecRunner& runner, std::string_view container_id,
                       const std::vector<std::string>& command, std::chrono::seconds timeout);

}  // namespace kubepp::kubelet::prober
