// Where a gRPC channel connects: a function that opens a connected stream socket before a
// deadline, and the :authority requests name. Targets are written as gRPC writes them:
//   "unix:///run/containerd/containerd.sock", "unix:/path", "/path"  a unix socket
//   "10.0.0.5:8080", "[fd00::5]:8080", "node-1:8080"                 TCP
//
// Thread safety: a Dialer may be called from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::net::grpc {

// A connected socket (the caller owns it), or Unavailable / Timeout with the reason, worded as
// Go's dialer words it ("dial unix /x.sock: connect: no such file or directory").
using Dialer = std::function<StatusOr<int>(std::chrono::steady_clock::time_point deadline)>;

struct Target {
  Dialer dial;
  std::string authority;  // "localhost" for unix sockets (as grpc-go sends), else host:port
};

// BadRequest for a target that is neither.
StatusOr<Target> ParseTarget(std::string_view target);

StatusOr<int> DialUnix(const std::string& path, std::chrono::steady_clock::time_point deadline);
StatusOr<int> DialTcp(const std::string& host, int port,
                      std::chrono::steady_clock::time_point deadline);

}  // namespace kubepp::net::grpc
