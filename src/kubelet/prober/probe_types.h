// The vocabulary of container probing, as upstream's prober uses it:
//   - ProbeType: which probe of a container (liveness, readiness, startup);
//   - ProbeResult: what a worker has concluded about a container and the
//     kubelet acts on (results_manager.h); Unknown is only a startup
//     probe's value before its first verdict;
//   - ProbeOutcome: what one check returned (pkg/probe's Result plus its
//     output and error): Warning counts as a success that is reported
//     ("ProbeWarning" event), Unknown with an error is retried.
//
// Thread safety: plain values.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::kubelet::prober {

enum class ProbeType { kLiveness, kReadiness, kStartup };
// "Liveness", "Readiness", "Startup": how events name them.
std::string_view ProbeTypeName(ProbeType type);

enum class ProbeResult { kUnknown = -1, kSuccess = 0, kFailure = 1 };
// "Success", "Failure", "UNKNOWN".
std::string_view ProbeResultName(ProbeResult result);

struct ProbeOutcome {
  enum class Kind { kSuccess, kWarning, kFailure, kUnknown };
  Kind kind = Kind::kUnknown;
  std::string output;  // body, command output, or why it failed
  Status error;        // set for a check that could not run (Unknown)

  static ProbeOutcome Success(std::string output = {}) { return {Kind::kSuccess, std::move(output), {}}; }
  static ProbeOutcome Warning(std::string output) { return {Kind::kWarning, std::move(output), {}}; }
  static ProbeOutcome Failure(std::string output) { return {Kind::kFailure, std::move(output), {}}; }
  static ProbeOutcome Error(Status error) { return {Kind::kUnknown, {}, std::move(error)}; }
};

}  // namespace kubepp::kubelet::prober
