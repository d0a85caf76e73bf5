// The tcpSocket probe: success when a TCP connection to host:port opens
// within the timeout (it is closed at once), failure with the dialer's
// message otherwise — upstream's pkg/probe/tcp.
//
// Thread safety: a function; blocks for at most `timeout`.
#pragma once

#include <chrono>
#include <string_view>

#include "kubelet/prober/probe_types.h"

namespace kubepp::kubelet::prober {

ProbeOutcome TcpProbe(std::string_view host, int port, std::chrono::milliseconds timeout);

}  // namespace kubepp::kubelet::prober
