#include "kubelet/prober/grpc_probe.h"

#include <unistd.h>

#include <algorithm>
#include <memory>
#include <thread>
#include <utility>

#include "base/version.h"
#include "health/v1/health.pb.h"
#include "kubelet/prober/dial.h"
#include "net/grpc/unary_channel.h"

namespace kubepp::kubelet::prober {
namespace {

using Clock = std::chrono::steady_clock;
using net::grpc::StatusCode;

// grpc-go's codes.Code names, which upstream's messages print.
std::string_view GoCodeName(StatusCode code) {
  std::string_view name = net::grpc::CodeName(code);
  return name.empty() ? "Unknown" : name;
}

// Upstream dials with grpc.WithBlock: connection attempts repeat (refused, unreachable) until
// the probe's deadline. Backs off from 20 ms to 1 s between attempts.
StatusOr<int> DialUntil(std::string_view host, int port, Clock::time_point deadline) {
  auto backoff = std::chrono::milliseconds(20);
  while (true) {
    StatusOr<int> fd = DialTcp(host, port, deadline);
    if (fd.ok() || Clock::now() >= deadline) return fd;
    std::this_thread::sleep_until(std::min(deadline, Clock::now() + backoff));
    if (Clock::now() >= deadline) return fd;
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, std::chrono::seconds(1));
  }
}

// A target whose one connection is the socket the probe already dialed (so the dial's
// failures stay distinguishable from the rpc's). A second dial fails: the probe makes one call.
struct DialedSocket {
  explicit DialedSocket(int socket) : fd(socket) {}
  ~DialedSocket() {
    if (fd >= 0) ::close(fd);  // never handed to a connection
  }
  int fd;
};

net::grpc::Target DialedTarget(int fd, std::string authority) {
  auto socket = std::make_shared<DialedSocket>(fd);
  return net::grpc::Target{[socket](Clock::time_point) -> StatusOr<int> {
                             int taken = std::exchange(socket->fd, -1);
                             if (taken < 0)
                               return Status::Unavailable("the probe's connection is closed");
                             return taken;
                           },
                           std::move(authority)};
}

}  // namespace

std::string GoSeconds(int64_t seconds) {
  if (seconds == 0) return "0s";
  std::string out;
  if (seconds >= 3600) {
    out += std::to_string(seconds / 3600) + "h";
    seconds %= 3600;
    out += std::to_string(seconds / 60) + "m";
    seconds %= 60;
  } else if (seconds >= 60) {
    out += std::to_string(seconds / 60) + "m";
    seconds %= 60;
  }
  return out + std::to_string(seconds) + "s";
}

ProbeOutcome GrpcProbe(std::string_view host, std::string_view service, int port,
                       std::chrono::seconds timeout) {
  std::string addr = JoinHostPort(host, port);
  std::string within = GoSeconds(timeout.count());
  auto deadline = Clock::now() + timeout;
  // A connection of its own per probe, straight to the pod (no proxy), as a fresh grpc-go
  // dial is.
  StatusOr<int> fd = DialUntil(host, port, deadline);
  if (!fd.ok()) {
    return ProbeOutcome::Failure("timeout: failed to connect service \"" + addr + "\" within " +
                                 within + ": context deadline exceeded");
  }
  net::grpc::ChannelOptions options;
  options.user_agent =
      "kube-probe/" + std::string(version::kMajor) + "." + std::string(version::kMinor);
  net::grpc::UnaryChannel channel(DialedTarget(*fd, addr), std::move(options));

  grpc::health::v1::HealthCheckRequest request;
  request.set_service(std::string(service));
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
  net::grpc::CallResult result =
      left.count() > 0
          ? channel.Call("/grpc.health.v1.Health/Check", request.SerializeAsString(), left)
          : net::grpc::CallResult::Error(StatusCode::kDeadlineExceeded,
                                         "context deadline exceeded");
  if (!result.ok()) {
    switch (result.code) {
      case StatusCode::kUnimplemented:
        return ProbeOutcome::Failure(
            "error: this server does not implement the grpc health protocol "
            "(grpc.health.v1.Health): " +
            result.message);
      case StatusCode::kDeadlineExceeded:
        return ProbeOutcome::Failure("timeout: health rpc did not complete within " + within);
      default:
        return ProbeOutcome::Failure("error: health rpc probe failed: rpc error: code = " +
                                     std::string(GoCodeName(result.code)) +
                                     " desc = " + result.message);
    }
  }
  grpc::health::v1::HealthCheckResponse response;
  if (!response.ParseFromString(result.response)) {
    return ProbeOutcome::Failure(
        "error: health rpc probe failed: rpc error: code = Internal desc = grpc: failed to "
        "unmarshal the received message");
  }
  if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
    return ProbeOutcome::Failure(
        "service unhealthy (responded with \"" +
        grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status()) + "\")");
  }
  return ProbeOutcome::Success("service healthy");
}

}  // namespace kubepp::kubelet::prober
