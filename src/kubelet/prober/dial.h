// DialTcp: a blocking TCP connect with a deadline, for probes, that fails
// with the text Go's dialer gives ("dial tcp 10.0.0.5:8080: connect:
// connection refused", "dial tcp 10.0.0.5:8080: i/o timeout") so probe
// events read as upstream's. Like upstream's probe dialer it sets SO_LINGER
// to 1 s, so the many short probe connections do not pile up in TIME_WAIT.
//
// Thread safety: a function; the returned socket belongs to the caller.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::kubelet::prober {

// "host:port", "[v6]:port" as Go's net.JoinHostPort writes it.
std::string JoinHostPort(std::string_view host, int port);

// A connected socket (close it), or Unavailable with Go's message. A host
// name is resolved first ("dial tcp: lookup <host>: no such host").
StatusOr<int> DialTcp(std::string_view host, int port, std::chrono::steady_clock::time_point deadline);

}  // namespace kubepp::kubelet::prober
