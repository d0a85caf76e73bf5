#include "kubelet/prober/tcp_probe.h"

#include <unistd.h>

#include "kubelet/prober/dial.h"

namespace kubepp::kubelet::prober {

ProbeOutcome TcpProbe(std::string_view host, int port, std::chrono::milliseconds timeout) {
  auto fd = DialTcp(host, port, std::chrono::steady_clock::now() + timeout);
  // Timeouts and refusals are failures, not errors: the container is unhealthy.
  if (!fd.ok()) return ProbeOutcome::Failure(fd.status().message());
  close(*fd);
  return ProbeOutcome::Success();
}

}  // namespace kubepp::kubelet::prober
