#include "kubelet/prober/grpc_probe.h"

#include <grpcpp/grpcpp.h>

#include <array>

#include "base/version.h"
#include "health/v1/health.grpc.pb.h"
#include "kubelet/prober/dial.h"

namespace kubepp::kubelet::prober {
namespace {

// grpc-go's codes.Code names, which upstream's messages print.
std::string_view CodeName(grpc::StatusCode code) {
  static constexpr std::array<std::string_view, 17> kNames = {
      "OK",        "Canceled",          "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound",
      "AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted",
      "OutOfRange", "Unimplemented",     "Internal", "Unavailable",    "DataLoss",         "Unauthenticated"};
  auto i = static_cast<size_t>(code);
  return i < kNames.size() ? kNames[i] : "Unknown";
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

ProbeOutcome GrpcProbe(std::string_view host, std::string_view service, int port, std::chrono::seconds timeout) {
  std::string addr = JoinHostPort(host, port);
  std::string within = GoSeconds(timeout.count());
  grpc::ChannelArguments args;
  args.SetUserAgentPrefix("kube-probe/" + std::string(version::kMajor) + "." + std::string(version::kMinor));
  // A channel of its own per probe, straight to the pod (no proxy), as a
  // fresh grpc-go dial is.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt(GRPC_ARG_ENABLE_HTTP_PROXY, 0);
  auto channel = grpc::CreateCustomChannel(addr, grpc::InsecureChannelCredentials(), args);
  auto deadline = std::chrono::system_clock::now() + timeout;
  if (!channel->WaitForConnected(deadline)) {
    return ProbeOutcome::Failure("timeout: failed to connect service \"" + addr + "\" within " + within +
                                 ": context deadline exceeded");
  }
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(deadline);
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(std::string(service));
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) {
    switch (status.error_code()) {
      case grpc::StatusCode::UNIMPLEMENTED:
        return ProbeOutcome::Failure(
            "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): " +
            status.error_message());
      case grpc::StatusCode::DEADLINE_EXCEEDED:
        return ProbeOutcome::Failure("timeout: health rpc did not complete within " + within);
      default:
        return ProbeOutcome::Failure("error: health rpc probe failed: rpc error: code = " +
                                     std::string(CodeName(status.error_code())) +
                                     " desc = " + status.error_message());
    }
  }
  if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
    return ProbeOutcome::Failure("service unhealthy (responded with \"" +
                                 grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status()) + "\")");
  }
  return ProbeOutcome::Success("service healthy");
}

}  // namespace kubepp::kubelet::prober
