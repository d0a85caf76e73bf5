#include "kubelet/prober/exec_probe.h"

#include "api/validation/field_errors.h"
#include "base/go_quote.h"

namespace kubepp::kubelet::prober {

ProbeOutcome ExecProbe(const ExecRunner& runner, std::string_view container_id,
                       const std::vector<std::string>& command, std::chrono::seconds timeout) {
  if (!runner) return ProbeOutcome::Error(Status::Internal("no exec runner"));
  auto result = runner(container_id, command, timeout);
  if (!result.ok()) {
    if (result.status().reason() == Reason::kTimeout) {
      std::string joined;
      for (const auto& arg : command) joined += (joined.empty() ? "" : " ") + arg;
      return ProbeOutcome::Failure("command " + GoQuote(joined) + " timed out");
    }
    return ProbeOutcome::Error(result.status());
  }
  std::string output = std::move(result->output);
  if (output.size() > kMaxProbeOutputBytes) output.resize(kMaxProbeOutputBytes);
  if (result->exit_code == 0) return ProbeOutcome::Success(std::move(output));
  return ProbeOutcome::Failure(std::move(output));
}

}  // namespace kubepp::kubelet::prober
