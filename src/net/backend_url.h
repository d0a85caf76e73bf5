// BackendUrl: where a proxied request goes — http or https, host, port, and
// the request target (path and query) — as the apiserver builds it for a
// kubelet ("https://10.0.0.5:10250/containerLogs/ns/pod/c?follow=true") and
// as a container runtime hands one out for a streaming session
// ("http://127.0.0.1:38417/exec/Xj4f2").
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::net {

struct BackendUrl {
  bool tls = false;          // https
  std::string host;          // a name or an IP address (IPv6 without brackets)
  uint16_t port = 0;
  std::string target = "/";  // path and query, as sent on the request line

  // "host:port", with IPv6 addresses in brackets (Go's net.JoinHostPort).
  std::string HostPort() const;
  // "https://host:port/target"
  std::string ToString() const;
};

// Parses an absolute http(s) URL; the port defaults to 80 or 443, the target to "/".
StatusOr<BackendUrl> ParseBackendUrl(std::string_view url);

// Go's net.JoinHostPort: brackets around hosts containing ':'.
std::string JoinHostPort(std::string_view host, uint16_t port);

}  // namespace kubepp::net
