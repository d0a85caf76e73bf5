#include "kubelet/prober/prober.h"

#include "base/log.h"
#include "client/object.h"
#include "kubelet/json_access.h"
#include "kubelet/prober/command_expansion.h"
#include "kubelet/prober/container_port.h"
#include "kubelet/prober/grpc_probe.h"
#include "kubelet/prober/http_probe.h"
#include "kubelet/prober/tcp_probe.h"

namespace kubepp::kubelet::prober {
namespace json = boost::json;
namespace {

constexpr int kMaxProbeRetries = 3;

}  // namespace

ProbeChecks ProbeChecks::Real(ExecRunner exec) {
  ProbeChecks checks;
  checks.http = [](const ProbeSpec& spec, const json::object& container, std::string_view pod_ip) {
    auto request = NewHttpProbeRequest(spec, container, pod_ip);
    if (!request.ok()) return ProbeOutcome::Error(request.status());
    return DoHttpProbe(*request, std::chrono::seconds(spec.timeout_seconds));
  };
  checks.tcp = [](std::string_view host, int port, std::chrono::seconds timeout) {
    return TcpProbe(host, port, timeout);
  };
  checks.grpc = [](std::string_view host, std::string_view service, int port, std::chrono::seconds timeout) {
    return GrpcProbe(host, service, port, timeout);
  };
  checks.exec = std::move(exec);
  return checks;
}

Prober::Prober(ProbeChecks checks, client::EventRecorder* recorder)
    : checks_(std::move(checks)), recorder_(recorder) {}

Prober::Verdict Prober::Probe(ProbeType type, const ProbeSpec& spec, const json::object& pod,
                              const PodRuntimeStatus& status, const json::object& container,
                              std::string_view container_id) const {
  ProbeOutcome outcome = RunWithRetries(spec, status, container, container_id);
  std::string type_name(ProbeTypeName(type));
  std::string who = client::KeyOf(pod) + ":" + std::string(StringIn(&container, "name"));
  auto event = [&](std::string_view reason, const std::string& message) {
    if (recorder_) recorder_->Event(pod, "Warning", reason, message);
  };
  if (!outcome.error.ok()) {
    VLOG(1) << type_name << " probe errored for " << who << ": " << outcome.error.message();
    event("Unhealthy", type_name + " probe errored and resulted in " + std::string(ProbeResultName(ProbeResult::kFailure)) +
                           " state: " + outcome.error.message());
    return {ProbeResult::kFailure, outcome.error};
  }
  switch (outcome.kind) {
    case ProbeOutcome::Kind::kSuccess:
      VLOG(3) << type_name << " probe succeeded for " << who;
      return {ProbeResult::kSuccess, {}};
    case ProbeOutcome::Kind::kWarning:
      event("ProbeWarning", type_name + " probe warning: " + outcome.output);
      return {ProbeResult::kSuccess, {}};
    case ProbeOutcome::Kind::kFailure:
      VLOG(1) << type_name << " probe failed for " << who << ": " << outcome.output;
      event("Unhealthy", type_name + " probe failed: " + outcome.output);
      return {ProbeResult::kFailure, {}};
    case ProbeOutcome::Kind::kUnknown:
      VLOG(1) << type_name << " probe unknown without error for " << who;
      return {ProbeResult::kFailure, {}};
  }
  return {ProbeResult::kFailure, {}};
}

ProbeOutcome Prober::RunWithRetries(const ProbeSpec& spec, const PodRuntimeStatus& status,
                                    const json::object& container, std::string_view container_id) const {
  ProbeOutcome outcome;
  for (int i = 0; i < kMaxProbeRetries; ++i) {
    outcome = Run(spec, status, container, container_id);
    if (outcome.error.ok()) return outcome;
  }
  return outcome;
}

ProbeOutcome Prober::Run(const ProbeSpec& spec, const PodRuntimeStatus& status, const json::object& container,
                         std::string_view container_id) const {
  auto timeout = std::chrono::seconds(spec.timeout_seconds);
  switch (spec.handler) {
    case ProbeSpec::Handler::kExec:
      return ExecProbe(checks_.exec, container_id, ExpandCommandStatic(spec.command, container), timeout);
    case ProbeSpec::Handler::kHttpGet:
      return checks_.http(spec, container, status.pod_ip);
    case ProbeSpec::Handler::kTcpSocket: {
      auto port = ResolveContainerPort(spec.tcp_port, container);
      if (!port.ok()) return ProbeOutcome::Error(port.status());
      return checks_.tcp(spec.tcp_host.empty() ? status.pod_ip : spec.tcp_host, *port, timeout);
    }
    case ProbeSpec::Handler::kGrpc:
      return checks_.grpc(status.pod_ip, spec.grpc_service.value_or(""), spec.grpc_port, timeout);
    case ProbeSpec::Handler::kNone:
      break;
  }
  return ProbeOutcome::Error(
      Status::Invalid("missing probe handler for container " + std::string(StringIn(&container, "name"))));
}

}  // namespace kubepp::kubelet::prober
