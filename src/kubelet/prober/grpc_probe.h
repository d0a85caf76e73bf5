// The grpc probe: grpc.health.v1.Health/Check with the probe's `service`
// on host:port over plaintext HTTP/2, as upstream's pkg/probe/grpc —
// success when the answer is SERVING ("service healthy"), failure otherwise,
// with upstream's messages:
//   "timeout: failed to connect service \"<addr>\" within <timeout>: ...",
//   "service unhealthy (responded with \"NOT_SERVING\")",
//   "error: this server does not implement the grpc health protocol
//    (grpc.health.v1.Health): <message>",
//   "timeout: health rpc did not complete within <timeout>",
//   "error: health rpc probe failed: rpc error: code = <Code> desc = <message>".
// The call goes through kubepp's own gRPC client (net/grpc); the messages come from
// kubepp_healthpb.
//
// Thread safety: a function; blocks for at most about `timeout`.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "kubelet/prober/probe_types.h"

namespace kubepp::kubelet::prober {

ProbeOutcome GrpcProbe(std::string_view host, std::string_view service, int port, std::chrono::seconds timeout);

// Go's time.Duration text for whole seconds: "1s", "1m0s", "1h0m0s".
std::string GoSeconds(int64_t seconds);

}  // namespace kubepp::kubelet::prober
