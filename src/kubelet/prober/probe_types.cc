#include "kubelet/prober/probe_types.h"

namespace kubepp::kubelet::prober {

std::string_view ProbeTypeName(ProbeType type) {
  switch (type) {
    case ProbeType::kLiveness: return "Liveness";
    case ProbeType::kReadiness: return "Readiness";
    case ProbeType::kStartup: return "Startup";
  }
  return "UNKNOWN";
}

std::string_view ProbeResultName(ProbeResult result) {
  switch (result) {
    case ProbeResult::kSuccess: return "Success";
    case ProbeResult::kFailure: return "Failure";
    case ProbeResult::kUnknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

}  // namespace kubepp::kubelet::prober
