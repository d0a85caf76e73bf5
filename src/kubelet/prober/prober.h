// Prober: runs one probe of one container and turns the check's outcome
// into a result, as upstream's prober.probe:
//   - the check by handler: exec (the command with $(VAR) expanded from the
//     container's literal env, through the ExecRunner), httpGet, tcpSocket
//     (host defaults to the pod IP) or grpc (always the pod IP);
//   - a check that errors (e.g. a port name that does not resolve, an exec
//     that could not start) is tried 3 times;
//   - events on the pod (the kubelet's recorder), as upstream words them:
//     Warning "Unhealthy" "<Type> probe failed: <output>",
//     Warning "Unhealthy" "<Type> probe errored and resulted in Failure
//     state: <error>", Warning "ProbeWarning" "<Type> probe warning: <output>".
// Checks run on the caller's thread and block for up to timeoutSeconds.
//
// Thread safety: Probe may be called from many threads at once.
#pragma once

#include <functional>
#include <string_view>

#include <boost/json/object.hpp>

#include "client/event_recorder.h"
#include "kubelet/prober/exec_probe.h"
#include "kubelet/prober/pod_runtime_status.h"
#include "kubelet/prober/probe_spec.h"
#include "kubelet/prober/probe_types.h"

namespace kubepp::kubelet::prober {

// The checks a Prober runs; tests may replace them.
struct ProbeChecks {
  std::function<ProbeOutcome(const ProbeSpec&, const boost::json::object& container, std::string_view pod_ip)> http;
  std::function<ProbeOutcome(std::string_view host, int port, std::chrono::seconds timeout)> tcp;
  std::function<ProbeOutcome(std::string_view host, std::string_view service, int port, std::chrono::seconds)> grpc;
  ExecRunner exec;

  // The real ones (sockets, gRPC) around `exec`.
  static ProbeChecks Real(ExecRunner exec);
};

class Prober {
 public:
  // `recorder` may be null (no events); it must outlive the Prober.
  Prober(ProbeChecks checks, client::EventRecorder* recorder);

  struct Verdict {
    ProbeResult result = ProbeResult::kFailure;
    Status error;  // set when the check itself errored: the result is to be thrown away
  };
  Verdict Probe(ProbeType type, const ProbeSpec& spec, const boost::json::object& pod,
                const PodRuntimeStatus& status, const boost::json::object& container,
                std::string_view container_id) const;

 private:
  ProbeOutcome RunWithRetries(const ProbeSpec& spec, const PodRuntimeStatus& status,
                              const boost::json::object& container, std::string_view container_id) const;
  ProbeOutcome Run(const ProbeSpec& spec, const PodRuntimeStatus& status, const boost::json::object& container,
                   std::string_view container_id) const;

  // Constant after construction.
  const ProbeChecks checks_;
  client::EventRecorder* const recorder_;
};

}  // namespace kubepp::kubelet::prober
